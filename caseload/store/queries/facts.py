"""The facts of the cases in scope as they stood on a day: what an as-of read computes from.

``cases_on(conn, on=D, worker=...)`` loads, for the cases the actor may see (a caseworker's
own, or the team's), only the facts dated on or before D:

- the case exists on D: opened on or before D (``opened_on``, migration 0006) and not closed
  by D (``closed_on`` after D, or still open);
- category changes with ``changed_on <= D``; the category shown is the latest of those;
- exempt when an exemption was decided on or before D and not lifted by D;
- interviews held on or before D (only a held interview meets an obligation);
- referrals and partial returns starting on or before D;
- the participation ended, the reassessment, only when recorded for a day on or before D;
- the § 13 f mark (sdp-2025) when marked on or before D, returns recorded on or before D;
  the next follow-up agreed at a held interview comes with that interview.

One read per table (five ``SELECT``s, in the caller's read transaction so they see one
state), each joined with the cases in scope: no query per case. ``interviews_booked_on``
lists the interviews booked for the day on the cases open then, as they stood that day.
Plain DB-API on ``sqlite3`` (named ``:name`` parameters), no SQLAlchemy, so the quick check
stays fast. Rows come back as plain objects with the columns as attributes (the
domain's own ``CategoryChange`` and ``ReferralFact`` where they fit), which
``services.facts.facts_from_rows`` reads; CPR numbers are masked in SQL.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from caseload.domain.model import CategoryChange, ReferralFact
from caseload.domain.ruleset import RuleSet, RuleSetError
from caseload.errors import DomainError
from caseload.store.queries import MASKED_CPR, day, stamp

RULES_KEY = "rules"  # as caseload.services.settings (a test checks)


@dataclass(frozen=True, slots=True)
class HeldOn:
    kind: str
    mode: str
    booked_for: datetime
    held_at: datetime
    next_agreed_on: date | None = None
    status: str = "held"


@dataclass(frozen=True, slots=True)
class ReturnOn:
    recorded_on: date
    happened: bool


@dataclass(slots=True)
class CaseOn:
    """One case as it stood on the asked day, with what the worklist rows show."""

    id: int
    citizen: str
    cpr: str  # masked
    caseworker: str | None  # login
    first_absence_day: date
    group: str
    expected_return_date: date | None
    participation_ended_on: date | None  # None unless ended on or before the day
    reassessed_on: date | None  # None unless recorded for a day on or before it
    predictable_course_on: date | None  # the § 13 f mark, None unless marked by the day
    predictable_return_on: date | None
    exempt: bool = False
    status: str = "open"  # every case loaded was open on the day
    changes: list[CategoryChange] = field(default_factory=list)
    interviews: list[HeldOn] = field(default_factory=list)
    referrals: list[ReferralFact] = field(default_factory=list)
    returns: list[ReturnOn] = field(default_factory=list)


def _day(value: str | date | None) -> date | None:
    return day(value)  # text from SQLite, date from psycopg


def _scope(worker: int | None) -> str:
    """The cases in scope that existed and were open on ``:on``."""
    mine = "" if worker is None else " AND c.caseworker_id = :worker"
    return ("(c.opened_on IS NULL OR c.opened_on <= :on)"
            " AND (c.status = 'open' OR c.closed_on > :on)" + mine)


def cases_on(conn: sqlite3.Connection, *, on: date, worker: int | None) -> list[CaseOn]:
    """The cases in scope on ``on`` with their facts dated on or before it, by case id."""
    params = {"on": on.isoformat(), "next": (on + timedelta(days=1)).isoformat(),
              "worker": worker}
    scope = _scope(worker)
    rows = conn.execute(
        "SELECT c.id, z.name, " + MASKED_CPR + ", w.login, c.first_absence_day, c.\"group\","
        " c.expected_return_date,"
        " CASE WHEN c.participation_ended_on <= :on THEN c.participation_ended_on END,"
        " CASE WHEN c.reassessed_on <= :on THEN c.reassessed_on END,"
        " CASE WHEN c.predictable_course_on <= :on THEN c.predictable_course_on END,"
        " c.predictable_return_on,"
        " EXISTS (SELECT 1 FROM exemptions e WHERE e.case_id = c.id AND e.decided_on <= :on"
        "  AND (e.lifted_on IS NULL OR e.lifted_on > :on))"
        " FROM cases c JOIN citizens z ON z.id = c.citizen_id"
        " LEFT JOIN caseworkers w ON w.id = c.caseworker_id"
        f" WHERE {scope} ORDER BY c.id", params)
    cases = {r[0]: CaseOn(r[0], r[1], r[2], r[3], _day(r[4]), r[5], _day(r[6]), _day(r[7]),
                          _day(r[8]), _day(r[9]), _day(r[10]), bool(r[11])) for r in rows}
    children: dict[str, dict[int, list]] = {}
    for name, sql in (
        ("changes", "SELECT g.case_id, g.category, g.changed_on FROM category_changes g"
                    " JOIN cases c ON c.id = g.case_id"
                    f" WHERE {scope} AND g.changed_on <= :on ORDER BY g.id"),
        ("interviews", "SELECT i.case_id, i.kind, i.mode, i.booked_for, i.held_at,"
                       " i.next_agreed_on"
                       " FROM interviews i JOIN cases c ON c.id = i.case_id"
                       f" WHERE {scope} AND i.status = 'held' AND i.held_at < :next"
                       " ORDER BY i.id"),
        ("referrals", "SELECT r.case_id, r.start, r.hours_per_week, r.\"end\" FROM referrals r"
                      " JOIN cases c ON c.id = r.case_id"
                      f" WHERE {scope} AND r.start <= :on ORDER BY r.id"),
        ("returns", "SELECT t.case_id, t.recorded_on, t.happened FROM case_returns t"
                    " JOIN cases c ON c.id = t.case_id"
                    f" WHERE {scope} AND t.recorded_on <= :on ORDER BY t.id"),
    ):
        grouped: dict[int, list] = defaultdict(list)
        for r in conn.execute(sql, params):
            grouped[r[0]].append(r[1:])
        children[name] = grouped
    parse = stamp  # text from SQLite, datetime from psycopg
    for case_id, case in cases.items():
        case.changes = [CategoryChange(g[0], _day(g[1])) for g in children["changes"][case_id]]
        case.interviews = [HeldOn(i[0], i[1], parse(i[2]), parse(i[3]), _day(i[4]))
                           for i in children["interviews"][case_id]]
        case.referrals = [ReferralFact(_day(r[0]), r[1], _day(r[2]))
                          for r in children["referrals"][case_id]]
        case.returns = [ReturnOn(_day(t[0]), bool(t[1])) for t in children["returns"][case_id]]
    return list(cases.values())


def interviews_booked_on(conn: sqlite3.Connection, *, on: date,
                         worker: int | None) -> list[tuple]:
    """Interviews booked for ``on`` on the cases open that day, in time order, as
    ``(case_id, citizen, masked cpr, booked_for, kind, mode, status, interview id, first
    absence day)``. One held after the day was still booked on it. A caseworker's are the
    ones they hold (as the stored read)."""
    params = {"on": on.isoformat(), "next": (on + timedelta(days=1)).isoformat(),
              "worker": worker}
    mine = "" if worker is None else " AND i.caseworker_id = :worker"
    return conn.execute(
        "SELECT i.case_id, z.name, " + MASKED_CPR + ", i.booked_for, i.kind, i.mode,"
        " CASE WHEN i.status = 'held' AND i.held_at >= :next THEN 'booked' ELSE i.status END,"
        " i.id, c.first_absence_day FROM interviews i CROSS JOIN cases c ON c.id = i.case_id"
        " JOIN citizens z ON z.id = c.citizen_id"
        " WHERE i.booked_for >= :on AND i.booked_for < :next AND " + _scope(None) + mine +
        " ORDER BY i.booked_for, z.name, i.id", params).fetchall()


def stored_obligation_ids(conn: sqlite3.Connection, *,
                          worker: int | None) -> dict[tuple[int, str, int], int]:
    """The ids of the stored obligations of the cases in scope, by (case, kind, seq): the
    app keys its rows by them."""
    mine = "" if worker is None else " WHERE c.caseworker_id = :worker"
    rows = conn.execute("SELECT o.case_id, o.kind, o.seq, o.id FROM obligations o"
                        " JOIN cases c ON c.id = o.case_id" + mine, {"worker": worker})
    return {(r[0], r[1], r[2]): r[3] for r in rows}


def stored_rules(conn: sqlite3.Connection) -> RuleSet:
    """The rule set the database is configured with (as ``services.settings.ruleset``)."""
    row = conn.execute("SELECT value FROM meta WHERE key = :key", {"key": RULES_KEY}).fetchone()
    return ruleset(row[0] if row else None)


def ruleset(name: str | None) -> RuleSet:
    """The rule set of this name (None: the default); unusable: ``DomainError``."""
    from caseload.rulesets import DEFAULT, load

    try:
        return load(name or DEFAULT)
    except RuleSetError as exc:
        raise DomainError(f"the configured rule set cannot be used: {exc}") from None


def cases_now(conn: sqlite3.Connection, case_ids: list[int]) -> list[CaseOn]:
    """The cases ``case_ids`` with every fact recorded (as the stored obligations are
    computed: the exemption as the case holds it, every held interview, referral, return and
    category change), one case at a time (the import refreshes a few). Works on either
    engine's DB-API connection (psycopg through ``services.db.Pyformat``): values are
    read through ``queries.day``/``stamp``."""
    from caseload.store.queries import day, stamp

    found = []
    for case_id in case_ids:
        params = {"case": case_id}
        row = conn.execute(
            "SELECT c.id, z.name, " + MASKED_CPR + ", NULL, c.first_absence_day, c.\"group\","
            " c.expected_return_date, c.participation_ended_on, c.reassessed_on,"
            " c.predictable_course_on, c.predictable_return_on, c.exempt, c.status"
            " FROM cases c JOIN citizens z ON z.id = c.citizen_id WHERE c.id = :case",
            params).fetchone()
        if row is None:
            continue
        case = CaseOn(row[0], row[1], row[2], row[3], day(row[4]), row[5], day(row[6]),
                      day(row[7]), day(row[8]), day(row[9]), day(row[10]), bool(row[11]),
                      row[12])
        case.changes = [CategoryChange(r[0], day(r[1])) for r in conn.execute(
            "SELECT category, changed_on FROM category_changes WHERE case_id = :case"
            " ORDER BY id", params)]
        case.interviews = [HeldOn(r[0], r[1], stamp(r[2]), stamp(r[3]), day(r[4]))
                           for r in conn.execute(
            "SELECT kind, mode, booked_for, held_at, next_agreed_on FROM interviews"
            " WHERE case_id = :case AND status = 'held' ORDER BY id", params)]
        case.referrals = [ReferralFact(day(r[0]), r[1], day(r[2])) for r in conn.execute(
            "SELECT start, hours_per_week, \"end\" FROM referrals WHERE case_id = :case"
            " ORDER BY id", params)]
        case.returns = [ReturnOn(day(r[0]), bool(r[1])) for r in conn.execute(
            "SELECT recorded_on, happened FROM case_returns WHERE case_id = :case"
            " ORDER BY id", params)]
        found.append(case)
    return found
