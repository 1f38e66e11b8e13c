"""A caseworker's calendar: what is booked, whether a slot is free, the week at a glance.

The rules (working days, working hours, overlaps, the next free slots) are the pure
``caseload.domain.slots`` over the busy periods read here; the working hours and interview
lengths are the team's configuration (``caseload.services.settings.working_hours``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, or_, select

from caseload.domain import slots
from caseload.domain.slots import Busy, Gap, Refusal, WorkingHours
from caseload.errors import DomainError, NotFound
from caseload.i18n import t
from caseload.models import Case, Caseworker, Citizen, Interview
from caseload.services import settings
from caseload.services.access import Actor

ACTIVE = ("booked", "held")  # statuses that take up the calendar
OFFERED = 3  # free slots offered with a refusal


def _when(moment: datetime) -> str:
    return f"{moment.strftime(t('format.date'))} {moment:%H:%M}"


class SlotTaken(DomainError):
    """A booking the calendar refuses: why, and the next free slots to offer instead."""

    def __init__(self, reason: Refusal | str, *, free: list[datetime],
                 clash: datetime | None = None) -> None:
        self.reason = str(reason)
        self.free = free
        self.clash = clash
        text = t(f"calendar.refused_{self.reason}",
                 when=_when(clash) if clash else "")
        if free:
            text += " " + t("calendar.free_slots",
                            slots=", ".join(_when(moment) for moment in free))
        super().__init__(text)


def busy(session: Session, *, caseworker_id: int | None, start: date, end: date,
         case_id: int | None = None, exclude: int | None = None,
         hours: WorkingHours | None = None) -> list[Busy]:
    """Booked and held interviews of the caseworker (and of the case's citizen) on the days
    ``start`` … ``end``, each as long as its kind takes."""
    hours = hours or settings.working_hours(session)
    whose = []
    if caseworker_id is not None:
        whose.append(Interview.caseworker_id == caseworker_id)
    if case_id is not None:
        whose.append(Interview.case_id == case_id)
    if not whose:
        return []
    rows = session.exec(select(Interview).where(
        or_(*whose), col(Interview.status).in_(ACTIVE),
        Interview.booked_for >= datetime.combine(start, time.min),
        Interview.booked_for < datetime.combine(end + timedelta(days=1), time.min),
    ).order_by(Interview.booked_for)).all()
    return [Busy(row.booked_for, row.booked_for + hours.length(row.kind), row.id, row.case_id)
            for row in rows if row.id != exclude]


def next_free(session: Session, *, caseworker_id: int | None, kind: str, after: datetime,
              today: date, case_id: int | None = None, exclude: int | None = None,
              count: int = OFFERED) -> list[datetime]:
    """The next ``count`` free starts for an interview of ``kind`` on or after ``after``."""
    hours = settings.working_hours(session)
    first = max(after.date(), today)
    taken = busy(session, caseworker_id=caseworker_id, case_id=case_id, exclude=exclude,
                 start=first, end=first + timedelta(days=60), hours=hours)
    return slots.free_slots(max(after, datetime.combine(first, time.min)),
                            hours.length(kind), taken, hours, today, count=count)


def check_slot(session: Session, *, caseworker_id: int | None, case_id: int, kind: str,
               at: datetime, today: date, exclude: int | None = None) -> None:
    """Refuse (``SlotTaken``, with the next free slots) a booking the calendar cannot take:
    a past day, a weekend or public holiday, outside working hours, overlapping another
    interview of the caseworker or of the citizen, or the citizen already booked for an
    interview of this kind."""
    already = session.exec(select(Interview).where(
        Interview.case_id == case_id, Interview.kind == kind, Interview.status == "booked",
        Interview.booked_for >= datetime.combine(today, time.min),
    ).order_by(Interview.booked_for)).all()
    already = [row for row in already if row.id != exclude]
    if already:
        raise SlotTaken("already", free=[], clash=already[0].booked_for)
    hours = settings.working_hours(session)
    taken = busy(session, caseworker_id=caseworker_id, case_id=case_id, exclude=exclude,
                 start=at.date(), end=at.date(), hours=hours)
    found = slots.refusal(at, hours.length(kind), taken, hours, today)
    if found is None:
        return
    reason, clash = found
    after = at if reason in (Refusal.OVERLAP, Refusal.HOURS) else datetime.combine(
        max(at.date(), today), time.min)
    free = next_free(session, caseworker_id=caseworker_id, kind=kind, after=after,
                     today=today, case_id=case_id, exclude=exclude)
    raise SlotTaken(reason, free=free, clash=clash.start if clash else None)


def calendar_owner(session: Session, case: Case, caseworker_id: int | None,
                   actor: Actor | None) -> int | None:
    """Whose calendar a booking lands on: the caseworker it names, else the one holding the
    case, else (a case nobody holds) the one booking it."""
    if caseworker_id is not None:
        worker = session.get(Caseworker, caseworker_id)
        if worker is None or not worker.active:
            raise NotFound(t("calendar.no_caseworker", id=caseworker_id))
        return caseworker_id
    if case.caseworker_id is not None:
        return case.caseworker_id
    if actor is not None and session.get(Caseworker, actor.caseworker_id) is not None:
        return actor.caseworker_id
    return None


# -- the week view -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekEntry:
    interview_id: int
    case_id: int
    start: datetime
    end: datetime
    citizen: str
    kind: str
    mode: str
    status: str
    caseworker_id: int | None = None


@dataclass(frozen=True, slots=True)
class WeekDay:
    day: date
    working: bool
    entries: list[WeekEntry]
    free: list[Gap]


@dataclass(frozen=True, slots=True)
class Week:
    caseworker_id: int
    caseworker: str
    days: list[WeekDay]


def caseworkers(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Whose week the actor may see: a team lead every active caseworker's, anyone else
    their own."""
    rows = session.exec(select(Caseworker).where(Caseworker.active == True)  # noqa: E712
                        .order_by(Caseworker.name)).all()
    if not actor.is_lead:
        rows = [row for row in rows if row.id == actor.caseworker_id]
    return [(row.id, row.name) for row in rows]


def week(session: Session, caseworker_id: int, day: date, *, actor: Actor) -> Week:
    """Monday to Friday of the week holding ``day`` for one caseworker: the booked and held
    interviews, and the free periods long enough for the shortest interview. A caseworker
    sees their own week; a team lead anyone's."""
    if not actor.is_lead and actor.caseworker_id != caseworker_id:
        from caseload.errors import AccessDenied

        raise AccessDenied(t("calendar.not_your_week"))
    worker = session.get(Caseworker, caseworker_id)
    if worker is None:
        raise NotFound(t("calendar.no_caseworker", id=caseworker_id))
    hours = settings.working_hours(session)
    days = slots.week_of(day)
    rows = session.exec(
        select(Interview, Citizen.name).join(Case, Case.id == Interview.case_id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(Interview.caseworker_id == caseworker_id, col(Interview.status).in_(ACTIVE),
               Interview.booked_for >= datetime.combine(days[0], time.min),
               Interview.booked_for < datetime.combine(days[-1] + timedelta(days=1),
                                                        time.min))
        .order_by(Interview.booked_for)).all()
    shortest = timedelta(minutes=min(hours.minutes.values()))
    result = []
    for current in days:
        entries = [WeekEntry(row.id, row.case_id, row.booked_for,
                             row.booked_for + hours.length(row.kind), name, row.kind,
                             row.mode, row.status)
                   for row, name in rows if row.booked_for.date() == current]
        taken = [Busy(e.start, e.end, e.interview_id) for e in entries]
        result.append(WeekDay(current, slots.is_working_day(current), entries,
                              slots.free_gaps(current, taken, hours, shortest)))
    return Week(caseworker_id, worker.name, result)


def upcoming(session: Session, case_id: int, *, today: date, actor: Actor) -> list[WeekEntry]:
    """The case's booked interviews from ``today`` on, earliest first (to move or cancel)."""
    from caseload.services.access import guard

    guard(session, actor, case_id, "read", detail="booked interviews")
    hours = settings.working_hours(session)
    rows = session.exec(
        select(Interview, Citizen.name).join(Case, Case.id == Interview.case_id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(Interview.case_id == case_id, Interview.status == "booked",
               Interview.booked_for >= datetime.combine(today, time.min))
        .order_by(Interview.booked_for)).all()
    return [WeekEntry(row.id, row.case_id, row.booked_for,
                      row.booked_for + hours.length(row.kind), name, row.kind, row.mode,
                      row.status, row.caseworker_id) for row, name in rows]
