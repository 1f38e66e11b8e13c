"""The worklist's reads: what is overdue, what falls due today, the day's interviews and the
caseload, for the quick check and the app's screens alike (one query, one row type each).

Plain SQL on the ``obligations`` table that the services keep up to date (recomputed in the
same transaction as every change), joined with the case, the citizen and the caseworker.
On the asked day ``on``:

- overdue: the case is open, ``due < on`` and the obligation was not met by ``on``
  (``met_on`` is null or later than ``on``);
- due today: ``due == on`` and not met by ``on``;
- the app's overdue screen also shows what falls due within ``soon_days`` after ``on``.

The one query (``_due_sql``) computes everything a row shows in SQL: the week of absence,
the days overdue, the masked CPR (``150382-xxxx``, as ``caseload.domain.cpr.mask`` does, so
a full number never reaches Python), the order, and on request the next booked interview
that would meet the obligation (``Matching``: the kinds and modes of the rule set's
``met_by``, one join over the booked interviews from the asked day on). It comes back either
as ``DueRow`` dataclasses (the app, the table) or, for ``--json``, as one JSON object per
row made by the database itself (``json_object`` in SQLite, ``row_to_json`` in PostgreSQL),
so the quick check serialises nothing row by row. Parameters are named (``:name``; see
``caseload.store.queries`` for the other engine); what differs between the engines (date
arithmetic, JSON, SQLite's planner hints) is in ``_SQLITE``/``_POSTGRES``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from caseload.domain.calendar import week_of_absence
from caseload.store.queries import MASKED_CPR, day, stamp

NOT_MET = "(o.met_on IS NULL OR o.met_on > :on)"
SOON_DAYS = 7  # the app's overdue screen: also what falls due within a week
PAGE = 200
JSON_KEYS = ("case_id", "citizen", "cpr", "caseworker", "week", "category", "group", "exempt",
             "obligation", "due", "book_by", "days_overdue", "booked")


@dataclass(frozen=True, slots=True)
class _Engine:
    """The SQL that differs between SQLite and PostgreSQL."""

    cross_join: str  # an inner join the planner keeps in the written order (SQLite)
    open_due: str  # the index of the open obligations (SQLite's hint)
    days: str  # whole days from the date ``{0}`` to ``:on``
    at_least_0: str
    json_row: str  # one JSON object (text) of the subquery ``r``'s JSON_KEYS columns


_SQLITE = _Engine(
    cross_join="CROSS JOIN", open_due=" INDEXED BY ix_obligations_open_due",
    days="CAST(julianday(:on) - julianday({0}) AS INTEGER)", at_least_0="max(0, {0})",
    json_row="json_object(" + ", ".join(
        f"'{k}', " + ("json(CASE WHEN r.exempt THEN 'true' ELSE 'false' END)" if k == "exempt"
                      else "strftime('%Y-%m-%dT%H:%M:%S', r.booked)" if k == "booked"
                      else f'r."{k}"') for k in JSON_KEYS) + ")")
_POSTGRES = _Engine(
    cross_join="JOIN", open_due="", days="(CAST(:on AS date) - {0})",
    at_least_0="greatest(0, {0})", json_row="row_to_json(r)::text")


def _engine(conn: Any) -> _Engine:
    return _SQLITE if isinstance(conn, sqlite3.Connection) else _POSTGRES


@dataclass(frozen=True, slots=True)
class Matching:
    """Which booked interviews would meet which obligation, from the rule set's ``met_by``:
    ``(obligation kind, interview kind)`` pairs, and the modes that count as in person
    (for an obligation whose ``requirement`` is ``in_person``)."""

    pairs: tuple[tuple[str, str], ...]
    in_person: tuple[str, ...]

    @classmethod
    def of(cls, rules: Any) -> Matching:
        """From a ``caseload.domain.ruleset.RuleSet``."""
        return cls(pairs=rules.interview_matches(),
                   in_person=tuple(sorted(m.value for m in rules.in_person_modes)))


MATCHING_KEY = "rules.met_by"  # meta: the rule set's Matching, kept beside its name


def matching_text(rules: str, matching: Matching) -> str:
    """``Matching`` as the one line stored under ``MATCHING_KEY``: the rule set it was made
    from, the in-person modes, the pairs (``aktive-2008|in_person,home_visit|a:b,c:d``)."""
    pairs = ",".join(f"{o}:{i}" for o, i in matching.pairs)
    return f"{rules}|{','.join(matching.in_person)}|{pairs}"


def stored_matching(conn: Any) -> tuple[str | None, Matching | None]:
    """The configured rule set's name and, when kept for that very name (``caseload init``
    keeps it: ``services.settings.ensure_rules``), its ``Matching``; else None, and the
    caller makes it from the rule set."""
    found = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (:rules, :matching)",
                              {"rules": "rules", "matching": MATCHING_KEY}).fetchall())
    name, text = found.get("rules"), found.get(MATCHING_KEY)
    parts = text.split("|") if text else []
    if name is None or len(parts) != 3 or parts[0] != name:
        return name, None
    pairs = tuple(tuple(p.split(":", 1)) for p in parts[2].split(",") if ":" in p)
    return name, Matching(pairs=pairs, in_person=tuple(m for m in parts[1].split(",") if m))


def _booked_join(matching: Matching, params: dict[str, object]) -> tuple[str, str]:
    """(the ``booked`` column, the join giving it): per case and obligation kind, the first
    booked interview from ``:on`` on of a kind that meets it, and the first in person."""
    if not matching.pairs:
        return "NULL", ""
    values = []
    for n, (obligation, interview) in enumerate(matching.pairs):
        params[f"met_o{n}"], params[f"met_i{n}"] = obligation, interview
        values.append(f"(:met_o{n}, :met_i{n})")
    modes = []
    for n, mode in enumerate(matching.in_person or ("-",)):
        params[f"in_person{n}"] = mode
        modes.append(f":in_person{n}")
    join = (" LEFT JOIN (SELECT m.column1 AS kind, i.case_id AS case_id,"
            " min(i.booked_for) AS any_at,"
            f" min(CASE WHEN i.mode IN ({', '.join(modes)}) THEN i.booked_for END) AS near_at"
            f" FROM interviews i JOIN (VALUES {', '.join(values)}) AS m ON m.column2 = i.kind"
            " WHERE i.status = 'booked' AND i.booked_for >= :on"
            " GROUP BY m.column1, i.case_id) b ON b.case_id = o.case_id AND b.kind = o.kind")
    return "CASE WHEN o.requirement = 'in_person' THEN b.near_at ELSE b.any_at END", join


def _due_sql(conn: Any, *, where: str, params: dict[str, object], mine: bool,
             matching: Matching | None, limit: int | None = None, as_json: bool = False,
             open_index: bool = False) -> str:
    """THE worklist query: the obligations of open cases matching ``where`` (on ``o``, ``c``),
    most overdue first (then citizen, case, obligation, place in a series). ``mine``: the
    caseworker's rows start from their open cases (ix_cases_open_caseworker), the team's
    from the obligations (``open_index``: through the index of the open ones, in due order;
    without ANALYZE statistics SQLite may walk ix_obligations_due through every past
    obligation, met or not). ``as_json``: one column, the row as a JSON object."""
    sql = _engine(conn)
    week_days = sql.days.format("c.first_absence_day")
    booked, booked_join = ("NULL", "") if matching is None else _booked_join(matching, params)
    columns = (
        f"o.case_id AS case_id, z.name AS citizen, {MASKED_CPR} AS cpr,"
        f" w.login AS caseworker,"
        f" {sql.at_least_0.format(f'({week_days} + 7) / 7')} AS week,"  # days < 0: week 0
        ' c.category AS category, c."group" AS "group", c.exempt AS exempt,'
        " o.kind AS obligation, o.due AS due, o.book_by AS book_by,"
        f" {sql.at_least_0.format(sql.days.format('o.due'))} AS days_overdue,"
        f" {booked} AS booked")
    if not as_json:
        columns += ", o.id, o.requirement, o.seq"
    if mine:
        source = f" FROM cases c {sql.cross_join} obligations o ON o.case_id = c.id"
    else:
        hint = sql.open_due if open_index else ""
        source = f" FROM obligations o{hint} {sql.cross_join} cases c ON c.id = o.case_id"
    query = ("SELECT " + columns + source +
             " JOIN citizens z ON z.id = c.citizen_id"
             " LEFT JOIN caseworkers w ON w.id = c.caseworker_id" + booked_join +
             " WHERE c.status = 'open' AND " + where +
             " ORDER BY o.due, z.name, o.case_id, o.kind, o.seq" +
             (f" LIMIT {int(limit)}" if limit else ""))
    return f"SELECT {sql.json_row} FROM ({query}) r" if as_json else query


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
    booked_for: datetime | None  # the next booked interview that would meet it (if asked)

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id, "citizen": self.citizen, "cpr": self.cpr,
            "caseworker": self.caseworker, "week": self.week, "category": self.category,
            "group": self.group, "exempt": self.exempt, "obligation": self.obligation,
            "due": self.due.isoformat(), "book_by": self.book_by.isoformat(),
            "days_overdue": self.days_overdue,
            "booked": None if self.booked_for is None else
            self.booked_for.isoformat(timespec="seconds"),
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




def _overdue_query(conn: Any, *, on: date, worker: int | None, soon_days: int,
                   kind: str | None, matching: Matching | None, limit: int | None,
                   as_json: bool) -> tuple[str, dict[str, object], str]:
    """The overdue query, its parameters, and its ``where`` (for the count)."""
    before = on + timedelta(days=soon_days + 1) if soon_days else on
    params: dict[str, object] = {"on": on.isoformat(), "before": before.isoformat(),
                                 "worker": worker, "kind": kind}
    where = f"o.due < :before AND {NOT_MET}" + ("" if kind is None else " AND o.kind = :kind")
    if worker is not None:
        where = "c.caseworker_id = :worker AND " + where
    sql = _due_sql(conn, where=where, params=params, mine=worker is not None,
                   matching=matching, limit=limit, as_json=as_json, open_index=True)
    return sql, params, where


def overdue(conn: Any, *, on: date, worker: int | None, limit: int | None = None,
            soon_days: int = 0, kind: str | None = None,
            matching: Matching | None = None) -> Overdue:
    """Obligations overdue on ``on`` for the caseworker's open cases (None: the team's);
    with ``soon_days`` also those due on ``on`` and within that many days after it.

    Most overdue first (then citizen name). ``limit`` (None or 0: all) caps the rows, not
    the total; ``kind`` keeps one kind of obligation; ``matching`` fills ``booked_for``.
    """
    sql, params, where = _overdue_query(conn, on=on, worker=worker, soon_days=soon_days,
                                        kind=kind, matching=matching, limit=limit,
                                        as_json=False)
    found = _due_rows(conn.execute(sql, params), on)
    total = len(found)
    if limit and total == limit:
        total = _count(conn, where, params, mine=worker is not None)
    return Overdue(rows=found, total=total)


def overdue_json(conn: Any, *, on: date, worker: int | None, limit: int | None = None,
                 matching: Matching | None = None) -> list[str]:
    """As ``overdue``, each row a JSON object (text, made by the database): the quick
    check's ``--json``."""
    sql, params, _ = _overdue_query(conn, on=on, worker=worker, soon_days=0, kind=None,
                                    matching=matching, limit=limit, as_json=True)
    return [text for (text,) in conn.execute(sql, params).fetchall()]


