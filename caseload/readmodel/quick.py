"""The quick check's reads: what is overdue, what falls due today, today's interviews.

Plain SQL on the ``obligations`` table that the services keep up to date (recomputed in the
same transaction as every change), joined with the case, the citizen and the caseworker.
On the asked day ``on``:

- overdue: the case is open, ``due < on`` and the obligation was not met by ``on``
  (``met_on`` is null or later than ``on``);
- due today: ``due == on`` and not met by ``on``.

Rows are plain dataclasses; CPR numbers are masked in SQL (``150382-xxxx``, as
``caseload.domain.cpr.mask`` does), so a full number never reaches Python.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from caseload.domain.calendar import week_of_absence
from caseload.errors import NotFound

MASKED_CPR = "substr(z.cpr, 1, 6) || '-xxxx'"
NOT_MET = "(o.met_on IS NULL OR o.met_on > :on)"

_COLUMNS = (
    "SELECT o.case_id, z.name, " + MASKED_CPR + ", w.login, c.first_absence_day,"
    ' c.category, c."group", c.exempt, o.kind, o.due, o.book_by, o.seq'
)
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
# every past obligation, met or not: name the index of the open ones.
_FROM_OPEN_OBLIGATIONS = (" FROM obligations o INDEXED BY ix_obligations_open_due"
                          " CROSS JOIN cases c ON c.id = o.case_id" + _REST)
_ORDER = " ORDER BY o.due, z.name, o.case_id, o.kind, o.seq"


@dataclass(frozen=True, slots=True)
class DueRow:
    """One obligation not met on the asked day (overdue, or due that day)."""

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

    case_id: int
    citizen: str
    cpr: str  # masked
    time: str  # "HH:MM", Danish wall-clock time as booked
    kind: str
    mode: str
    status: str

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id, "citizen": self.citizen, "cpr": self.cpr,
            "time": self.time, "kind": self.kind, "mode": self.mode, "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Overdue:
    rows: list[DueRow]  # most overdue first, at most the asked limit
    total: int  # how many there are in all


def caseworker_id(conn: sqlite3.Connection, login: str) -> int:
    """The id of the caseworker with this login name; ``NotFound`` (exit 1) if none."""
    row = conn.execute("SELECT id FROM caseworkers WHERE login = ?", (login,)).fetchone()
    if row is None:
        raise NotFound(f"unknown caseworker {login!r} (use --as LOGIN, or --all for the team)")
    return int(row[0])


def overdue(conn: sqlite3.Connection, *, on: date, worker: int | None,
            limit: int | None = None) -> Overdue:
    """Obligations overdue on ``on`` for the caseworker's open cases (None: the team's).

    Most overdue first (then citizen name). ``limit`` (None or 0: all) caps the rows, not
    the total.
    """
    params: dict[str, object] = {"on": on.isoformat(), "worker": worker, "limit": limit or -1}
    if worker is not None:
        where = (" WHERE c.status = 'open' AND c.caseworker_id = :worker AND o.due < :on"
                 f" AND {NOT_MET}")
        rows = conn.execute(_COLUMNS + _FROM_CASES + where + _ORDER + " LIMIT :limit", params)
        found = _due_rows(rows, on)
        total = len(found)
        if limit and total == limit:
            total = conn.execute("SELECT count(*) FROM cases c CROSS JOIN obligations o"
                                 " ON o.case_id = c.id" + where, params).fetchone()[0]
        return Overdue(rows=found, total=int(total))
    # The team: never met, or met only after the asked day (when asking about the past).
    # Two index ranges instead of one OR, so each is walked in due order.
    branches = ("o.met_on IS NULL AND o.due < :on", "o.met_on > :on AND o.due < :on")
    found = []
    for branch in branches:
        sql = _COLUMNS + _FROM_OPEN_OBLIGATIONS + f" WHERE c.status = 'open' AND {branch}" + _ORDER
        found.extend(_due_rows(conn.execute(sql + " LIMIT :limit", params), on))
    found.sort(key=_sort_key)
    if limit:
        found = found[:limit]
    # Counted on the obligations alone (a covering index): closing a case deletes its
    # obligations in the same transaction (services.obligations.refresh_case), so every
    # stored obligation belongs to an open case. Joining 50,000 cases would cost ~100 ms.
    total = sum(conn.execute(f"SELECT count(*) FROM obligations o WHERE {branch}",
                             params).fetchone()[0] for branch in branches)
    return Overdue(rows=found, total=int(total))


def due_today(conn: sqlite3.Connection, *, on: date, worker: int | None) -> list[DueRow]:
    """Obligations due on ``on`` and not met by then, for the open cases in scope."""
    params = {"on": on.isoformat(), "worker": worker}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = (_COLUMNS + _FROM_OBLIGATIONS + " WHERE c.status = 'open'" + mine +
           f" AND o.due = :on AND {NOT_MET}" + _ORDER)
    return _due_rows(conn.execute(sql, params), on)


def interviews_on(conn: sqlite3.Connection, *, on: date,
                  worker: int | None) -> list[InterviewRow]:
    """Interviews booked for ``on`` on open cases, in time order. A caseworker's are the
    ones they hold (``interviews.caseworker_id``, set at booking to the case's caseworker)."""
    params = {"start": on.isoformat(), "end": (on + timedelta(days=1)).isoformat(),
              "worker": worker}
    mine = "" if worker is None else " AND i.caseworker_id = :worker"
    rows = conn.execute(
        "SELECT i.case_id, z.name, " + MASKED_CPR + ", i.booked_for, i.kind, i.mode, i.status"
        " FROM interviews i CROSS JOIN cases c ON c.id = i.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        " WHERE i.booked_for >= :start AND i.booked_for < :end AND c.status = 'open'" + mine +
        " ORDER BY i.booked_for, z.name, i.id", params)
    return [InterviewRow(case_id=r[0], citizen=r[1], cpr=r[2], time=r[3][11:16], kind=r[4],
                         mode=r[5], status=r[6]) for r in rows]


def _sort_key(row: _Ranked) -> tuple:
    return (row.due, row.citizen, row.case_id, row.obligation, row.seq)


def _due_rows(cursor: sqlite3.Cursor, on: date) -> list[_Ranked]:
    parse = date.fromisoformat
    found = []
    append = found.append
    for r in cursor:  # positional, in field order: tens of thousands of rows for --all
        due = parse(r[9][:10])
        append(_Ranked(r[0], r[1], r[2], r[3], week_of_absence(parse(r[4][:10]), on), r[5],
                       r[6], bool(r[7]), r[8], due, parse(r[10][:10]),
                       max(0, (on - due).days), r[11]))
    return found
