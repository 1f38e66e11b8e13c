"""Use cases on a case: triage (category), exemption, participation, reassessment, closing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from caseload.clock import now_utc
from caseload.clock import today as clock_today
from caseload.domain.model import CLOSE_REASONS, ExemptionReason
from caseload.errors import DomainError
from caseload.models import Case, CaseEvent, CategoryChangeRow, Exemption
from caseload.services.access import Actor, guard, lead_only
from caseload.services.common import get_case, get_open_case, touch
from caseload.services.obligations import refresh_case

PARTICIPATION_STATUSES = ("completed", "interrupted")


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
                      status: str = "completed", actor: Actor) -> Case:
    """Record the end of the participation in the trial: the day, its status (completed or
    interrupted) and its outcome."""
    if not (outcome and outcome.strip()):
        raise DomainError("ending the participation needs its outcome")
    if status not in PARTICIPATION_STATUSES:
        raise DomainError(f"a participation ends {' or '.join(PARTICIPATION_STATUSES)}")
    guard(session, actor, case_id, "change", detail=f"participation ended ({status})")
    case = get_open_case(session, case_id)
    if case.group != "participant":
        raise DomainError(f"case {case_id} is not in the participant group")
    outcome = outcome.strip()
    case.participation_ended_on, case.participation_outcome = on, outcome
    case.participation_status = status
    now = now_utc()
    session.add(CaseEvent(case_id=case.id, kind="participation_ended", new_value=status,
                          reason=outcome, by=actor.login, at=now))
    touch(case, now)
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
               text: str | None = None, today: date | None = None,
               actor: Actor) -> Case:
    """Close the case on ``on`` for one of ``CLOSE_REASONS`` ("other" with ``text``): not
    before its first day of absence, nor after ``today`` (unless the rule set lets a case be
    closed some days ahead). The closing is kept as an event; a team lead can reopen it."""
    from caseload.i18n import t
    from caseload.services.settings import ruleset

    if reason not in CLOSE_REASONS:
        raise DomainError(f"a case is closed for one of: {', '.join(CLOSE_REASONS)}")
    text = text.strip() if text and text.strip() else None
    if reason == "other" and text is None:
        raise DomainError(t("case_close.other_needs_text"))
    guard(session, actor, case_id, "change", detail=f"closed ({reason})")
    case = get_open_case(session, case_id)
    if on < case.first_absence_day:
        raise DomainError(t("case_close.before_absence",
                            day=case.first_absence_day.strftime(t("format.date"))))
    today = today or clock_today()
    latest = today + timedelta(days=ruleset(session).close_ahead_days)
    if on > latest:
        raise DomainError(t("case_close.after_today", day=latest.strftime(t("format.date"))))
    case.status, case.closed_on, case.close_reason = "closed", on, reason
    case.close_reason_text = text
    now = now_utc()
    session.add(CaseEvent(case_id=case.id, kind="closed", new_value=reason, reason=text,
                          by=actor.login, at=now))
    touch(case, now)
    refresh_case(session, case)
    return case


def reopen_case(session: Session, case_id: int, *, reason: str, actor: Actor) -> Case:
    """A team lead reopens a closed case, saying why. The closing stays in the case's events
    (and the audit log); the obligations are recomputed as for an open case."""
    from caseload.i18n import t

    lead_only(session, actor, "reopen a case")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(t("case_reopen.needs_reason"))
    case = get_case(session, case_id)
    guard(session, actor, case_id, "change", detail="reopened")
    if case.status != "closed":
        raise DomainError(t("case_reopen.not_closed"))
    old = f"{case.close_reason} {case.closed_on.isoformat() if case.closed_on else ''}".strip()
    case.status, case.closed_on, case.close_reason, case.close_reason_text = (
        "open", None, None, None)
    now = now_utc()
    session.add(CaseEvent(case_id=case.id, kind="reopened", old_value=old, reason=reason,
                          by=actor.login, at=now))
    touch(case, now)
    session.flush()
    refresh_case(session, case)
    return case


def assign(session: Session, case_id: int, caseworker_id: int | None) -> Case:
    case = get_open_case(session, case_id)
    case.caseworker_id = caseworker_id
    touch(case)
    session.flush()
    return case
