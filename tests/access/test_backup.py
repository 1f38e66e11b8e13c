"""Backups through the online backup API while another process writes, and restores."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.access.conftest import Team

Cli = Callable[..., tuple[int, str, str]]
BATCH = 10  # rows per transaction of the writer

WRITER = f"""
import sqlite3, sys, time
db, stop = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db, timeout=30, isolation_level=None)
conn.execute("PRAGMA busy_timeout = 30000")
deadline = time.monotonic() + 20
batch = 0
while time.monotonic() < deadline:
    conn.execute("BEGIN IMMEDIATE")
    for i in range({BATCH}):
        conn.execute("INSERT INTO audit_log (at, actor, action, detail) VALUES"
                     " ('2026-01-01 00:00:00.000000', 'load', 'read', ?)", (f"{{batch}}/{{i}}",))
    conn.execute("COMMIT")
    batch += 1
    time.sleep(0.005)  # a busy team, not a tight loop (that starves SQLite's busy waiters)
    try:
        open(stop).close()
        break
    except FileNotFoundError:
        pass
print(batch)
"""


def dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
                for n in names}
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def load_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM audit_log WHERE actor = 'load'").fetchone()[0]
    finally:
        conn.close()


def test_backup_under_load_then_restore_and_compare(cli: Cli, team: Team,
                                                    tmp_path: Path) -> None:
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(team.db), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while load_rows(team.db) < 20 * BATCH and time.monotonic() < deadline:
            time.sleep(0.02)
        backups = []
        for n in range(3):  # each while the writer goes on
            target = tmp_path / f"backup-{n}.db"
            code, _, err = cli("lena", "backup", target, "--db", team.db)
            assert code == 0, err
            backups.append(target)
            time.sleep(0.05)
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=30)
    batches = int(out)
    assert writer.returncode == 0
    assert load_rows(team.db) == batches * BATCH
    counts = [load_rows(b) for b in backups]
    for backup, count in zip(backups, counts, strict=True):
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
        assert integrity(backup) == "ok"
        assert count % BATCH == 0 and count >= 20 * BATCH  # whole transactions only
        assert not Path(f"{backup}-wal").exists()  # one self-contained file
    assert counts == sorted(counts) and counts[-1] < batches * BATCH  # taken under load

    chosen = backups[1]
    expected = dump(chosen)
    code, _, err = cli("lena", "restore", chosen, "--db", team.db)
    assert code == 0, err
    assert integrity(team.db) == "ok"
    restored = dump(team.db)
    added = [row for row in restored["audit_log"] if row not in expected["audit_log"]]
    assert [(row[2], row[3], row[6]) for row in added] == [
        ("lena", "change", f"restored from {chosen.name}")]
    restored["audit_log"] = [row for row in restored["audit_log"] if row not in added]
    assert restored == expected
    [kept] = team.db.parent.glob(f"{team.db.name}.before-restore-*")
    assert load_rows(kept) == batches * BATCH  # the database as it was, whole
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert f"er gemt i {kept}" in err


def test_backup_refuses_to_overwrite_unless_forced(cli: Cli, team: Team,
                                                   tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_text("precious")
    code, _, err = cli("lena", "backup", target, "--db", team.db)
    assert code == 1 and "--force" in err
    assert target.read_text() == "precious"
    assert cli("lena", "backup", target, "--force", "--db", team.db)[0] == 0
    assert integrity(target) == "ok"
    assert list(tmp_path.glob(".b.db*")) == []  # no partial file left behind


def not_caseload(tmp_path: Path) -> list[Path]:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all " * 100)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    return [text, other, tmp_path / "missing.db"]


def test_restore_refuses_what_is_not_a_caseload_database(cli: Cli, team: Team,
                                                         tmp_path: Path) -> None:
    before = dump(team.db)
    for source in not_caseload(tmp_path):
        code, out, err = cli("lena", "restore", source, "--db", team.db)
        assert code == 1, source
        assert ("not a caseload database" in err or "no backup file" in err), err
        assert "Traceback" not in err
    assert dump(team.db) == before
    assert list(team.db.parent.glob("*.before-restore-*")) == []


def test_restore_refuses_an_unknown_schema_and_a_damaged_file(cli: Cli, team: Team,
                                                              tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    assert cli("lena", "backup", newer, "--db", team.db)[0] == 0
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    code, _, err = cli("lena", "restore", newer, "--db", team.db)
    assert code == 1 and "schema 9999" in err
    damaged = tmp_path / "damaged.db"
    data = bytearray(newer.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    code, _, err = cli("lena", "restore", damaged, "--db", team.db)
    assert code == 1 and "Traceback" not in err


def test_restore_is_for_team_leads(cli: Cli, team: Team, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    assert cli("lena", "backup", target, "--db", team.db)[0] == 0
    code, _, err = cli("bo", "restore", target, "--db", team.db)
    assert code == 1 and "for team leads" in err
    assert list(team.db.parent.glob("*.before-restore-*")) == []


def test_restore_onto_a_new_disk_needs_a_lead_of_the_backup(cli: Cli, team: Team,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    assert cli("lena", "backup", target, "--db", team.db)[0] == 0
    fresh = tmp_path / "fresh" / "caseload.db"
    code, _, err = cli("anna", "restore", target, "--db", fresh)
    assert code == 1 and "for team leads" in err
    assert not fresh.exists()
    code, _, err = cli("lena", "restore", target, "--db", fresh)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
    code, out, _ = cli("lena", "team", "list", "--json", "--db", fresh)
    assert code == 0 and '"anna"' in out


def test_backup_onto_itself_is_refused(cli: Cli, team: Team) -> None:
    code, _, err = cli("lena", "backup", team.db, "--force", "--db", team.db)
    assert code == 1 and "cannot overwrite the database itself" in err
