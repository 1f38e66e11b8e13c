"""Every failure is a sentence (issue 14): damaged, foreign, newer, read-only and
unreachable databases, paths the user may not read, a full disk during the import. Each
through the CLI in a subprocess: the exit code, one line on stderr (``run_as`` asserts no
traceback), what is stored afterwards."""

from __future__ import annotations

import grp
import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.access.conftest import Team, run_as
from tests.importer.conftest import good, write_jsonl

COMMANDS = (("export", "notes", "--all", "--out", "OUT"), ("notes", "verify"),
            ("team", "list"), ("audit", "1"), ("backup", "BACKUP"), ("init",),
            ("import", "FORMS", "--today", "2026-11-23"), ("overdue",))


def damaged(team: Team, tmp_path: Path) -> dict[str, Path]:
    team.engine.dispose()
    data = team.db.read_bytes()
    made = {}
    made["truncated"] = tmp_path / "truncated.db"
    made["truncated"].write_bytes(data[:5000])
    made["random"] = tmp_path / "random.db"
    made["random"].write_bytes(os.urandom(64 * 1024))
    corrupt = bytearray(data)
    for page in range(2, len(corrupt) // 4096):
        corrupt[page * 4096 + 100: page * 4096 + 600] = b"\xff" * 500
    made["corrupted"] = tmp_path / "corrupted.db"
    made["corrupted"].write_bytes(bytes(corrupt))
    made["folder"] = tmp_path / "folder.db"
    made["folder"].mkdir()
    for path in made.values():
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    return made


@pytest.mark.parametrize("kind", ["truncated", "random", "corrupted", "folder"])
def test_a_damaged_database_or_a_folder_is_one_sentence_for_every_command(
        team: Team, tmp_path: Path, kind: str) -> None:
    db = damaged(team, tmp_path)[kind]
    forms = write_jsonl(tmp_path / "forms.jsonl", [good()])
    before = None if db.is_dir() else db.read_bytes()
    for command in COMMANDS:
        args = [{"OUT": tmp_path / "out", "BACKUP": tmp_path / "b.db", "FORMS": forms}.get(a, a)
                for a in command]
        code, out, err = run_as("lena", *args, "--db", db)
        assert code == 1, (command, err)
        assert len(err.strip().splitlines()) == 1, (command, err)
        if kind == "folder":
            assert "cannot be opened as a database file" in err, (command, err)
        else:
            assert ("is damaged or is not a caseload database" in err
                    or "cannot read" in err or "cannot open" in err), (command, err)
        assert not (tmp_path / "b.db").exists()
    if before is not None:
        assert db.read_bytes() == before  # nothing was written into it


def test_init_refuses_a_foreign_database_and_names_a_newer_one(team: Team,
                                                               tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    os.chmod(foreign, 0o600)
    before = foreign.read_bytes()
    code, out, err = run_as("lena", "init", "--db", foreign)
    assert code == 1
    assert err == (f"caseload: {foreign} is not empty and is not a caseload database (it "
                   "holds other tables): caseload init refuses to add its tables to another "
                   "program's database; give a new file with --db\n")
    assert foreign.read_bytes() == before and not Path(f"{foreign}-wal").exists()

    with sqlite3.connect(team.db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    team.engine.dispose()
    forms = write_jsonl(tmp_path / "forms.jsonl", [good()])
    for args in (("overdue",), ("import", forms), ("init",), ("team", "list")):
        code, _, err = run_as("lena", *args, "--db", team.db)
        assert code == 1
        assert err == (f"caseload: {team.db} was made by a newer version of caseload (schema "
                       "9999): upgrade caseload, do not run 'caseload init' on it\n"), args


def test_a_full_disk_during_the_import_says_what_was_saved(team: Team, tmp_path: Path) -> None:
    forms = [good(form_id=f"D-{n:04d}", cpr=f"{n % 28 + 1:02d}{n % 12 + 1:02d}{50 + n % 45}"
                  f"-{n:04d}", sickness_description="Smerter " * 40) for n in range(3000)]
    path = write_jsonl(tmp_path / "forms.jsonl", forms)
    team.engine.dispose()
    limit = team.db.stat().st_size + 1_500_000

    def small_disk() -> None:  # the file may not grow past the limit: SQLite's write fails
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code, out, err = run_as("lena", "import", path, "--db", team.db, "--today", "2026-11-23",
                            env={"CASELOAD_IMPORT_CHUNK": "100"}, preexec=small_disk)
    assert code == 1
    with sqlite3.connect(team.db) as conn:
        saved = conn.execute("SELECT count(*) FROM forms WHERE form_id LIKE 'D-%'"
                             ).fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < saved < 3000 and saved % 100 == 0  # whole chunks only
    assert out == (f"the import stopped: {saved} form(s) were read and {saved} imported in the "
                   "chunks saved before it; run the same command again to take in the rest\n")
    assert err == (f"caseload: the disk holding {team.db} is full (or failing): nothing more "
                   "was saved; free some space and run the command again\n")
    code, out, err = run_as("lena", "import", path, "--db", team.db, "--today", "2026-11-23",
                            "--json")
    assert code == 0, err
    assert (json.loads(out)["imported"], json.loads(out)["skipped"]) == (3000 - saved, saved)


def test_paths_the_user_may_not_read_are_sentences(team: Team, tmp_path: Path) -> None:
    team.engine.dispose()
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(team.db, locked / "x.db")
    secret = write_jsonl(tmp_path / "secret.jsonl", [good()])
    os.chmod(secret, 0)
    os.chmod(locked, 0)
    try:
        cases = [
            (("import", secret, "--db", team.db), 1, "no permission to read it"),
            (("import", locked / "forms.json", "--db", team.db), 2,
             f"caseload: no permission to read {locked / 'forms.json'}"),
            (("import", locked, "--db", team.db), 2, f"cannot read the folder {locked}"),
            (("team", "list", "--db", locked / "x.db"), 1,
             f"caseload: you may not read or write {locked / 'x.db'}: ask its owner"),
            (("overdue", "--db", locked / "x.db"), 1, "you may not read or write"),
            (("backup", locked / "b.db", "--db", team.db), 1,
             f"caseload: you may not read or write {locked / 'b.db'}"),
        ]
        for args, expected, text in cases:
            code, out, err = run_as("lena", *args, plain_user=True)
            assert code == expected, (args, err)
            assert text in out + err, (args, out, err)
            assert len(err.strip().splitlines()) == (0 if out else 1), (args, err)
    finally:
        os.chmod(locked, 0o700)
    assert sorted(p.name for p in locked.iterdir()) == ["x.db"]  # no backup, no partial


def test_a_read_only_database_is_a_sentence_and_stays_as_it_was(
        team: Team, tmp_path: Path) -> None:
    team.engine.dispose()
    forms = write_jsonl(tmp_path / "forms.jsonl", [good(cpr="120590-1234",
                                                        received="2026-11-20")])
    with sqlite3.connect(team.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.chmod(team.db, 0o400)
    before = team.db.read_bytes()
    try:
        for args in (("import", forms, "--today", "2026-11-23"), ("backup", tmp_path / "b.db"),
                     ("audit", "--prune"), ("audit", "150381-1234")):
            code, out, err = run_as("lena", *args, "--db", team.db, plain_user=True)
            assert code == 1, (args, err)
            assert "read-only" in err or "readonly" in err, (args, err)
            assert len(err.strip().splitlines()) == 1, (args, err)
    finally:
        os.chmod(team.db, 0o600)
    assert team.db.read_bytes() == before
    assert not (tmp_path / "b.db").exists()


def test_init_with_a_group_makes_the_folder_setgid_and_the_check_names_the_fix(
        tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    env = {"CASELOAD_GROUP": group}
    fresh = tmp_path / "shared" / "caseload.db"
    code, _, err = run_as("lena", "init", "--db", fresh, env=env)
    assert code == 0, err
    assert fresh.parent.stat().st_mode & stat.S_ISGID
    existing = tmp_path / "team"
    existing.mkdir(mode=0o770)
    code, _, err = run_as("lena", "init", "--db", existing / "caseload.db", env=env)
    assert code == 0, err
    assert existing.stat().st_mode & stat.S_ISGID  # init set it on a folder it owns
    os.chmod(existing, 0o770)  # someone took it away again
    code, _, err = run_as("lena", "overdue", "--db", existing / "caseload.db", env=env)
    assert code == 1
    assert err == (f"caseload: {existing} is shared with the group {group} but is not setgid, "
                   "so new -wal/-shm files would belong to whoever opens it first: run "
                   f"'chmod g+s {existing}' (caseload init does it when it creates the "
                   "folder)\n")
