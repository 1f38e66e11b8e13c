"""A database with known closing days per group, built through the services, for the report.

Every case has its first day of absence on Monday 2026-09-07; the asked day is Monday
2026-12-28, 112 days (16 weeks) later. Cases still open are censored at 16 weeks.

- participants (anna): closed after 21, 35, 35 and 56 days (3, 5, 5 and 8 weeks), two open;
  the one closed after 56 days ended its benefit, the others returned to work; the first
  open one had a partial return to work of 12 hours a week from 2026-10-05.
- controls (bo): closed after 42, 63, 70 and 98 days (6, 9, 10 and 14 weeks), three open;
  one open control is exempted (hospitalisation, 2026-10-01).
- outside (anna): closed after 30 days (benefit ended), two open: a group under 5 cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.actors import LEAD
from tests.store.conftest import cli  # noqa: F401 - the in-process CLI, as a fixture here

FIRST = date(2026, 9, 7)
TODAY = date(2026, 12, 28)
ON = TODAY.isoformat()
# (group, caseworker, days to closing or None, close reason)
CASES = [
    ("participant", "anna", 21, "return_to_work"), ("participant", "anna", 35, "return_to_work"),
    ("participant", "anna", 35, "return_to_work"), ("participant", "anna", 56, "benefit_ended"),
    ("participant", "anna", None, None), ("participant", "anna", None, None),
    ("control", "bo", 42, "return_to_work"), ("control", "bo", 63, "return_to_work"),
    ("control", "bo", 70, "benefit_ended"), ("control", "bo", 98, "return_to_work"),
    ("control", "bo", None, None), ("control", "bo", None, None), ("control", "bo", None, None),
    ("outside", "anna", 30, "benefit_ended"), ("outside", "anna", None, None),
    ("outside", "anna", None, None),
]
NAMES = [f"Borger{chr(65 + i)} Efternavn{chr(65 + i)}" for i in range(len(CASES))]
CPRS = [f"{1 + i:02d}0{1 + i % 9}801234" for i in range(len(CASES))]


class Built(NamedTuple):
    path: Path
    ids: list[int]


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from caseload import identity
    from caseload.services import cases, caseworkers, referrals
    from caseload.services.db import init_database
    from caseload.store.uow import write_session
    from tests import intake

    path = tmp_path_factory.mktemp("report") / "caseload.db"
    engine, _, _ = init_database(path)
    ids = []
    with write_session(engine) as session:
        workers = {login: caseworkers.add_caseworker(session, login=login, name=login.title()).id
                   for login in ("anna", "bo")}
        caseworkers.add_caseworker(session, login=identity.current_login(), name="Lead",
                                   role="team_lead")
        for (group, login, _, _), name, cpr in zip(CASES, NAMES, CPRS, strict=True):
            case = intake.open_case(session, cpr=cpr, name=name, first_absence_day=FIRST,
                                    caseworker_id=workers[login], group=group,
                                    today=FIRST + timedelta(days=2))
            ids.append(case.id)
    with write_session(engine) as session:
        referrals.refer(session, ids[4], offer_id=None, start=date(2026, 10, 5),
                        hours_per_week=12, justification="Aftalt med arbejdsgiver",
                        purpose="Gradvis tilbagevenden", actor=LEAD)
        cases.set_exemption(session, ids[10], "hospitalisation", on=date(2026, 10, 1), actor=LEAD)
        for case_id, (_, _, days, reason) in zip(ids, CASES, strict=True):
            if days is not None:
                cases.close_case(session, case_id, on=FIRST + timedelta(days=days),
                                 reason=reason, today=TODAY, actor=LEAD)
    engine.dispose()
    return Built(path, ids)


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    from caseload import i18n

    before = i18n.language()
    yield
    i18n.set_language(before)


def session_report(path: Path, login: str, *, as_user: str | None = None, all_: bool = False,
                   **kwargs: object):  # noqa: ANN201
    """The report as ``login`` sees it (through the service, in a read transaction)."""
    from caseload.services.access import resolve_actor
    from caseload.services.report import trial_report
    from caseload.store.database import open_database
    from caseload.store.uow import read_session

    engine = open_database(path)
    try:
        with read_session(engine) as session:
            actor = resolve_actor(session, login, as_user, all_)
            return trial_report(session, actor, today=kwargs.pop("today", TODAY), **kwargs)
    finally:
        engine.dispose()


def stamp(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())
