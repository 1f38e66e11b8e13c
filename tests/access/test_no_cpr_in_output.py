"""A whole CLI session, as separate processes: no full CPR number in anything it prints.

init, import, team, overdue, today, unassigned, audit (asked by CPR number and by case),
export notes as JSON, notes verify, backup, restore, and a small demo. Every stdout and
stderr is searched for ten digits in a row or DDMMYY-SSSS; so are the exported files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.access.test_concurrency import forms_file

FULL_CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def run(*argv: object, stdin: str | None = None) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "caseload", *map(str, argv)],
                          capture_output=True, text=True, timeout=120, input=stdin)
    return done.returncode, done.stdout + done.stderr


def test_a_full_session_prints_no_full_cpr_number(tmp_path: Path) -> None:
    db = tmp_path / "team" / "caseload.db"
    forms = forms_file(tmp_path / "forms.jsonl")
    cpr = json.loads(forms.read_text("utf-8").splitlines()[3])["cpr"]
    outputs: list[tuple[tuple, int, str]] = []

    def step(*argv: object, stdin: str | None = None, expect: int = 0) -> str:
        code, text = run(*argv, stdin=stdin)
        outputs.append((argv, code, text))
        assert code == expect, (argv, text)
        return text

    step("init", "--db", db)
    step("team", "add", "anna", "--name", "Anna Andersen", "--birth-days", "1-15", "--db", db)
    step("import", forms, "--db", db, "--today", "2026-11-23")
    _write_a_note(db)
    step("overdue", "--all", "--db", db, "--today", "2026-12-20")
    step("overdue", "--as", "anna", "--json", "--db", db, "--today", "2026-12-20")
    step("today", "--all", "--db", db, "--today", "2026-12-20")
    step("team", "list", "--db", db)
    step("team", "unassigned", "--db", db)
    step("audit", cpr, "--db", db)
    step("audit", "-", "--json", "--db", db, stdin=cpr + "\n")
    step("audit", "1", "--json", "--db", db)
    step("audit", "0101010101", "--db", db, expect=1)  # nobody has it: masked in the message
    exports = tmp_path / "exports"
    step("export", "notes", "--all", "--format", "json", "--out", exports, "--db", db)
    step("notes", "verify", "--db", db)
    step("backup", tmp_path / "backup.db", "--db", db)
    step("restore", tmp_path / "backup.db", "--db", db)
    step("demo", "--no-open", "--cases", "20", "--db", tmp_path / "demo.db",
         "--today", "2026-11-23")
    step("overdue", "--all", "--db", tmp_path / "demo.db", "--today", "2026-11-23")

    assert len(outputs) >= 17
    for argv, _code, text in outputs:
        assert not FULL_CPR.findall(text), (argv, FULL_CPR.findall(text)[:3])
    assert "xxxx" in "".join(text for _, _, text in outputs)  # masked numbers were shown
    files = list(exports.rglob("*.json"))
    assert files
    for file in files:
        assert not FULL_CPR.findall(file.read_text("utf-8")), file


def _write_a_note(db: Path) -> None:
    from caseload import identity
    from caseload.services import notes
    from caseload.services.access import resolve_actor
    from caseload.store.database import open_database
    from caseload.store.uow import write_session

    engine = open_database(db)
    try:
        with write_session(engine) as session:
            actor = resolve_actor(session, identity.current_login())
            notes.write_note(session, case_id=1, body="Samtale holdt. Aftalt næste skridt.",
                             author=actor.login, actor=actor,
                             now=datetime(2026, 11, 23, 10, tzinfo=UTC))
    finally:
        engine.dispose()
