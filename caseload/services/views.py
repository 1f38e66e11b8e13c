"""Read use cases for the app's screens: plain dataclasses, never ORM objects.

Each function takes a session (opened by the caller for this one use case), the caseworker
(``None``: the whole team) and ``today``; none reads the clock. CPR numbers leave here masked.
They read the stored ``obligations`` table and ``cases.next_due`` kept by
``caseload.services.obligations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, or_
from sqlmodel import Session, select

from caseload.domain.calendar import latest_working_day_on_or_before, week_of_absence
from caseload.domain.cpr import mask
from caseload.domain.model import InterviewKind, InterviewMode, ObligationKind
from caseload.models import Case, Citizen, Interview, ObligationRow

SOON_DAYS = 7
PAGE = 200


@dataclass(frozen=True, slots=True)
class TodayInterview:
    interview_id: int
    case_id: int
    at: datetime
    citizen: str
    cpr: str  # masked
    kind: str
    mode: str
    status: str
    week: int


@dataclass(frozen=True, slots=True)
class DueItem:
    """One open obligation of a case, with the day to book and how late it is."""

    obligation_id: int
    case_id: int
    citizen: str
    cpr: str  # masked
    kind: str
    due: date
    book_by: date
    days_overdue: int
    band: str  # overdue | due_today | due_soon | later
    requirement: str | None
    booked_for: datetime | None  # the case's next booked interview, if any


@dataclass(frozen=True, slots=True)
class TodayView:
    interviews: list[TodayInterview]
    due_today: list[DueItem]
    booked: int
    held: int
    overdue: int


@dataclass(frozen=True, slots=True)
class CaseRow:
    case_id: int
    citizen: str
    cpr: str  # masked
    next_due: date | None
    next_kind: str | None
    week: int
    category: int | None
    group: str
    exempt: bool


@dataclass(frozen=True, slots=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    offset: int


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """The caseload screen's search and filters (all optional)."""

    search: str = ""
    category: int | None = None  # 0: not yet triaged
    group: str | None = None
    obligation: str | None = None


@dataclass(frozen=True, slots=True)
class BookingSuggestion:
    kind: str
    mode: str
    day: date
    at: time


