"""The app's context holds to the same rules as the CLI, and an open app blocks no one."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, datetime

import pytest

from caseload.errors import AccessDenied
from caseload.services import interviews, views
from caseload.services.citizen_view import citizen_view, reveal_cpr
from caseload.tui.context import AppContext
from tests.access.conftest import CPRS, Team, audit_rows

ON = date(2026, 12, 1)


def context(team: Team, login: str, **kwargs: object) -> AppContext:
    return AppContext(db=team.db, login=login, today=ON, **kwargs)


def test_the_app_shows_a_caseworker_their_cases_and_refuses_others(team: Team) -> None:
    ctx = context(team, "anna")
    try:
        view = ctx.query(views.overdue, ctx.actor, on=ON, soon_days=views.SOON_DAYS)
        shown = {item.case_id for item in view.rows}
        assert shown == {team.cases["anna-1"], team.cases["anna-2"]}
        ctx.read(citizen_view, team.cases["anna-1"], today=ON, actor=ctx.actor)  # opening a citizen
        with pytest.raises(AccessDenied, match="not assigned to you"):
            ctx.read(citizen_view, team.cases["bo-1"], today=ON, actor=ctx.actor)
        with pytest.raises(AccessDenied):
            ctx.write(interviews.book_interview, team.cases["bo-1"], kind="follow_up",
                      mode="phone", at=datetime(2026, 12, 2, 9, 0), actor=ctx.actor, today=ON)
        number = ctx.write(reveal_cpr, team.cases["anna-1"], actor=ctx.actor)
        assert number == CPRS["anna-1"]
    finally:
        ctx.close()
    entries = [(e["actor"], e["action"], e["case_id"]) for e in audit_rows(team.db)]
    assert entries == [
        ("anna", "search", None),  # the app opened on her cases
        ("anna", "read", team.cases["anna-1"]),
        ("anna", "refused", team.cases["bo-1"]),
        ("anna", "refused", team.cases["bo-1"]),
        ("anna", "reveal_cpr", team.cases["anna-1"]),
    ]


def test_the_app_with_as_or_all_is_for_team_leads(team: Team) -> None:
    for kwargs in ({"show_all": True}, {"as_user": "bo"}):
        ctx = context(team, "anna", **kwargs)
        with pytest.raises(AccessDenied, match="for team leads"):
            ctx.scope  # noqa: B018
    lead = context(team, "lena", as_user="bo")
    assert lead.scope == team.workers["bo"]
    assert lead.caseworker_name == "Bo Berg"
    assert lead.write(interviews.book_interview, team.cases["bo-1"], kind="follow_up",
                      mode="phone", at=datetime(2026, 12, 2, 9, 0), actor=lead.actor, today=ON).id
    lead.close()
    assert [e["actor"] for e in audit_rows(team.db, action="refused")] == ["anna", "anna"]
    [change] = audit_rows(team.db, action="change")
    assert (change["actor"], change["detail"]) == ("lena", "book follow_up interview")


WRITER = """
import sys, time
from pathlib import Path
from caseload.store.database import open_database
from caseload.store.uow import write_session
from caseload.models import Meta
engine = open_database(Path(sys.argv[1]))
started = time.monotonic()
with write_session(engine) as session:
    session.merge(Meta(key="morning_import", value="done"))
print(f"{time.monotonic() - started:.3f}")
"""


@pytest.mark.sqlite_file
def test_an_app_left_open_does_not_block_the_morning_import(team: Team) -> None:
    ctx = context(team, "anna")
    ctx.query(views.today, ctx.actor, on=ON)
    ctx.read(citizen_view, team.cases["anna-1"], today=ON, actor=ctx.actor)
    ctx.write(interviews.book_interview, team.cases["anna-1"], kind="follow_up",
              mode="phone", at=datetime(2026, 12, 2, 9, 0), actor=ctx.actor, today=ON)
    assert ctx._engine is not None  # the app keeps its engine (and pool) while idle
    try:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", WRITER, str(team.db)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert float(done.stdout) < 1.0  # the write itself did not wait for the app
        assert time.monotonic() - started < 10
    finally:
        ctx.close()
