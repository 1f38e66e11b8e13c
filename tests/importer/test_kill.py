"""``kill -9`` in the middle of a batch: every form is fully imported or not at all, and
running the batch again ends with the same database as a run that was never interrupted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dbcopy import copy_db
from tests.importer.conftest import dump, good, run_cli, write_csv, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 30


def batch(folder: Path) -> int:
    folder.mkdir()
    forms = [good(form_id=f"K{i:04d}", cpr=f"{i % 28 + 1:02d}{i % 12 + 1:02d}{60 + i % 40}-1234",
                  name=f"Borger {i} Ærø", first_absence_day="2026-10-05" if i % 7 else
                  "2026-10-12") for i in range(200)]
    forms.insert(50, good(form_id="BAD-1", postal_code="12"))
    forms.insert(120, good(form_id="K0003", name="Someone else"))  # a conflict
    same_citizen = forms[5]["cpr"]
    forms.append(good(form_id="ATTACH-1", cpr=same_citizen, phone="12345678"))
    forms.append(good(form_id="FLAG-1", cpr=same_citizen, first_absence_day="2026-11-01"))
    write_jsonl(folder / "a.jsonl", forms[:110])
    write_csv(folder / "b.csv", forms[110:], ";", "cp1252")
    return len(forms)


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def start(folder: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "CASELOAD_IMPORT_CHUNK": str(CHUNK), "CASELOAD_IMPORT_PAUSE": "0.3"}
    return subprocess.Popen(
        [sys.executable, "-m", "caseload", "import", str(folder), "--db", str(db),
         "--today", "2026-11-23"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def kill_after(process: subprocess.Popen, db: Path, forms_at_least: int) -> None:
    """Wait until at least ``forms_at_least`` forms are committed, then SIGKILL the import
    while it sleeps inside its next chunk's transaction (rows of that chunk half written)."""
    deadline = time.monotonic() + 60
    while count(db, "forms") < forms_at_least:
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.12)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def assert_whole(db: Path) -> None:
    """No half-imported form: each stored form has its citizen and case, each case its
    obligations, and no citizen or case exists without a form."""
    conn = sqlite3.connect(db)
    try:
        checks = {
            "citizen without form": "SELECT count(*) FROM citizens z WHERE NOT EXISTS "
                                    "(SELECT 1 FROM forms f WHERE f.citizen_id = z.id)",
            "case without form": "SELECT count(*) FROM cases c WHERE NOT EXISTS "
                                 "(SELECT 1 FROM forms f WHERE f.case_id = c.id)",
            "case without obligations": "SELECT count(*) FROM cases c WHERE NOT EXISTS "
                                        "(SELECT 1 FROM obligations o WHERE o.case_id = c.id)",
            "form without case": "SELECT count(*) FROM forms WHERE case_id IS NULL",
        }
        for what, sql in checks.items():
            assert conn.execute(sql).fetchone()[0] == 0, what
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_twice_mid_batch_then_rerun_equals_an_uninterrupted_run(
        tmp_path: Path, template_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "batch"
    total = batch(folder)
    calm = copy_db(template_db, tmp_path / "calm.db")
    code, _, _ = run_cli(["import", str(folder), "--db", str(calm), "--today", "2026-11-23"],
                         capsys)
    assert code == 1  # one rejected form, one conflict
    expected = dump(calm)
    assert len(expected["forms"]) == total - 2

    killed = copy_db(template_db, tmp_path / "killed.db")
    kill_after(start(folder, killed), killed, 1)
    first = count(killed, "forms")
    assert 0 < first < total - 2
    assert_whole(killed)
    kill_after(start(folder, killed), killed, first + 1)
    second = count(killed, "forms")
    assert first < second < total - 2
    assert_whole(killed)

    code, _, _ = run_cli(["import", str(folder), "--db", str(killed), "--today", "2026-11-23"],
                         capsys)
    assert code == 1
    finished = dump(killed)
    for table, rows in expected.items():
        assert set(finished[table]) ^ set(rows) == set(), table
    assert finished == expected
