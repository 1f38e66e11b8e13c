"""Hostile colleagues at the morning batch: who may import what, through the CLI in a
subprocess (issue 14, "Access"), and the audit clock that ``--today`` must not move."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.access.conftest import CPRS, F, Team, audit_rows, run_as
from tests.importer.conftest import good, write_jsonl
from tests.intake import FORM_PREFIX

NOT_SETUP = f"form_id NOT LIKE '{FORM_PREFIX}%'"  # the forms the team's cases came from


def citizen(db: Path, citizen_id: int) -> tuple:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT name, address, phone FROM citizens WHERE id = ?",
                            (citizen_id,)).fetchone()


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_caseworker_cannot_import_into_a_colleagues_case(team: Team, tmp_path: Path) -> None:
    """anna imports a form carrying the CPR of bo's citizen: bo's citizen keeps name and
    address, no form lands on bo's case, the form is held for review, the refusal logged."""
    hostile = good(form_id="EVIL-1", cpr=CPRS["bo-1"], name="Falsk Navn", address="Et andet sted 1",
                   first_absence_day=F.isoformat(), received="2026-11-20")
    mine = good(form_id="MINE-1", cpr=CPRS["anna-1"], first_absence_day=F.isoformat(),
                received="2026-11-20", phone="11223344", name="Borger anna-1")
    new = good(form_id="NEW-1", cpr="120590-1234", received="2026-11-20")
    path = write_jsonl(tmp_path / "forms.jsonl", [hostile, mine, new])
    before = citizen(team.db, team.citizens["bo-1"])
    team.engine.dispose()

    code, out, err = run_as("anna", "import", path, "--db", team.db, "--today", "2026-11-23",
                            "--assign", "bo")
    assert code == 1
    assert err.strip().splitlines() == [
        "caseload: --assign someone else is for team leads and the import account: you "
        "(anna) can import new cases for yourself only (--assign anna), or leave them "
        "unassigned"]
    assert rows(team.db, f"SELECT form_id FROM forms WHERE {NOT_SETUP}") == []
    assert audit_rows(team.db, actor="anna", action="refused")[-1]["detail"] == \
        "import --assign bo"

    code, out, err = run_as("anna", "import", path, "--db", team.db, "--today", "2026-11-23")
    assert code == 1, err
    assert "0 rejected, 0 conflict(s)" in out
    assert "1 form(s) held for review: their cases are not yours to change" in out
    held = [line for line in out.splitlines() if line.startswith("held ")]
    assert held == [f"held {path}:1 EVIL-1 cpr: belongs to case {team.cases['bo-1']}, which is "
                    "not yours to change: the form is kept for review (a team lead's "
                    "import takes it in), the case is unchanged"]
    assert citizen(team.db, team.citizens["bo-1"]) == before  # not renamed, not re-addressed
    assert sorted(rows(team.db, f"SELECT form_id FROM forms WHERE {NOT_SETUP}")) == [
        ("MINE-1",), ("NEW-1",)]
    assert citizen(team.db, team.citizens["anna-1"])[2] == "11223344"  # her own: updated
    assert rows(team.db, "SELECT c.caseworker_id FROM cases c JOIN citizens z ON "
                         "z.id = c.citizen_id WHERE z.cpr = '1205901234'") == [(None,)]
    assert rows(team.db, "SELECT kind, form_id FROM import_issues WHERE resolved_at IS NULL"
                ) == [("held", "EVIL-1")]
    refused = audit_rows(team.db, actor="anna", action="refused")[-1]
    assert (refused["case_id"], refused["citizen_id"]) == (team.cases["bo-1"],
                                                           team.citizens["bo-1"])
    assert refused["detail"] == (f"import form EVIL-1: case {team.cases['bo-1']} is not the "
                                 "importer's to change")
    assert rows(team.db, f"SELECT needs_review FROM cases WHERE id = {team.cases['bo-1']}"
                ) == [(0,)]

    # The team lead imports the held form: it goes in and its hold is settled.
    code, out, err = run_as("lena", "import", path, "--db", team.db, "--today", "2026-11-23",
                            "--json")
    assert code == 0, err
    assert json.loads(out)["resolved_issues"] == 1
    assert ("EVIL-1",) in rows(team.db, f"SELECT form_id FROM forms WHERE {NOT_SETUP}")
    assert rows(team.db, "SELECT kind FROM import_issues WHERE resolved_at IS NULL") == []