def _count(conn: Any, where: str, params: dict[str, object], *, mine: bool) -> int:
    """How many rows ``where`` gives. The team's is counted on the obligations alone (a
    covering index): closing a case deletes its obligations in the same transaction
    (services.obligations.refresh_case), so every stored obligation belongs to an open case.
    Joining 50,000 cases would cost ~100 ms."""
    if mine:
        sql = (f"SELECT count(*) FROM cases c {_engine(conn).cross_join} obligations o"
               f" ON o.case_id = c.id WHERE c.status = 'open' AND {where}")
    else:
        sql = f"SELECT count(*) FROM obligations o WHERE {where}"
    return int(conn.execute(sql, params).fetchone()[0])


def count_overdue(conn: Any, *, on: date, worker: int | None) -> int:
    """How many obligations are overdue on ``on`` (as ``overdue(...).total``)."""
    params = {"on": on.isoformat(), "before": on.isoformat(), "worker": worker}
    where = f"o.due < :before AND {NOT_MET}"
    if worker is not None:
        where = "c.caseworker_id = :worker AND " + where
    return _count(conn, where, params, mine=worker is not None)


def due_today(conn: Any, *, on: date, worker: int | None,
              matching: Matching | None = None) -> list[DueRow]:
    """Obligations due on ``on`` and not met by then, for the open cases in scope."""
    params: dict[str, object] = {"on": on.isoformat(), "worker": worker}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = _due_sql(conn, where=f"o.due = :on AND {NOT_MET}" + mine, params=params,
                   mine=False, matching=matching)
    return _due_rows(conn.execute(sql, params), on)


