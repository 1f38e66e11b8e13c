"""sdp-2025's facts through the use cases: the agreed next follow-up day, the § 13 f mark and
the recorded return; each audited and recomputing the obligations in the same transaction."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.errors import AccessDenied, DomainError
from caseload.models import AuditEntry, Interview, ReturnRecord
from caseload.services import cases, caseworkers, interviews, returns, settings
from caseload.services.access import resolve_actor
from caseload.store.uow import read_session, write_session
from tests import intake
from tests.actors import LEAD

from .conftest import F, load_case, stored

FIRST = date(2026, 10, 28)


@pytest.fixture
def sdp(engine: Engine) -> Engine:
    with write_session(engine) as session:
        settings.ensure_rules(session, "sdp-2025")
        caseworkers.add_caseworker(session, login="anna", name="Anna Andersen")
        caseworkers.add_caseworker(session, login="bo", name="Bo Bech")
    return engine


def actor(engine: Engine, login: str = "anna"):  # noqa: ANN201
    with write_session(engine) as session:
        return resolve_actor(session, login)


CPRS = iter(f"1503{n:02d}-1234" for n in range(60, 99))


def open_case(engine: Engine, *, employed: bool = True, category: int | None = 2,
              held: date | None = FIRST) -> int:
    anna = actor(engine).caseworker_id
    with write_session(engine) as session:
        case = intake.open_case(
            session, cpr=next(CPRS), name="Test Borger",
            employment_status="employed" if employed else "unemployed",
            first_absence_day=F, caseworker_id=anna, today=F)
        if category is not None:
            cases.set_category(session, case.id, category, on=FIRST, actor=LEAD)
        if held is not None:
            at = datetime.combine(held, datetime.min.time()).replace(hour=10)
            interview = interviews.book_interview(session, case.id, kind="follow_up",
                                                  mode="in_person", at=at, actor=LEAD,
                                                  today=at.date())
            interviews.mark_interview(session, interview.id, "held", held_at=at, actor=LEAD)
        return case.id


def run(engine: Engine, use_case, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
    with write_session(engine) as session:
        return use_case(session, *args, **kwargs)


def audit_details(engine: Engine, case_id: int) -> list[tuple[str, str | None]]:
    with read_session(engine) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.case_id == case_id)
                            .order_by(AuditEntry.id)).all()
    return [(r.actor, r.detail) for r in rows]


def test_the_examples_stored(sdp: Engine) -> None:
    case_id = open_case(sdp)
    assert stored(sdp, case_id)["follow_up"] == [(date(2026, 12, 10), None)]
    assert stored(sdp, case_id)["reassessment"] == [(date(2027, 2, 7), None)]


def test_agreed_day_after_the_half_year(sdp: Engine) -> None:
    case_id = open_case(sdp)
    for day in (date(2026, 12, 10), date(2027, 1, 22), date(2027, 3, 5)):
        at = datetime.combine(day, datetime.min.time()).replace(hour=9)
        with write_session(sdp) as session:
            interview = interviews.book_interview(session, case_id, kind="follow_up",
                                                  mode="phone", at=at, actor=LEAD,
                                                  today=at.date())
            interviews.mark_interview(session, interview.id, "held", held_at=at, actor=LEAD)
    assert stored(sdp, case_id)["follow_up"][-1] == (date(2027, 4, 2), None)
    run(sdp, returns.agree_next_follow_up, case_id, date(2027, 5, 14), actor=actor(sdp))
    assert stored(sdp, case_id)["follow_up"][-1] == (date(2027, 5, 14), None)
    with read_session(sdp) as session:
        last = session.exec(select(Interview).where(Interview.case_id == case_id)
                            .order_by(Interview.held_at.desc())).first()
    assert last.next_agreed_on == date(2027, 5, 14)
    assert ("anna", "next follow-up agreed for 2027-05-14") in audit_details(sdp, case_id)


def test_agreed_day_must_follow_a_held_follow_up(sdp: Engine) -> None:
    nothing_held = open_case(sdp, held=None)
    with pytest.raises(DomainError, match="none is held yet"):
        run(sdp, returns.agree_next_follow_up, nothing_held, date(2027, 5, 14), actor=actor(sdp))
    case_id = open_case(sdp)
    with pytest.raises(DomainError, match="must come after the last held follow-up"):
        run(sdp, returns.agree_next_follow_up, case_id, FIRST, actor=actor(sdp))


def test_predictable_course_suspends_follow_ups_until_the_return(sdp: Engine) -> None:
    case_id = open_case(sdp)
    marked = run(sdp, returns.mark_predictable_course, case_id, date(2027, 1, 10),
                 actor=actor(sdp))
    assert marked == FIRST
    found = stored(sdp, case_id)
    assert "follow_up" not in found
    assert found["return_check"] == [(date(2027, 1, 10), None)]
    case = load_case(sdp, case_id)
    assert (case.predictable_course_on, case.predictable_return_on) == (FIRST, date(2027, 1, 10))
    # The return did not happen: § 13 f ends, the category 2 rhythm applies from that day.
    run(sdp, returns.record_return, case_id, date(2027, 1, 10), False, actor=actor(sdp))
    found = stored(sdp, case_id)
    assert found["return_check"] == [(date(2027, 1, 10), date(2027, 1, 10))]
    assert found["follow_up"] == [(date(2027, 1, 28), None)]
    assert load_case(sdp, case_id).status == "open"
    assert ("anna", "return did not happen") in audit_details(sdp, case_id)


def test_a_return_that_happened_closes_the_case(sdp: Engine) -> None:
    case_id = open_case(sdp)
    run(sdp, returns.mark_predictable_course, case_id, date(2027, 1, 10), actor=actor(sdp))
    run(sdp, returns.record_return, case_id, date(2027, 1, 8), True, actor=actor(sdp))
    case = load_case(sdp, case_id)
    assert (case.status, case.closed_on, case.close_reason) == (
        "closed", date(2027, 1, 8), "return_to_work")
    assert stored(sdp, case_id) == {}
    with read_session(sdp) as session:
        records = session.exec(select(ReturnRecord)).all()
    assert [(r.recorded_on, r.happened, r.recorded_by) for r in records] == [
        (date(2027, 1, 8), True, "anna")]


@pytest.mark.parametrize(("setup", "expected", "message"), [
    ({"employed": False}, date(2027, 1, 10), "employed citizens only"),
    ({"category": 1}, date(2027, 1, 10), "applies to category 2"),
    ({"held": None}, date(2027, 1, 10), "none is held yet"),
    ({}, date(2027, 1, 27), "between 2026-10-28 and 2027-01-26"),
    ({}, date(2026, 10, 27), "between 2026-10-28 and 2027-01-26"),
])
def test_predictable_course_refused(sdp: Engine, setup: dict, expected: date,
                                    message: str) -> None:
    case_id = open_case(sdp, **setup)
    with pytest.raises(DomainError, match=message):
        run(sdp, returns.mark_predictable_course, case_id, expected, actor=actor(sdp))
    assert load_case(sdp, case_id).predictable_course_on is None


def test_category_3_refused_and_old_category_3_read_as_2(engine: Engine, sdp: Engine) -> None:
    case_id = open_case(sdp, category=None)
    with pytest.raises(DomainError, match="category 3 is not used by the rule set sdp-2025"):
        run(sdp, cases.set_category, case_id, 3, on=FIRST, actor=LEAD)
    # A case triaged to 3 under the old rules is read as 2 under sdp-2025.
    with write_session(sdp) as session:
        settings.ensure_rules(session, "sdp-2014")
        cases.set_category(session, case_id, 3, on=FIRST, actor=LEAD)
        settings.ensure_rules(session, "sdp-2025")
    assert stored(sdp, case_id)["follow_up"] == [(date(2026, 12, 10), None)]
    assert "rehabilitation_team" not in stored(sdp, case_id)


def test_other_rule_sets_refuse_the_new_facts(engine: Engine) -> None:
    with write_session(engine) as session:
        caseworkers.add_caseworker(session, login="anna", name="Anna Andersen")
    case_id = open_case(engine)
    with pytest.raises(DomainError, match="aktive-2008 does not use an agreed"):
        run(engine, returns.agree_next_follow_up, case_id, date(2027, 5, 14),
            actor=actor(engine))
    with pytest.raises(DomainError, match="aktive-2008 has no § 13 f"):
        run(engine, returns.mark_predictable_course, case_id, date(2027, 1, 10),
            actor=actor(engine))


def test_only_the_caseworker_of_the_case_may_record(sdp: Engine) -> None:
    case_id = open_case(sdp)
    with pytest.raises(AccessDenied):
        run(sdp, returns.record_return, case_id, date(2027, 1, 8), False, actor=actor(sdp, "bo"))
    with read_session(sdp) as session:
        assert session.exec(select(ReturnRecord)).all() == []
