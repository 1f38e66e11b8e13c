"""Use cases on interviews: book one (checked by the calendar), move or cancel it, mark it
held, no-show or cancelled."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from caseload.clock import DANISH, now_local, now_utc
from caseload.clock import today as clock_today
from caseload.domain.model import InterviewKind, InterviewMode, InterviewStatus
from caseload.errors import DomainError, NotFound
from caseload.i18n import t
from caseload.models import CaseEvent, Interview
from caseload.services.access import Actor, guard
from caseload.services.common import get_open_case, touch
from caseload.services.obligations import refresh_case


def _enum(enum, value: str, what: str):  # noqa: ANN001, ANN202
    try:
        return enum(value)
    except ValueError:
        raise DomainError(f"{what} must be one of {', '.join(e.value for e in enum)}") from None


def local(moment: datetime) -> datetime:
    """Danish wall-clock time, naive: an aware moment is converted, a naive one kept."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(DANISH)
    return moment.replace(tzinfo=None)


def book_interview(session: Session, case_id: int, *, kind: str, mode: str,
                   at: datetime, caseworker_id: int | None = None,
                   actor: Actor, today: date | None = None) -> Interview:
    """Book an interview on the calendar of ``caseworker_id``, else of the caseworker holding
    the case. The calendar refuses (``calendar.SlotTaken``, nothing stored, the next free
    slots offered) a past day (before ``today``, default the clock's), a weekend or public
    holiday, a time outside working hours, an overlap with another interview of the
    caseworker or the citizen, and a second booked interview of the same kind."""
    from caseload.services import calendar

    kind = _enum(InterviewKind, kind, "interview kind").value
    mode = _enum(InterviewMode, mode, "interview mode").value
    guard(session, actor, case_id, "change", detail=f"book {kind} interview")
    case = get_open_case(session, case_id)
    owner = calendar.calendar_owner(session, case, caseworker_id, actor)
    at = local(at)
    calendar.check_slot(session, caseworker_id=owner, case_id=case.id, kind=kind, at=at,
                        today=today or clock_today())
    now = now_utc()
    interview = Interview(case_id=case.id, kind=kind, mode=mode, status="booked",
                          booked_for=at, caseworker_id=owner,
                          created_at=now, updated_at=now)
    session.add(interview)
    touch(case, now)
    session.flush()
    return interview


def _booked(session: Session, interview_id: int) -> Interview:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview {interview_id}")
    if interview.status != InterviewStatus.BOOKED.value:
        raise DomainError(t("calendar.not_booked"))
    return interview


def move_interview(session: Session, interview_id: int, *, at: datetime,
                   caseworker_id: int | None = None, mode: str | None = None,
                   actor: Actor, today: date | None = None) -> Interview:
    """Move a booked interview to another time (and/or another caseworker's calendar),
    checked by the calendar as a new booking is (its own old slot counts as free)."""
    from caseload.services import calendar

    interview = _booked(session, interview_id)
    guard(session, actor, interview.case_id, "change",
          detail=f"interview {interview_id} moved")
    case = get_open_case(session, interview.case_id)
    owner = (calendar.calendar_owner(session, case, caseworker_id, actor)
             if caseworker_id is not None else interview.caseworker_id
             or calendar.calendar_owner(session, case, None, actor))
    at = local(at)
    calendar.check_slot(session, caseworker_id=owner, case_id=case.id, kind=interview.kind,
                        at=at, today=today or clock_today(), exclude=interview.id)
    interview.booked_for = at
    interview.caseworker_id = owner
    if mode is not None:
        interview.mode = _enum(InterviewMode, mode, "interview mode").value
    interview.updated_at = now_utc()
    session.add(interview)
    touch(case)
    session.flush()
    return interview


def cancel_interview(session: Session, interview_id: int, *,
                     actor: Actor) -> Interview:
    """Call off a booked interview (the citizen's afbud, or the caseworker's): it is kept,
    marked cancelled, and frees its slot."""
    _booked(session, interview_id)
    return mark_interview(session, interview_id, InterviewStatus.CANCELLED.value, actor=actor)


def mark_interview(session: Session, interview_id: int, status: str, *,
                   held_at: datetime | None = None, mode: str | None = None,
                   actor: Actor) -> Interview:
    """Record what became of a booked interview. Only a held one meets an obligation."""
    new = _enum(InterviewStatus, status, "interview status")
    if new is InterviewStatus.BOOKED:
        raise DomainError("an interview is booked by booking it, not by marking it")
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview {interview_id}")
    guard(session, actor, interview.case_id, "change",
          detail=f"interview {interview_id} {new.value}")
    case = get_open_case(session, interview.case_id)
    if mode is not None:
        interview.mode = _enum(InterviewMode, mode, "interview mode").value
    interview.status = new.value
    if new is InterviewStatus.HELD:
        interview.held_at = (local(held_at) if held_at is not None
                             else min(interview.booked_for, now_local()))
    else:
        interview.held_at = None
    interview.updated_at = now_utc()
    session.add(interview)
    touch(case)
    session.flush()
    refresh_case(session, case)
    return interview


CORRECTABLE = ("held", "no_show", "cancelled", "booked")


def correct_status(session: Session, interview_id: int, status: str, *, reason: str,
                   actor: Actor, held_at: datetime | None = None) -> CaseEvent:
    """Correct the recorded status of an interview (no-show pressed for held, say).

    Only the interview's caseworker (the case's, if the interview names none) or a team lead
    may; the reason is required. The correction is kept as a new event (who, when, why, the
    old and the new status), logged, and the case's obligations are recomputed, all in the
    caller's transaction."""
    from caseload.i18n import t
    from caseload.services import audit
    from caseload.services.policy import Refused

    new = _enum(InterviewStatus, status, "interview status").value
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(t("correction.needs_reason"))
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview {interview_id}")
    case = get_open_case(session, interview.case_id)
    holder = interview.caseworker_id or case.caseworker_id
    if not (actor.is_lead or actor.caseworker_id == holder):
        raise audit.refuse(session, Refused(
            t("correction.not_yours"), actor=actor.login, citizen_id=case.citizen_id,
            case_id=case.id, detail=f"correct interview {interview_id}"))
    old = interview.status
    if old == new:
        raise DomainError(t("correction.same", status=t(f"status.{new}")))
    interview.status = new
    interview.held_at = ((local(held_at) if held_at is not None
                          else min(interview.booked_for, now_local()))
                         if new == InterviewStatus.HELD.value else None)
    now = now_utc()
    interview.updated_at = now
    session.add(interview)
    event = CaseEvent(case_id=case.id, interview_id=interview.id, kind="status_corrected",
                      old_value=old, new_value=new, reason=reason, by=actor.login, at=now)
    session.add(event)
    audit.log(session, actor, "change", case.citizen_id, case.id,
              detail=f"interview {interview_id} status corrected {old} -> {new}", at=now)
    touch(case, now)
    session.flush()
    refresh_case(session, case)
    return event