def due_row(conn: Any, obligation_id: int, *, on: date, worker: int | None,
            matching: Matching | None = None) -> DueRow | None:
    """One obligation as a row (after a change), or None once it no longer exists, is met
    or is out of scope."""
    params: dict[str, object] = {"on": on.isoformat(), "worker": worker, "id": obligation_id}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = _due_sql(conn, where=f"o.id = :id AND {NOT_MET}" + mine, params=params, mine=False,
                   matching=matching)
    found = _due_rows(conn.execute(sql, params), on)
    return found[0] if found else None


def due_between(conn: Any, *, on: date, worker: int | None, start: date,
                end: date) -> list[DueRow]:
    """Obligations due from ``start`` to ``end`` (inclusive) and not met by ``on``, for the
    open cases in scope, earliest first (the weekly digest's week)."""
    params: dict[str, object] = {"on": on.isoformat(), "worker": worker,
                                 "start": start.isoformat(), "end": end.isoformat()}
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    sql = _due_sql(conn, where=f"o.due >= :start AND o.due <= :end AND {NOT_MET}" + mine,
                   params=params, mine=False, matching=None)
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
        f" FROM interviews i {_engine(conn).cross_join} cases c ON c.id = i.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        " WHERE i.booked_for >= :start AND i.booked_for < :end AND c.status = 'open'" + mine +
        " ORDER BY i.booked_for, z.name, i.id", params)
    return [InterviewRow(interview_id=r[0], case_id=r[1], citizen=r[2], cpr=r[3],
                         at=stamp(r[4]), kind=r[5], mode=r[6], status=r[7],
                         week=week_of_absence(day(r[8]), on)) for r in rows]


def _sort_key(row: _Ranked) -> tuple:
    return (row.due, row.citizen, row.case_id, row.obligation, row.seq)


def _due_rows(cursor: Iterable[Any], on: date) -> list[_Ranked]:
    """Rows of ``_due_sql`` (not as JSON), in its column order; the week and the days
    overdue come computed."""
    soon = on + timedelta(days=SOON_DAYS)
    found = []
    append = found.append
    for r in cursor:
        due = day(r[9])
        append(_Ranked(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], due,
                       day(r[10]), r[11], r[13],
                       "overdue" if due < on else "due_today" if due == on else
                       "due_soon" if due <= soon else "later", r[14], stamp(r[12]), r[15]))
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