def test_a_deactivated_or_unknown_login_imports_nothing_and_is_logged(
        team: Team, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "forms.jsonl", [good(received="2026-11-20")])
    team.engine.dispose()
    assert run_as("lena", "team", "set", "bo", "--inactive", "--db", team.db)[0] == 0
    code, out, err = run_as("bo", "import", path, "--db", team.db, "--today", "2026-11-23")
    assert (code, out) == (1, "")
    assert err == ("caseload: your login bo is deactivated in this database, so it cannot "
                   "import: ask a team lead\n")
    code, _, err = run_as("mallory", "import", path, "--db", team.db, "--today", "2026-11-23")
    assert code == 1 and "'caseload team add mallory --name \"Import\" --role importer'" in err
    assert rows(team.db, f"SELECT count(*) FROM forms WHERE {NOT_SETUP}") == [(0,)]
    assert [r["detail"] for r in audit_rows(team.db, action="refused")][-2:] == [
        "import: deactivated login", "import: unknown login"]


def test_the_import_account_imports_everything_and_sees_no_case(
        team: Team, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "forms.jsonl", [
        good(form_id="B-1", cpr=CPRS["bo-1"], first_absence_day=F.isoformat(),
             received="2026-11-20", phone="99887766", name="Borger bo-1")])
    team.engine.dispose()
    code, _, err = run_as("lena", "team", "add", "importjob", "--name", "Morgenjob", "--role",
                          "importer", "--db", team.db)
    assert code == 0, err
    code, out, err = run_as("importjob", "import", path, "--db", team.db, "--today",
                            "2026-11-23", "--json")
    assert code == 0, err
    assert json.loads(out)["attached"] == 1
    assert citizen(team.db, team.citizens["bo-1"])[2] == "99887766"
    code, out, _ = run_as("importjob", "overdue", "--db", team.db, "--json")
    assert (code, json.loads(out)) == (0, [])


def test_today_never_backdates_the_audit_log(team: Team, tmp_path: Path) -> None:
    """``--today 2019-06-02`` asks the rules about that day; the audit entries and the
    imported forms are stamped with the real clock, in UTC."""
    path = write_jsonl(tmp_path / "forms.jsonl", [
        good(form_id="OLD-1", cpr="120590-1234", received="2019-06-01",
             first_absence_day="2019-05-20")])
    team.engine.dispose()
    start = datetime.now(UTC) - timedelta(seconds=1)
    code, out, err = run_as("lena", "import", path, "--db", team.db, "--today", "2019-06-02",
                            "--json")
    end = datetime.now(UTC) + timedelta(seconds=1)
    assert code == 0, err
    assert json.loads(out)["imported"] == 1
    created = [r for r in audit_rows(team.db, action="create", actor="lena")]
    assert len(created) == 1
    assert created[0]["at"].endswith("+00:00")  # stored with its zone
    stamps = [datetime.fromisoformat(created[0]["at"]),
              *(datetime.fromisoformat(r[0]).replace(tzinfo=UTC) for r in rows(
                  team.db, "SELECT imported_at FROM forms WHERE form_id = 'OLD-1'"))]
    assert all(start <= stamp <= end for stamp in stamps), stamps
    # ... while the rules were asked about 2019: the case's group was decided that day.
    assert rows(team.db, "SELECT group_decided_on FROM cases c JOIN citizens z ON "
                         "z.id = c.citizen_id WHERE z.cpr = '1205901234'") == [("2019-06-02",)]
