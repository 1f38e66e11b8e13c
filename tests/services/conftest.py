"""Helpers for the use-case tests: a case in a fresh database, and its stored obligations.

Every test here that takes ``engine`` runs on both engines: a copy of the SQLite template
and a copy of the PostgreSQL one (``tests/pgserver.py``; ``-k sqlite`` or ``-k postgres``
runs one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.models import Case, ObligationRow
from caseload.store.uow import read_session, write_session
from tests import intake

F = date(2026, 9, 7)  # first day of absence in the examples of rules.md
PARTICIPANT_CPR = "150381-1234"  # born 1981: odd year
CONTROL_CPR = "160382-1235"  # born 1982: even year


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The root ``engine`` (a SQLite copy), or ``pg_engine`` (a PostgreSQL copy)."""
    if request.param == "sqlite":
        return request.getfixturevalue("engine")
    acting_as_the_named_login(request.getfixturevalue("monkeypatch"))
    return request.getfixturevalue("pg_engine")


def acting_as_the_named_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the tests connect as the owner (a superuser, past the policies): the
    actor is the login the test names, as on SQLite. That the server's role is who is
    working, and what the policies hide, is tested from each role in ``tests/pg``."""
    from caseload.store import roles

    monkeypatch.setattr(roles, "session_login", lambda _db, login: login)


@pytest.fixture
def new_case(engine: Engine) -> Callable[..., int]:
    """``new_case(cpr=..., first_absence_day=...)`` → the id of a freshly opened case."""

    def make(cpr: str = PARTICIPANT_CPR, first_absence_day: date = F, **kwargs: object) -> int:
        with write_session(engine) as session:
            return intake.open_case(session, cpr=cpr, first_absence_day=first_absence_day,
                                    today=first_absence_day, **kwargs).id

    return make


def stored(engine: Engine, case_id: int) -> dict[str, list[tuple[date, date | None]]]:
    """The case's obligation rows: kind → [(due, met_on)] in series order."""
    with read_session(engine) as session:
        rows = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id)
                            .order_by(ObligationRow.kind, ObligationRow.seq)).all()
    found: dict[str, list[tuple[date, date | None]]] = {}
    for row in rows:
        found.setdefault(row.kind, []).append((row.due, row.met_on))
    return found


def load_case(engine: Engine, case_id: int) -> Case:
    with read_session(engine) as session:
        return session.get(Case, case_id)
