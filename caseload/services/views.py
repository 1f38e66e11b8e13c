"""Read use cases for the app's screens: plain dataclasses, never ORM objects.

Each function takes the database (a SQLAlchemy session, or a plain ``sqlite3`` connection
opened read-only by the app's context), the caseworker (``None``: the whole team) and ``today``;
none reads the clock. CPR numbers leave here masked.

They read the stored ``obligations`` table and ``cases.next_due`` kept by
``caseload.services.obligations``, in plain SQL through the DB-API connection: this module
imports neither SQLAlchemy nor SQLModel, so the app paints its first screen before those
(≈0.7 s to import here) have loaded. The SQL is tested against the SQLModel schema
(tests/tui/test_views.py) and every write still goes through the SQLModel services.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from caseload.domain.calendar import latest_working_day_on_or_before, week_of_absence
from caseload.domain.cpr import mask
from caseload.domain.model import InterviewKind, InterviewMode, ObligationKind

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


def _conn(db: Any) -> sqlite3.Connection:
    """The DB-API connection under a SQLAlchemy session (same transaction), or ``db``."""
    if isinstance(db, sqlite3.Connection):
        return db
    return db.connection().connection.dbapi_connection


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stamp(value: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite (so text comparison orders it)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _scope(caseworker_id: int | None, args: list) -> str:
    """The condition on ``c`` (cases) for my open cases, or the team's."""
    if caseworker_id is None:
        return "c.status = 'open'"
    args.append(caseworker_id)
    return "c.status = 'open' AND c.caseworker_id = ?"


OPEN = "(o.met_on IS NULL OR o.met_on > ?)"


def caseworker(db: Any, login: str) -> tuple[int, str] | None:
    """The id and name of the caseworker with this login, or None."""
    row = _conn(db).execute("SELECT id, name FROM caseworkers WHERE login = ?",
                            [login]).fetchone()
    return (row[0], row[1]) if row else None


def today_view(db: Any, *, caseworker_id: int | None, today: date) -> TodayView:
    """Interviews booked for today (time order), what falls due today, and the counts."""
    conn = _conn(db)
    start = datetime.combine(today, time.min)
    args: list = [_stamp(start), _stamp(start + timedelta(days=1))]
    mine = "" if caseworker_id is None else " AND i.caseworker_id = ?"
    if caseworker_id is not None:
        args.append(caseworker_id)
    rows = conn.execute(
        "SELECT i.id, i.case_id, i.booked_for, i.kind, i.mode, i.status, z.name, z.cpr,"
        " c.first_absence_day FROM interviews i JOIN cases c ON c.id = i.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        " WHERE i.booked_for >= ? AND i.booked_for < ? AND c.status = 'open'" + mine +
        " ORDER BY i.booked_for, z.name, i.id", args).fetchall()
    interviews = [
        TodayInterview(interview_id=r[0], case_id=r[1], at=_dt(r[2]), kind=r[3], mode=r[4],
                       status=r[5], citizen=r[6], cpr=mask(r[7]),
                       week=week_of_absence(_day(r[8]), today))
        for r in rows
    ]
    args = []
    scope = _scope(caseworker_id, args)
    overdue = conn.execute(
        "SELECT count(*) FROM obligations o JOIN cases c ON c.id = o.case_id"
        f" WHERE {scope} AND {OPEN} AND o.due < ?",
        [*args, today.isoformat(), today.isoformat()]).fetchone()[0]
    due = due_items(db, caseworker_id=caseworker_id, today=today, start=today, end=today)
    return TodayView(
        interviews=interviews, due_today=due,
        booked=sum(1 for i in interviews if i.status == "booked"),
        held=sum(1 for i in interviews if i.status == "held"),
        overdue=int(overdue or 0),
    )


