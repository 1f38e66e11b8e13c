"""The quick check (``caseload overdue``/``today --json``) on PostgreSQL, as the login's own
database role (row-level security applies), through the same worklist query as on SQLite:
the same team and bookings on both engines give the same JSON, and nothing heavy loads."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from caseload.pgurl import PostgresUrl
from tests.access.conftest import (
    Team,
    team,  # noqa: F401, F811  (the same team in a SQLite file)
)
from tests.cli.test_quick_process import HEAVY
from tests.pg.conftest import PgTeam, psql
from tests.probe import loaded

Cli = Callable[..., tuple[int, str, str]]
ON = date(2026, 12, 1)  # every case of the team has an overdue first follow-up by then
# The asker, and the flags: a caseworker's own cases, the lead's team and one colleague's.
ASKED = (("anna", ()), ("bo", ()), ("lena", ("--all",)), ("lena", ("--as", "anna")))


def book(engine: Engine, team: Team) -> None:  # noqa: F811
    """anna-1: a follow-up in person on 8 December (meets the first follow-up); anna-2: a
    contact interview the same day (meets no first follow-up); bo-1: a follow-up by phone."""
    from caseload.services.interviews import book_interview
    from caseload.store.uow import write_session
    from tests.actors import LEAD

    with write_session(engine) as session:
        for key, kind, mode, hour in (("anna-1", "follow_up", "in_person", 10),
                                      ("anna-2", "contact", "in_person", 11),
                                      ("bo-1", "follow_up", "phone", 13)):
            book_interview(session, team.cases[key], kind=kind, mode=mode,
                           at=datetime(2026, 12, 8, hour, 0), actor=LEAD, today=ON)


@pytest.fixture
def both(pg_team: PgTeam, team: Team,  # noqa: F811
         monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The same bookings on PostgreSQL and on SQLite; "today" is ``ON`` (the stored read)."""
    from caseload import clock
    from caseload.services.db import open_database

    engine = open_database(PostgresUrl(pg_team.url))
    try:
        book(engine, pg_team.team)
    finally:
        engine.dispose()
    book(team.engine, team)
    monkeypatch.setattr(clock, "today", lambda: ON)
    yield


def ask(cli: Cli, login: str, db: object, *args: str) -> object:
    code, out, err = cli(login, *args, "--json", "--db", db)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def test_overdue_and_today_json_on_postgres_are_those_on_sqlite(
        cli: Cli, pg_team: PgTeam, team: Team, both: None) -> None:  # noqa: F811
    assert pg_team.team.cases == team.cases  # the same ids on both engines
    for login, flags in ASKED:
        for command in ("overdue", "today"):
            for day in ((), ("--today", "2026-11-20")):  # stored, and as of a day gone by
                on_pg = ask(cli, login, pg_team.url_as(login), command, *flags, *day)
                assert on_pg == ask(cli, login, team.db, command, *flags, *day), (
                    login, flags, command, day)
    rows = ask(cli, "lena", pg_team.url_as("lena"), "overdue", "--all")
    booked = {(r["case_id"], r["obligation"]): r["booked"] for r in rows}
    assert {case for case, _ in booked} == set(team.cases.values())
    assert booked[team.cases["anna-1"], "first_follow_up"] == "2026-12-08T10:00:00"
    assert booked[team.cases["anna-1"], "active_offer"] is None  # met by hours, not a talk
    assert booked[team.cases["anna-2"], "first_follow_up"] is None  # a contact interview
    assert booked[team.cases["bo-1"], "first_follow_up"] == "2026-12-08T13:00:00"
    # Row-level security: anna's own role sees her two cases only, and her read is logged.
    assert {r["case_id"] for r in ask(cli, "anna", pg_team.url_as("anna"), "overdue")} == {
        team.cases["anna-1"], team.cases["anna-2"]}
    logged = psql(pg_team.url, "SELECT actor || '|' || detail FROM audit_log"
                  " WHERE action = 'search' AND actor = 'anna' ORDER BY id").stdout
    assert "anna|overdue on 2026-12-01: own cases, 3 rows" in logged.splitlines()


def test_a_caseworker_cannot_see_the_team_on_postgres(cli: Cli, pg_team: PgTeam) -> None:
    code, out, err = cli("anna", "overdue", "--all", "--json", "--db", pg_team.url_as("anna"))
    assert (code, out) == (1, "")
    assert "--all (the whole team's cases) is for team leads" in err


def test_the_quick_check_on_postgres_loads_no_heavy_library(pg_team: PgTeam) -> None:
    url = pg_team.url_as("lena")
    for args in (["overdue", "--all", "--json"], ["today", "--all", "--json"],
                 ["overdue", "--as", "anna", "--json"]):
        assert loaded((*HEAVY, "rich", "typer"), *args, "--db", url, "--today",
                      ON.isoformat()) == {"code": 0, "heavy": []}, args
    assert loaded((*HEAVY, "typer"), "overdue", "--all", "--db", url) == {
        "code": 0, "heavy": []}
