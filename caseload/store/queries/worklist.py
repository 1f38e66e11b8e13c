"""The worklist's reads: what is overdue, what falls due today, the day's interviews and the
caseload, for the quick check and the app's screens alike (one query, one row type each).

Plain SQL on the ``obligations`` table that the services keep up to date (recomputed in the
same transaction as every change), joined with the case, the citizen and the caseworker.
On the asked day ``on``:

- overdue: the case is open, ``due < on`` and the obligation was not met by ``on``
  (``met_on`` is null or later than ``on``);
- due today: ``due == on`` and not met by ``on``;
- the app's overdue screen also shows what falls due within ``soon_days`` after ``on``.

Rows are plain dataclasses; CPR numbers are masked in SQL (``150382-xxxx``, as
``caseload.domain.cpr.mask`` does), so a full number never reaches Python. Parameters are
named (``:name``; see ``caseload.store.queries`` for the other engine).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from caseload.domain.calendar import week_of_absence
from caseload.store.queries import day, stamp

MASKED_CPR = "substr(z.cpr, 1, 6) || '-xxxx'"
NOT_MET = "(o.met_on IS NULL OR o.met_on > :on)"
SOON_DAYS = 7  # the app's overdue screen: also what falls due within a week
PAGE = 200

# The case's next booked interview from the asked day on (the screens' "booked" column):
# asked for (``booked=True``), as it costs the quick check a third more on the team's list.
_NEXT_BOOKED = ("(SELECT min(i.booked_for) FROM interviews i WHERE i.case_id = o.case_id"
                " AND i.status = 'booked' AND i.booked_for >= :on)")
_COLUMNS = (
    "SELECT o.case_id, z.name, " + MASKED_CPR + ", w.login, c.first_absence_day,"
    ' c.category, c."group", c.exempt, o.kind, o.due, o.book_by, o.seq, o.id,'
    " o.requirement, NULL"
)
_COLUMNS_BOOKED = _COLUMNS.removesuffix("NULL") + _NEXT_BOOKED
_REST = (
    " JOIN citizens z ON z.id = c.citizen_id"
    " LEFT JOIN caseworkers w ON w.id = c.caseworker_id"
)
# CROSS JOIN fixes the join order (SQLite never reorders it). A caseworker's rows start from
# their open cases (ix_cases_open_caseworker); the team's start from the open obligations in
# due order (ix_obligations_open_due), so the most overdue come first without a full sort.
_FROM_CASES = " FROM cases c CROSS JOIN obligations o ON o.case_id = c.id" + _REST
_FROM_OBLIGATIONS = " FROM obligations o CROSS JOIN cases c ON c.id = o.case_id" + _REST
# Without ANALYZE statistics SQLite may walk ix_obligations_due (to skip the sort) through
# every past obligation, met or not: name the index of the open ones (SQLite only).
SQLITE_OPEN_DUE = " INDEXED BY ix_obligations_open_due"
_FROM_OPEN_OBLIGATIONS = (" FROM obligations o" + SQLITE_OPEN_DUE +
                          " CROSS JOIN cases c ON c.id = o.case_id" + _REST)
_ORDER = " ORDER BY o.due, z.name, o.case_id, o.kind, o.seq"


@dataclass(frozen=True, slots=True)
class DueRow:
    """One obligation not met on the asked day (overdue, due that day, or due soon)."""

    case_id: int
    citizen: str
    cpr: str  # masked
    caseworker: str | None  # login name; None when the case has no caseworker
    week: int  # week of absence on the asked day (week 1 = the first 7 days)
    category: int | None
    group: str
    exempt: bool
    obligation: str
    due: date
    book_by: date
    days_overdue: int
    obligation_id: int
    band: str  # overdue | due_today | due_soon | later
    requirement: str | None  # the mode the rule prescribes, if any
    booked_for: datetime | None  # the case's next booked interview (when asked for)

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id, "citizen": self.citizen, "cpr": self.cpr,
            "caseworker": self.caseworker, "week": self.week, "category": self.category,
            "group": self.group, "exempt": self.exempt, "obligation": self.obligation,
            "due": self.due.isoformat(), "book_by": self.book_by.isoformat(),
            "days_overdue": self.days_overdue,
        }


@dataclass(frozen=True, slots=True)
class _Ranked(DueRow):
    """A row with its place in a recurring series, to order like the SQL does."""

    seq: int = 0


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One interview booked for the asked day (whatever became of it)."""

    interview_id: int
    case_id: int
    citizen: str
    cpr: str  # masked
    at: datetime  # Danish wall-clock time as booked
    kind: str
    mode: str
    status: str
    week: int  # week of absence on the asked day

    @property
    def time(self) -> str:
        """``"HH:MM"``."""
        return self.at.strftime("%H:%M")

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id, "citizen": self.citizen, "cpr": self.cpr,
            "time": self.time, "kind": self.kind, "mode": self.mode, "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Overdue:
    rows: list[DueRow]  # most overdue first, at most the asked limit
    total: int  # how many there are in all


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


