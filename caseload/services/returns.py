"""Use cases for the facts sdp-2025 asks for: the next follow-up day agreed with the citizen,
the § 13 f mark (employed, predictable course, expected return) and the recorded return.

Each takes the acting caseworker, is audit-logged as a change, and recomputes the case's
obligations in the same transaction. Whether a rule set uses a fact is data (the rule set
says so: ``agrees_next_day``, ``predictable_course_weeks``), never its name.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from caseload.clock import now_utc
from caseload.errors import DomainError
from caseload.models import Citizen, Interview, ReturnRecord
from caseload.services.access import Actor, guard
from caseload.services.cases import close_case
from caseload.services.common import get_open_case, touch
from caseload.services.obligations import refresh_case
from caseload.services.settings import ruleset


def _held_follow_ups(session: Session, case_id: int) -> list[Interview]:
    return list(session.exec(
        select(Interview).where(Interview.case_id == case_id, Interview.kind == "follow_up",
                                Interview.status == "held")
        .order_by(Interview.held_at, Interview.id)).all())


def agree_next_follow_up(session: Session, case_id: int, on: date, *,
                         actor: Actor) -> Interview:
    """Record, at the last held follow-up, the next follow-up day agreed with the citizen."""
    rules = ruleset(session)
    if not rules.agrees_next_day:
        raise DomainError(f"the rule set {rules.name} does not use an agreed next follow-up day")
    guard(session, actor, case_id, "change", detail=f"next follow-up agreed for {on}")
    case = get_open_case(session, case_id)
    held = _held_follow_ups(session, case.id)
    if not held:
        raise DomainError("a next follow-up day is agreed at a held follow-up interview: "
                          "none is held yet")
    last = held[-1]
    if last.held_at is None or on <= last.held_at.date():
        raise DomainError(f"the agreed day must come after the last held follow-up "
                          f"({last.held_at.date().isoformat() if last.held_at else '?'})")
    last.next_agreed_on = on
    last.updated_at = now_utc()
    session.add(last)
    touch(case)
    session.flush()
    refresh_case(session, case, rules)
    return last


def mark_predictable_course(session: Session, case_id: int, expected_return: date, *,
                            actor: Actor) -> date:
    """§ 13 f: mark an employed citizen in category 2 as a predictable course at the first
    follow-up, with the expected full return. Returns the day of the mark (that interview)."""
    rules = ruleset(session)
    weeks = rules.predictable_course_weeks
    if weeks is None:
        raise DomainError(f"the rule set {rules.name} has no § 13 f return check")
    guard(session, actor, case_id, "change", detail="§ 13 f predictable course")
    case = get_open_case(session, case_id)
    if case.predictable_course_on is not None:
        raise DomainError(f"case {case_id} is already marked as a predictable course")
    if rules.read_category(case.category) != 2:
        raise DomainError("§ 13 f applies to category 2: set the category first")
    citizen = session.get(Citizen, case.citizen_id)
    if citizen is None or citizen.employment_status != "employed":
        raise DomainError("§ 13 f applies to employed citizens only")
    held = _held_follow_ups(session, case.id)
    if not held or held[0].held_at is None:
        raise DomainError("§ 13 f is marked at the first follow-up interview: none is held yet")
    marked_on = held[0].held_at.date()
    latest = marked_on + timedelta(days=7 * weeks - 1)
    if not marked_on <= expected_return <= latest:
        raise DomainError(f"the expected return must be between {marked_on.isoformat()} and "
                          f"{latest.isoformat()} (the end of week {weeks} after the first "
                          "follow-up)")
    case.predictable_course_on, case.predictable_return_on = marked_on, expected_return
    touch(case)
    session.flush()
    refresh_case(session, case, rules)
    return marked_on


def record_return(session: Session, case_id: int, on: date, happened: bool, *,
                  actor: Actor) -> ReturnRecord:
    """Record whether the expected return to work happened on ``on``. A return that happened
    closes the case (return to work); one that did not keeps it open (and ends § 13 f)."""
    guard(session, actor, case_id, "change",
          detail=f"return {'happened' if happened else 'did not happen'}")
    case = get_open_case(session, case_id)
    if on < case.first_absence_day:
        raise DomainError(f"a return cannot be recorded before the first day of absence "
                          f"({case.first_absence_day.isoformat()})")
    record = ReturnRecord(case_id=case.id, recorded_on=on, happened=happened,
                          recorded_by=actor.login, created_at=now_utc())
    session.add(record)
    touch(case)
    session.flush()
    refresh_case(session, case)
    if happened:
        # the day of the return is the day it is recorded for: closing is not "ahead" of it
        close_case(session, case.id, on=on, reason="return_to_work", today=on, actor=actor)
    return record