def due_items(db: Any, *, caseworker_id: int | None, today: date,
              start: date | None = None, end: date | None = None,
              kind: str | None = None, obligation_id: int | None = None) -> list[DueItem]:
    """Open obligations due between ``start`` and ``end`` (inclusive), earliest first."""
    args: list = [_stamp(datetime.combine(today, time.min))]
    conditions = [_scope(caseworker_id, args), OPEN]
    args.append(today.isoformat())
    for sql, value in (("o.due >= ?", start), ("o.due <= ?", end), ("o.kind = ?", kind),
                       ("o.id = ?", obligation_id)):
        if value is not None:
            conditions.append(sql)
            args.append(value.isoformat() if isinstance(value, date) else value)
    rows = _conn(db).execute(
        "SELECT o.id, o.case_id, o.kind, o.due, o.book_by, o.requirement, z.name, z.cpr,"
        " (SELECT min(i.booked_for) FROM interviews i WHERE i.case_id = o.case_id"
        "  AND i.status = 'booked' AND i.booked_for >= ?)"
        " FROM obligations o JOIN cases c ON c.id = o.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        f" WHERE {' AND '.join(conditions)} ORDER BY o.due, z.name, o.id", args).fetchall()
    items = []
    for r in rows:
        due = _day(r[3])
        items.append(DueItem(
            obligation_id=r[0], case_id=r[1], kind=r[2], due=due, book_by=_day(r[4]),
            requirement=r[5], citizen=r[6], cpr=mask(r[7]), booked_for=_dt(r[8]),
            days_overdue=max(0, (today - due).days), band=band(due, today)))
    return items


def overdue_view(db: Any, *, caseworker_id: int | None, today: date,
                 kind: str | None = None) -> list[DueItem]:
    """Every open obligation overdue, due today or due within 7 days; most overdue first."""
    return due_items(db, caseworker_id=caseworker_id, today=today,
                     end=today + timedelta(days=SOON_DAYS), kind=kind)


def due_item(db: Any, obligation_id: int, *, today: date) -> DueItem | None:
    """One obligation as a row (after a change), or None once it no longer exists or is met."""
    found = due_items(db, caseworker_id=None, today=today, obligation_id=obligation_id)
    return found[0] if found else None


INTERVIEW_FOR = {
    ObligationKind.CONTACT_INTERVIEW.value: InterviewKind.CONTACT.value,
    ObligationKind.REHABILITATION_TEAM.value: InterviewKind.REHABILITATION_TEAM.value,
}


def booking_suggestion(item: DueItem, *, today: date) -> BookingSuggestion:
    """What to book for an obligation: the matching interview kind, the mode the rule
    prescribes (else in person), on the latest working day on or before the due date (or the
    next working day from today when that has passed), at 09:00."""
    kind = INTERVIEW_FOR.get(item.kind, InterviewKind.FOLLOW_UP.value)
    modes = {m.value for m in InterviewMode}
    mode = item.requirement if item.requirement in modes else InterviewMode.IN_PERSON.value
    day = item.book_by
    if day < today:
        day = today
        while latest_working_day_on_or_before(day) != day:
            day += timedelta(days=1)
    return BookingSuggestion(kind=kind, mode=mode, day=day, at=time(9, 0))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _case_conditions(caseworker_id: int | None, today: date, flt: CaseFilter,
                     args: list) -> str:
    conditions = [_scope(caseworker_id, args)]
    text = flt.search.strip()
    if text:
        digits = text.replace("-", "")
        if digits.isdigit():
            conditions.append("z.cpr LIKE ?")
            args.append(digits + "%")
        else:
            conditions.append("z.name LIKE ? ESCAPE '\\'")
            args.append(_like(text))
    if flt.category is not None:
        if flt.category == 0:
            conditions.append("c.category IS NULL")
        else:
            conditions.append("c.category = ?")
            args.append(flt.category)
    if flt.group:
        conditions.append('c."group" = ?')
        args.append(flt.group)
    if flt.obligation:
        conditions.append(f"EXISTS (SELECT 1 FROM obligations o WHERE o.case_id = c.id"
                          f" AND o.kind = ? AND {OPEN})")
        args.extend([flt.obligation, today.isoformat()])
    return " AND ".join(conditions)


def caseload_page(db: Any, *, caseworker_id: int | None, today: date,
                  flt: CaseFilter = CaseFilter(), offset: int = 0,
                  limit: int = PAGE) -> CasePage:
    """Open cases sorted by next due (none last), then name; one page of them."""
    conn = _conn(db)
    args: list = []
    where = _case_conditions(caseworker_id, today, flt, args)
    base = " FROM cases c JOIN citizens z ON z.id = c.citizen_id WHERE " + where
    total = conn.execute("SELECT count(*)" + base, args).fetchone()[0]
    rows = conn.execute(
        "SELECT c.id, z.name, z.cpr, c.next_due,"
        " (SELECT min(o.kind) FROM obligations o WHERE o.case_id = c.id"
        "  AND o.due = c.next_due AND o.met_on IS NULL),"
        ' c.first_absence_day, c.category, c."group", c.exempt' + base +
        " ORDER BY c.next_due IS NULL, c.next_due, z.name, c.id LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()
    return CasePage(
        rows=[CaseRow(case_id=r[0], citizen=r[1], cpr=mask(r[2]), next_due=_day(r[3]),
                      next_kind=r[4], week=week_of_absence(_day(r[5]), today), category=r[6],
                      group=r[7], exempt=bool(r[8])) for r in rows],
        total=int(total or 0), offset=offset,
    )


def find_cases(db: Any, query: str, *, caseworker_id: int | None, today: date,
               limit: int = 20) -> list[CaseRow]:
    """Open cases whose citizen's name contains ``query`` or whose CPR starts with it."""
    if not query.strip():
        return []
    return caseload_page(db, caseworker_id=caseworker_id, today=today,
                         flt=CaseFilter(search=query), limit=limit).rows
