"""End to end in a fresh process: ``python -m caseload``, and what the quick check loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import CPR, FULL_CPR, ON
from tests.probe import loaded

# Libraries the quick check must not import (each costs 0.1–0.5 s to load here).
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "pydantic", "typer", "pendulum",
         "holidays", "stdnum")


def run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "CASELOAD_LANG": "en", **(env or {})})


def test_overdue_json_end_to_end(caseload_db: Path, case_ids: dict) -> None:
    done = run("-m", "caseload", "overdue", "--db", caseload_db, "--today", ON, "--all",
               "--json")
    assert (done.returncode, done.stderr) == (0, "")
    rows = json.loads(done.stdout)
    assert [(r["case_id"], r["days_overdue"]) for r in rows] == [
        (case_ids["aase"], 28), (case_ids["jens"], 21), (case_ids["bo"], 14),
        (case_ids["nobody"], 7)]
    assert not FULL_CPR.findall(done.stdout)


def test_table_end_to_end_shows_no_full_cpr(caseload_db: Path) -> None:
    for command in ("overdue", "today"):
        done = run("-m", "caseload", command, "--db", caseload_db, "--today", ON, "--all")
        assert done.returncode == 0, done.stderr
        assert "Åse Østergård" in done.stdout
        assert not FULL_CPR.findall(done.stdout + done.stderr)
        assert all(number not in done.stdout for number in CPR.values())


def test_usage_error_end_to_end(caseload_db: Path) -> None:
    done = run("-m", "caseload", "today", "--db", caseload_db, "--today", "2026-02-30")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("caseload: --today '2026-02-30' is not a date (e.g. 2026-12-05,"
                           " 05.12.2026, 5/12, i morgen, +7, mandag)\n")


def test_the_quick_check_loads_no_heavy_library(caseload_db: Path) -> None:
    for args in (["overdue", "--all"], ["overdue", "--all", "--json"], ["today", "--all"],
                 ["today", "--as", "anna", "--json"]):
        report = loaded(HEAVY, *args, "--db", caseload_db, "--today", ON)
        assert report == {"code": 0, "heavy": []}, (args, report)


def test_json_loads_no_rich(caseload_db: Path) -> None:
    assert loaded(("rich",), "overdue", "--all", "--json", "--db", caseload_db,
                  "--today", ON) == {"code": 0, "heavy": []}