def band(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    if due == today:
        return "due_today"
    if due <= today + timedelta(days=SOON_DAYS):
        return "due_soon"
    return "later"


def overdue(conn: Any, *, on: date, worker: int | None, limit: int | None = None,
            soon_days: int = 0, kind: str | None = None, booked: bool = False) -> Overdue:
    """Obligations overdue on ``on`` for the caseworker's open cases (None: the team's);
    with ``soon_days`` also those due on ``on`` and within that many days after it.

    Most overdue first (then citizen name). ``limit`` (None or 0: all) caps the rows, not
    the total; ``kind`` keeps one kind of obligation; ``booked`` fills ``booked_for``.
    """
    columns = _COLUMNS_BOOKED if booked else _COLUMNS
    before = on + timedelta(days=soon_days + 1) if soon_days else on
    params: dict[str, object] = {"on": on.isoformat(), "before": before.isoformat(),
                                 "worker": worker, "kind": kind}
    only = "" if kind is None else " AND o.kind = :kind"
    cap = f" LIMIT {int(limit)}" if limit else ""
    if worker is not None:
        where = (" WHERE c.status = 'open' AND c.caseworker_id = :worker AND o.due < :before"
                 f" AND {NOT_MET}" + only)
        found = _due_rows(conn.execute(columns + _FROM_CASES + where + _ORDER + cap, params),
                          on)
        total = len(found)
        if limit and total == limit:
            total = conn.execute("SELECT count(*) FROM cases c CROSS JOIN obligations o"
                                 " ON o.case_id = c.id" + where, params).fetchone()[0]
        return Overdue(rows=found, total=int(total))
    # The team: never met, or met only after the asked day (when asking about the past).
    # Two index ranges instead of one OR, so each is walked in due order.
    branches = ("o.met_on IS NULL AND o.due < :before" + only,
                "o.met_on > :on AND o.due < :before" + only)
    found = []
    for branch in branches:
        sql = columns + _FROM_OPEN_OBLIGATIONS + f" WHERE c.status = 'open' AND {branch}" + _ORDER
        found.extend(_due_rows(conn.execute(sql + cap, params), on))
    found.sort(key=_sort_key)
    if limit:
        found = found[:limit]
    # Counted on the obligations alone (a covering index): closing a case deletes its
    # obligations in the same transaction (services.obligations.refresh_case), so every
    # stored obligation belongs to an open case. Joining 50,000 cases would cost ~100 ms.
    total = sum(conn.execute(f"SELECT count(*) FROM obligations o WHERE {branch}",
                             params).fetchone()[0] for branch in branches)
    return Overdue(rows=found, total=int(total))


def count_overdue(conn: Any, *, on: date, worker: int | None) -> int:
    """How many obligations are overdue on ``on`` (as ``overdue(...).total``)."""
    return overdue(conn, on=on, worker=worker, limit=1).total


def due_today(conn: Any, *, on: date, worker: int | None,
              booked: bool = False) -> list[DueRow]:
    """Obligations due on ``on`` and not met by then, for the open cases in scope."""
    params = {"on": on.isoformat(), "worker": worker}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = ((_COLUMNS_BOOKED if booked else _COLUMNS) + _FROM_OBLIGATIONS +
           " WHERE c.status = 'open'" + mine + f" AND o.due = :on AND {NOT_MET}" + _ORDER)
    return _due_rows(conn.execute(sql, params), on)


def due_row(conn: Any, obligation_id: int, *, on: date,
            worker: int | None) -> DueRow | None:
    """One obligation as a row (after a change), or None once it no longer exists, is met
    or is out of scope."""
    params = {"on": on.isoformat(), "worker": worker, "id": obligation_id}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = (_COLUMNS_BOOKED + _FROM_OBLIGATIONS + " WHERE o.id = :id AND c.status = 'open'" + mine +
           f" AND {NOT_MET}")
    found = _due_rows(conn.execute(sql, params), on)
    return found[0] if found else None


def due_between(conn: Any, *, on: date, worker: int | None, start: date,
                end: date) -> list[DueRow]:
    """Obligations due from ``start`` to ``end`` (inclusive) and not met by ``on``, for the
    open cases in scope, earliest first (the weekly digest's week)."""
    params = {"on": on.isoformat(), "worker": worker, "start": start.isoformat(),
              "end": end.isoformat()}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = (_COLUMNS + _FROM_OBLIGATIONS + " WHERE c.status = 'open'" + mine +
           f" AND o.due >= :start AND o.due <= :end AND {NOT_MET}" + _ORDER)
    return _due_rows(conn.execute(sql, params), on)


def interviews_on(conn: Any, *, on: date, worker: int | None) -> list[InterviewRow]:
    """Interviews booked for ``on`` on open cases, in time order. A caseworker's are the
    ones they hold (``interviews.caseworker_id``, set at booking to the case's caseworker)."""
    params = {"start": on.isoformat(), "end": (on + timedelta(days=1)).isoformat(),
              "worker": worker}
    mine = "" if worker is None else " AND i.caseworker_id = :worker"
    rows = conn.execute(
        "SELECT i.id, i.case_id, z.name, " + MASKED_CPR + ", i.booked_for, i.kind, i.mode,"
        " i.status, c.first_absence_day"
        " FROM interviews i CROSS JOIN cases c ON c.id = i.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        " WHERE i.booked_for >= :start AND i.booked_for < :end AND c.status = 'open'" + mine +
        " ORDER BY i.booked_for, z.name, i.id", params)
    return [InterviewRow(interview_id=r[0], case_id=r[1], citizen=r[2], cpr=r[3],
                         at=stamp(r[4]), kind=r[5], mode=r[6], status=r[7],
                         week=week_of_absence(day(r[8]), on)) for r in rows]


def _sort_key(row: _Ranked) -> tuple:
    return (row.due, row.citizen, row.case_id, row.obligation, row.seq)


def _due_rows(cursor: Iterable[Any], on: date) -> list[_Ranked]:
    soon = on + timedelta(days=SOON_DAYS)
    found = []
    append = found.append
    for r in cursor:  # positional, in field order: tens of thousands of rows for --all
        due = day(r[9])
        append(_Ranked(r[0], r[1], r[2], r[3], week_of_absence(day(r[4]), on), r[5],
                       r[6], bool(r[7]), r[8], due, day(r[10]), max(0, (on - due).days),
                       r[12], "overdue" if due < on else "due_today" if due == on else
                       "due_soon" if due <= soon else "later", r[13],
                       None if r[14] is None else stamp(r[14]), r[11]))
    return found


# -- the caseload ---------------------------------------------------------------------------

def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _case_conditions(worker: int | None, flt: CaseFilter, params: dict[str, object]) -> str:
    conditions = ["c.status = 'open'"]
    if worker is not None:
        conditions.append("c.caseworker_id = :worker")
    text = flt.search.strip()
    if text:
        digits = text.replace("-", "")
        if digits.isdigit():
            conditions.append("z.cpr LIKE :search")
            params["search"] = digits + "%"
        else:
            conditions.append("z.name LIKE :search ESCAPE '\\'")
            params["search"] = _like(text)
    if flt.category is not None:
        conditions.append("c.category IS NULL" if flt.category == 0
                          else "c.category = :category")
    if flt.group:
        conditions.append('c."group" = :group')
    if flt.obligation:
        conditions.append("EXISTS (SELECT 1 FROM obligations o WHERE o.case_id = c.id"
                          f" AND o.kind = :obligation AND {NOT_MET})")
    return " AND ".join(conditions)


def caseload_page(conn: Any, *, on: date, worker: int | None, flt: CaseFilter = CaseFilter(),
                  offset: int = 0, limit: int = PAGE) -> CasePage:
    """Open cases sorted by next due (none last), then name; one page of them."""
    params: dict[str, object] = {"on": on.isoformat(), "worker": worker,
                                 "category": flt.category, "group": flt.group,
                                 "obligation": flt.obligation, "limit": int(limit),
                                 "offset": int(offset)}
    where = _case_conditions(worker, flt, params)
    base = " FROM cases c JOIN citizens z ON z.id = c.citizen_id WHERE " + where
    total = conn.execute("SELECT count(*)" + base, params).fetchone()[0]
    rows = conn.execute(
        "SELECT c.id, z.name, " + MASKED_CPR + ", c.next_due,"
        " (SELECT min(o.kind) FROM obligations o WHERE o.case_id = c.id"
        "  AND o.due = c.next_due AND o.met_on IS NULL),"
        ' c.first_absence_day, c.category, c."group", c.exempt' + base +
        " ORDER BY c.next_due IS NULL, c.next_due, z.name, c.id LIMIT :limit OFFSET :offset",
        params).fetchall()
    return CasePage(
        rows=[CaseRow(case_id=r[0], citizen=r[1], cpr=r[2], next_due=day(r[3]),
                      next_kind=r[4], week=week_of_absence(day(r[5]), on), category=r[6],
                      group=r[7], exempt=bool(r[8])) for r in rows],
        total=int(total or 0), offset=offset,
    )
