"""Use cases on a case: triage (category), exemption, participation, reassessment, closing."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from caseload.clock import now_utc
from caseload.domain.model import ExemptionReason
from caseload.errors import DomainError
from caseload.models import Case, CategoryChangeRow, Exemption
from caseload.services.access import Actor, guard
from caseload.services.common import get_open_case, touch
from caseload.services.obligations import refresh_case

CLOSE_REASONS = ("return_to_work", "benefit_ended")


def set_category(session: Session, case_id: int, category: int | None, *, on: date,
                 by: str | None = None, reason: str | None = None,
                 actor: Actor) -> Case:
    if isinstance(category, bool) or category not in (1, 2, 3, None):
        raise DomainError(f"category must be 1, 2 or 3, not {category!r}")
    _check_category_in_use(session, category)
    guard(session, actor, case_id, "change", detail=f"category {category}")
    case = get_open_case(session, case_id)
    session.add(CategoryChangeRow(case_id=case.id, category=category, changed_on=on,
                                  changed_by=by, reason=reason, created_at=now_utc()))
    case.category = category
    touch(case)
    session.flush()
    refresh_case(session, case)
    return case


def _check_category_in_use(session: Session, category: int | None) -> None:
    from caseload.services.settings import ruleset

    rules = ruleset(session)
    if category is not None and category not in rules.categories:
        allowed = ", ".join(map(str, rules.categories))
        raise DomainError(f"category {category} is not used by the rule set {rules.name} "
                          f"(categories: {allowed})")


def set_exemption(session: Session, case_id: int, reason: str, *, on: date,
                  text: str | None = None, by: str | None = None,
                  actor: Actor) -> Exemption:
    try:
        reason = ExemptionReason(reason).value
    except ValueError:
        allowed = ", ".join(r.value for r in ExemptionReason)
        raise DomainError(f"exemption reason must be one of {allowed}") from None
    text = text.strip() if text and text.strip() else None
    if reason == ExemptionReason.OTHER and text is None:
        raise DomainError("an exemption for another reason needs a text saying what it is")
    guard(session, actor, case_id, "change", detail=f"exemption ({reason})")
    case = get_open_case(session, case_id)
    current = current_exemption(session, case.id)
    if current is not None:
        current.lifted_on = on
    exemption = Exemption(case_id=case.id, reason=reason, reason_text=text, decided_on=on,
                          decided_by=by, created_at=now_utc())
    session.add(exemption)
    case.exempt = True
    touch(case)
    session.flush()
    refresh_case(session, case)
    return exemption


def lift_exemption(session: Session, case_id: int, *, on: date,
                   actor: Actor) -> Case:
    guard(session, actor, case_id, "change", detail="exemption lifted")
    case = get_open_case(session, case_id)
    current = current_exemption(session, case.id)
    if current is None:
        raise DomainError(f"case {case_id} is not exempted")
    current.lifted_on = on
    case.exempt = False
    touch(case)
    session.flush()
    refresh_case(session, case)
    return case


def current_exemption(session: Session, case_id: int | None) -> Exemption | None:
    return session.exec(
        select(Exemption).where(Exemption.case_id == case_id, Exemption.lifted_on.is_(None))
    ).first()


def end_participation(session: Session, case_id: int, *, on: date, outcome: str,
                      actor: Actor) -> Case:
    if not (outcome and outcome.strip()):
        raise DomainError("ending the participation needs its outcome")
    guard(session, actor, case_id, "change", detail="participation ended")
    case = get_open_case(session, case_id)
    if case.group != "participant":
        raise DomainError(f"case {case_id} is not in the participant group")
    outcome = outcome.strip()
    case.participation_ended_on, case.participation_outcome = on, outcome
    touch(case)
    refresh_case(session, case)
    return case


def record_reassessment(session: Session, case_id: int, *, on: date,
                        actor: Actor) -> Case:
    guard(session, actor, case_id, "change", detail="reassessment")
    case = get_open_case(session, case_id)
    case.reassessed_on = on
    touch(case)
    refresh_case(session, case)
    return case


def close_case(session: Session, case_id: int, *, on: date, reason: str,
               actor: Actor) -> Case:
    if reason not in CLOSE_REASONS:
        raise DomainError(f"a case is closed for one of: {', '.join(CLOSE_REASONS)}")
    guard(session, actor, case_id, "change", detail=f"closed ({reason})")
    case = get_open_case(session, case_id)
    if on < case.first_absence_day:
        raise DomainError(f"a case cannot close before its first day of absence "
                          f"({case.first_absence_day.isoformat()})")
    case.status, case.closed_on, case.close_reason = "closed", on, reason
    touch(case)
    refresh_case(session, case)
    return case


def assign(session: Session, case_id: int, caseworker_id: int | None) -> Case:
    case = get_open_case(session, case_id)
    case.caseworker_id = caseworker_id
    touch(case)
    session.flush()
    return case
