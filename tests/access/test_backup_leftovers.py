"""Backups that are refused, killed or left half-written (issue 14): every full copy is in
the audit log before it exists, a refused one leaves no file, and partial files of dead
processes are owner-only and removed by the next run. Through the CLI in subprocesses."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from caseload.services.policy import Actor
from tests.access.conftest import ROOT, Team, audit_rows, run_as

LENA = Actor("lena", 1, "team_lead", scope_id=None)  # the team's lead (workers["lena"])


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def entries(db: Path, action: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT actor, detail FROM audit_log WHERE action = ?",
                            (action,)).fetchall()


def test_a_backup_is_logged_before_it_is_written_and_a_refused_one_leaves_nothing(
        team: Team, tmp_path: Path) -> None:
    team.engine.dispose()
    target = tmp_path / "copies" / "b.db"
    target.parent.mkdir()
    code, _, err = run_as("bo", "backup", target, "--db", team.db)
    assert (code, err) == (1, "caseload: 'caseload backup' is for team leads; ask your team "
                              "lead\n")
    assert list(target.parent.iterdir()) == []  # no copy, no partial file
    assert audit_rows(team.db, actor="bo", action="refused")[-1]["detail"] == "backup"

    code, _, err = run_as("lena", "backup", target, "--db", team.db)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # The entry is inside the copy itself: it was written before the copy was taken.
    assert ("lena", "export", "backup to b.db") in [
        (r[0], "export", r[1]) for r in entries(target, "export")]
    assert ("lena", "backup to b.db") in entries(team.db, "export")
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.db"]


def test_partial_files_of_dead_processes_are_swept_and_live_ones_kept(
        team: Team, tmp_path: Path) -> None:
    team.engine.dispose()
    folder = tmp_path / "copies"
    folder.mkdir()
    dead, live = dead_pid(), os.getpid()
    stale = [folder / f".b.db.{dead}.partial", folder / f".b.db.{dead}.partial-journal",
             folder / f".old.db.{dead}.partial"]
    running = folder / f".b.db.{live}.partial"  # this test is alive: not ours to remove
    other = folder / "notes.partial.txt"
    for path in (*stale, running, other):
        path.write_bytes(b"a whole copy of every citizen")
    code, _, err = run_as("lena", "backup", folder / "b.db", "--db", team.db)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["b.db", running.name, other.name])


def test_a_killed_backup_leaves_an_owner_only_partial_that_the_next_run_removes(
        team: Team, tmp_path: Path) -> None:
    with sqlite3.connect(team.db) as conn:  # a database big enough to catch mid-copy
        conn.executemany("INSERT INTO audit_log (at, actor, action, detail) VALUES "
                         "('2026-01-01 00:00:00', 'load', 'read', ?)",
                         ((str(i) * 200,) for i in range(100_000)))
    team.engine.dispose()
    folder = tmp_path / "copies"
    folder.mkdir()
    seen: list[tuple[str, int]] = []
    for _ in range(5):  # the copy takes a fraction of a second: catch it in the act
        process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from caseload import identity; "
             "identity.current_login = lambda: 'lena'; from caseload.cli import main; "
             "main(sys.argv[1:])", "backup", str(folder / "b.db"), "--force", "--db",
             str(team.db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline and not seen:
            for entry in os.scandir(folder):
                if entry.name.endswith(".partial"):
                    os.kill(process.pid, signal.SIGKILL)
                    seen.append((entry.name, stat.S_IMODE(entry.stat().st_mode)))
                    break
        process.wait()
        if seen:
            break
    assert seen, "the backup was never caught half-way"
    name, mode = seen[0]
    assert mode == 0o600 and name == f".b.db.{process.pid}.partial"
    assert (folder / name).exists()  # killed: it could not clean up
    code, _, err = run_as("lena", "backup", folder / "c.db", "--db", team.db)
    assert code == 0, err
    assert not (folder / name).exists()
    assert not any(p.name.endswith(".partial") for p in folder.iterdir())


def test_an_export_killed_mid_file_leaves_a_tmp_that_the_next_export_removes(
        team: Team, tmp_path: Path) -> None:
    from caseload.services.notes import write_note
    from caseload.store.uow import write_session

    with write_session(team.engine) as session:
        write_note(session, case_id=team.cases["anna-1"], body="Samtale holdt.", author="lena",
                   actor=LENA)
    team.engine.dispose()
    out = tmp_path / "journal"
    out.mkdir(mode=0o700)
    stale = out / f".case-{team.cases['anna-1']:05d}_{date.today():%Y-%m-%d}.txt." \
                  f"{dead_pid()}-0a1b2c3d4e5f.tmp"
    stale.write_text("half a note")
    code, _, err = run_as("lena", "export", "notes", "--all", "--format", "txt", "--out", out,
                          "--db", team.db)
    assert code == 0, err
    assert not stale.exists()
    assert [p.suffix for p in out.iterdir()] == [".txt"]