def band(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    if due == today:
        return "due_today"
    if due <= today + timedelta(days=SOON_DAYS):
        return "due_soon"
    return "later"


def _open_obligation(today: date):  # noqa: ANN202
    return or_(ObligationRow.met_on.is_(None), ObligationRow.met_on > today)


def _mine(caseworker_id: int | None):  # noqa: ANN202
    conditions = [Case.status == "open"]
    if caseworker_id is not None:
        conditions.append(Case.caseworker_id == caseworker_id)
    return and_(*conditions)


def today_view(session: Session, *, caseworker_id: int | None, today: date) -> TodayView:
    """Interviews booked for today (time order), what falls due today, and the counts."""
    start = datetime.combine(today, time.min)
    rows = session.exec(
        select(Interview.id, Interview.case_id, Interview.booked_for, Interview.kind,
               Interview.mode, Interview.status, Citizen.name, Citizen.cpr,
               Case.first_absence_day)
        .join(Case, Case.id == Interview.case_id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(Interview.booked_for >= start, Interview.booked_for < start + timedelta(days=1),
               Case.status == "open",
               *([Interview.caseworker_id == caseworker_id] if caseworker_id else []))
        .order_by(Interview.booked_for, Citizen.name)
    ).all()
    interviews = [
        TodayInterview(interview_id=r[0], case_id=r[1], at=r[2], kind=r[3], mode=r[4],
                       status=r[5], citizen=r[6], cpr=mask(r[7]),
                       week=week_of_absence(r[8], today))
        for r in rows
    ]
    overdue = session.exec(
        select(func.count(ObligationRow.id)).join(Case, Case.id == ObligationRow.case_id)
        .where(_mine(caseworker_id), _open_obligation(today), ObligationRow.due < today)
    ).one()
    due = due_items(session, caseworker_id=caseworker_id, today=today, start=today, end=today)
    return TodayView(
        interviews=interviews, due_today=due,
        booked=sum(1 for i in interviews if i.status == "booked"),
        held=sum(1 for i in interviews if i.status == "held"),
        overdue=int(overdue or 0),
    )


def due_items(session: Session, *, caseworker_id: int | None, today: date,
              start: date | None = None, end: date | None = None,
              kind: str | None = None) -> list[DueItem]:
    """Open obligations due between ``start`` and ``end`` (inclusive), earliest first."""
    conditions = [_mine(caseworker_id), _open_obligation(today)]
    if start is not None:
        conditions.append(ObligationRow.due >= start)
    if end is not None:
        conditions.append(ObligationRow.due <= end)
    if kind:
        conditions.append(ObligationRow.kind == kind)
    next_booked = (
        select(func.min(Interview.booked_for))
        .where(Interview.case_id == ObligationRow.case_id, Interview.status == "booked",
               Interview.booked_for >= datetime.combine(today, time.min))
        .correlate(ObligationRow).scalar_subquery()
    )
    rows = session.exec(
        select(ObligationRow.id, ObligationRow.case_id, ObligationRow.kind, ObligationRow.due,
               ObligationRow.book_by, ObligationRow.requirement, Citizen.name, Citizen.cpr,
               next_booked)
        .join(Case, Case.id == ObligationRow.case_id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(*conditions)
        .order_by(ObligationRow.due, Citizen.name, ObligationRow.id)
    ).all()
    return [
        DueItem(obligation_id=r[0], case_id=r[1], kind=r[2], due=r[3], book_by=r[4],
                requirement=r[5], citizen=r[6], cpr=mask(r[7]), booked_for=_dt(r[8]),
                days_overdue=max(0, (today - r[3]).days), band=band(r[3], today))
        for r in rows
    ]


def _dt(value: object) -> datetime | None:
    """A scalar subquery hands SQLite's text back: read it as a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def overdue_view(session: Session, *, caseworker_id: int | None, today: date,
                 kind: str | None = None) -> list[DueItem]:
    """Every open obligation overdue, due today or due within 7 days; most overdue first."""
    return due_items(session, caseworker_id=caseworker_id, today=today,
                     end=today + timedelta(days=SOON_DAYS), kind=kind)


def due_item(session: Session, obligation_id: int, *, today: date) -> DueItem | None:
    """One obligation as a row (after a change), or None once it no longer exists or is met."""
    row = session.get(ObligationRow, obligation_id)
    if row is None:
        return None
    items = due_items(session, caseworker_id=None, today=today, start=row.due, end=row.due,
                      kind=row.kind)
    return next((i for i in items if i.obligation_id == obligation_id), None)


INTERVIEW_FOR = {
    ObligationKind.CONTACT_INTERVIEW.value: InterviewKind.CONTACT.value,
    ObligationKind.REHABILITATION_TEAM.value: InterviewKind.REHABILITATION_TEAM.value,
}


def booking_suggestion(item: DueItem, *, today: date) -> BookingSuggestion:
    """What to book for an obligation: the matching interview kind, the mode the rule
    prescribes (else in person), on the latest working day on or before the due date (or the
    next working day from today when that has passed), at 09:00."""
    kind = INTERVIEW_FOR.get(item.kind, InterviewKind.FOLLOW_UP.value)
    mode = item.requirement if item.requirement in {m.value for m in InterviewMode} \
        else InterviewMode.IN_PERSON.value
    day = item.book_by
    if day < today:
        day = today
        while latest_working_day_on_or_before(day) != day:
            day += timedelta(days=1)
    return BookingSuggestion(kind=kind, mode=mode, day=day, at=time(9, 0))


def _case_conditions(caseworker_id: int | None, today: date, flt: CaseFilter) -> list:
    conditions = [_mine(caseworker_id)]
    text = flt.search.strip()
    if text:
        digits = text.replace("-", "")
        if digits.isdigit():
            conditions.append(Citizen.cpr.startswith(digits))
        else:
            conditions.append(Citizen.name.ilike(f"%{text}%"))
    if flt.category is not None:
        conditions.append(Case.category.is_(None) if flt.category == 0
                          else Case.category == flt.category)
    if flt.group:
        conditions.append(Case.group == flt.group)
    if flt.obligation:
        conditions.append(exists().where(
            ObligationRow.case_id == Case.id, ObligationRow.kind == flt.obligation,
            _open_obligation(today)))
    return conditions


def caseload_page(session: Session, *, caseworker_id: int | None, today: date,
                  flt: CaseFilter = CaseFilter(), offset: int = 0,
                  limit: int = PAGE) -> CasePage:
    """Open cases sorted by next due (none last), then name; one page of them."""
    conditions = _case_conditions(caseworker_id, today, flt)
    total = session.exec(
        select(func.count(Case.id)).join(Citizen, Citizen.id == Case.citizen_id)
        .where(*conditions)
    ).one()
    next_kind = (
        select(func.min(ObligationRow.kind))
        .where(ObligationRow.case_id == Case.id, ObligationRow.due == Case.next_due,
               ObligationRow.met_on.is_(None))
        .correlate(Case).scalar_subquery()
    )
    rows = session.exec(
        select(Case.id, Citizen.name, Citizen.cpr, Case.next_due, next_kind,
               Case.first_absence_day, Case.category, Case.group, Case.exempt)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(*conditions)
        .order_by(Case.next_due.is_(None), Case.next_due, Citizen.name, Case.id)
        .offset(offset).limit(limit)
    ).all()
    return CasePage(
        rows=[CaseRow(case_id=r[0], citizen=r[1], cpr=mask(r[2]), next_due=r[3],
                      next_kind=r[4], week=week_of_absence(r[5], today), category=r[6],
                      group=r[7], exempt=bool(r[8])) for r in rows],
        total=int(total or 0), offset=offset,
    )


def find_cases(session: Session, query: str, *, caseworker_id: int | None, today: date,
               limit: int = 20) -> list[CaseRow]:
    """Open cases whose citizen's name contains ``query`` or whose CPR starts with it."""
    if not query.strip():
        return []
    return caseload_page(session, caseworker_id=caseworker_id, today=today,
                         flt=CaseFilter(search=query), limit=limit).rows
