"""``caseload import`` on PostgreSQL: COPY into staging tables and set-based inserts under
the importing role, its row-level security in force; the same forms give the same
citizens, cases, forms, obligations and rejections as on SQLite."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from tests.importer.conftest import DUMP_QUERIES, dump, good, run_cli, write_csv, write_jsonl
from tests.pg.conftest import as_role, psql

TODAY = ["--today", "2026-11-23"]


def batch(folder: Path) -> list[Path]:
    """New citizens, a rejection, a conflict, a form attached to its case (filling in the
    expected return date: the obligations are recomputed), one flagging its case."""
    folder.mkdir()
    first = write_jsonl(folder / "1.jsonl", [
        good(), good(form_id="B", cpr="160382-1235", name="Bo Ølgaard", expected_duration=None),
        good(form_id="BAD", postal_code="12"), good(form_id="C", cpr="170383-1234")])
    second = write_csv(folder / "2.csv", [
        good(form_id="A2", phone="12345678"),  # attached to the case of the first form
        good(form_id="B2", cpr="160382-1235", expected_return_date="2026-12-14"),
        good(form_id="C", cpr="170383-1234", name="Someone else"),  # a conflict
        good(form_id="F", cpr="170383-1234", first_absence_day="2026-11-01")], ";", "cp1252")
    return [first, second]


def pg_dump(url: str) -> dict[str, list[tuple]]:
    """``tests.importer.conftest.dump`` of a PostgreSQL database (values as SQLite holds
    them: dates and times as text, flags as 0/1)."""
    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    with psycopg.connect(url) as conn:
        return {name: sorted((tuple(plain(v) for v in row)
                              for row in conn.execute(sql).fetchall()), key=repr)
                for name, sql in DUMP_QUERIES.items()}


def imported(code_out_err: tuple[int, str, str]) -> dict[str, object]:
    code, out, err = code_out_err
    assert code == 1, err  # one rejected, one conflict
    return json.loads(out)


def test_the_same_forms_give_the_same_rows_on_both_engines(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in batch(tmp_path / "forms")]
    db = tmp_path / "caseload.db"
    assert run_cli(["init", "--db", str(db)], capsys)[0] == 0
    assert run_cli(["init", "--db", pg_url], capsys)[0] == 0
    assert run_cli(["team", "add", "lena", "--name", "Lena Holm", "--lead", "--db", pg_url],
                   capsys)[0] == 0
    lena = as_role(pg_url, "lena")
    on_sqlite = imported(run_cli(["import", *files, "--json", "--db", str(db), *TODAY],
                                 capsys))
    on_pg = imported(run_cli(["import", *files, "--json", "--db", lena, *TODAY], capsys))
    assert on_pg == on_sqlite
    assert (on_pg["imported"], on_pg["new_cases"], on_pg["attached"],
            on_pg["flagged_for_review"], on_pg["rejected"], on_pg["conflicts"]) == (
        6, 3, 2, 1, 1, 1)
    sqlite_rows, pg_rows = dump(db), pg_dump(pg_url)
    for table in ("citizens", "cases", "forms", "obligations", "issues"):
        assert pg_rows[table] == sqlite_rows[table], table
    assert "2026-12-14" in [c[8] for c in pg_rows["cases"]]  # the recomputed case
    # as lena, in lena's name; run again: every form known, nothing new
    assert psql(pg_url, "SELECT DISTINCT actor FROM audit_log WHERE case_id IS NOT NULL"
                ).stdout.split() == ["lena"]
    again = imported(run_cli(["import", *files, "--json", "--db", lena, *TODAY], capsys))
    assert (again["imported"], again["skipped"]) == (0, 6)
    assert pg_dump(pg_url) == pg_rows
    code, out, _ = run_cli(["import", "--rejected", "--json", "--db", lena], capsys)
    assert code == 0 and [i["kind"] for i in json.loads(out)] == ["rejected", "conflict"]


def test_copy_goes_through_the_policies_of_the_role(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The staging path ends in an INSERT under the role: a row the policies refuse is
    refused (a caseworker's role may not add a case for a colleague), as by hand."""
    from caseload.services import importing_pg

    for args in (["init"], ["team", "add", "anna", "--name", "Anna"],
                 ["team", "add", "bo", "--name", "Bo"]):
        assert run_cli([*args, "--db", pg_url], capsys)[0] == 0
    stamp = "2026-11-23 08:00:00.000000"
    with psycopg.connect(as_role(pg_url, "anna")) as conn:
        bo = conn.execute("SELECT id FROM caseworkers WHERE login = 'bo'").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            importing_pg.insert_rows(conn, "citizens", (
                "id", "cpr", "birth_date", "name", "edited_fields", "created_at",
                "updated_at"), [(90, "1503821234", "1982-03-15", "X", "", stamp, stamp)])
            importing_pg.insert_rows(conn, "cases", (
                "citizen_id", "caseworker_id", "first_absence_day", "status", "group",
                "group_decided_on", "exempt", "version", "needs_review", "created_at",
                "updated_at", "opened_on"), [(90, bo, "2026-10-05", "open", "outside",
                                              "2026-11-23", 0, 1, 0, stamp, stamp,
                                              "2026-11-23")])
    assert psql(pg_url, "SELECT count(*) FROM citizens").stdout.strip() == "0"


def test_the_import_takes_the_write_lock_every_write_transaction_takes() -> None:
    from caseload.services import importing_pg
    from caseload.store import postgres

    assert importing_pg.WRITE_LOCK == postgres.WRITE_LOCK
