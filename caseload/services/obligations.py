"""Keeping each case's obligations stored, so "what is overdue" is an indexed query."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Table, bindparam, delete, insert, update
from sqlmodel import Session, select

from caseload.domain.model import Obligation
from caseload.domain.rules import obligations
from caseload.domain.ruleset import RuleSet
from caseload.models import (
    Case,
    CategoryChangeRow,
    Interview,
    ObligationRow,
    Referral,
    ReturnRecord,
)
from caseload.services.facts import case_facts, facts_from_rows

CASES: Table = Case.__table__  # type: ignore[attr-defined]
OBLIGATIONS: Table = ObligationRow.__table__  # type: ignore[attr-defined]


def refresh_case(session: Session, case: Case, rules: RuleSet | None = None) -> list[Obligation]:
    """Recompute and store the case's obligations (in the caller's transaction)."""
    from caseload.services.settings import ruleset

    found = obligations(case_facts(session, case), rules or ruleset(session))
    store(session, case, found)
    return found


def store(session: Session, case: Case, found: list[Obligation]) -> None:
    session.exec(delete(ObligationRow).where(ObligationRow.case_id == case.id))
    if found:
        session.exec(insert(ObligationRow), params=rows(case.id, found))
    case.next_due = next_due(found)
    session.add(case)
    session.flush()


def rows(case_id: int | None, found: list[Obligation]) -> list[dict]:
    return [
        {"case_id": case_id, "kind": o.kind.value, "seq": o.seq, "due": o.due,
         "book_by": o.book_by, "met_on": o.met_on, "requirement": o.requirement}
        for o in found
    ]


def next_due(found: list[Obligation]):  # noqa: ANN201
    open_dues = [o.due for o in found if o.met_on is None]
    return min(open_dues) if open_dues else None


def refresh_all(session: Session, chunk: int = 2000) -> int:
    """Recompute every open case (after the rule set changed). Returns the count.

    Set-wise, for tens of thousands of cases: the facts of ``chunk`` cases at a time are
    read with one query per table, their obligation rows replaced with one ``DELETE`` and
    one ``executemany``, and ``next_due`` written with another. It gives the same rows as
    ``refresh_case`` on each case (a test compares them). Objects already loaded in the
    session are expired, so they cannot show the old ``next_due``.
    """
    from caseload.services.settings import ruleset

    rules = ruleset(session)
    session.flush()
    ids = session.execute(
        select(CASES.c.id).where(CASES.c.status == "open").order_by(CASES.c.id)
    ).scalars().all()
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        _refresh_range(session, rules, part[0], part[-1])
    session.expire_all()
    return len(ids)


def _refresh_range(session: Session, rules: RuleSet, low: int, high: int) -> None:
    """Recompute the open cases with ids from ``low`` to ``high``."""
    in_range = CASES.c.id.between(low, high) & (CASES.c.status == "open")
    open_cases = session.execute(select(CASES).where(in_range)).all()
    children = {}
    for model in (CategoryChangeRow, Interview, Referral, ReturnRecord):
        table = model.__table__
        fetched = session.execute(
            select(table).join(CASES, table.c.case_id == CASES.c.id).where(in_range)
            .order_by(table.c.id)
        ).all()
        grouped = defaultdict(list)
        for row in fetched:
            grouped[row.case_id].append(row)
        children[model] = grouped
    new_rows, dues = [], []
    for case in open_cases:
        facts = facts_from_rows(case, *(children[m][case.id] for m in children))
        found = obligations(facts, rules)
        new_rows.extend(rows(case.id, found))
        dues.append({"b_id": case.id, "b_next_due": next_due(found)})
    session.execute(delete(OBLIGATIONS).where(
        OBLIGATIONS.c.case_id.in_(select(CASES.c.id).where(in_range))))
    if new_rows:
        session.execute(insert(OBLIGATIONS), new_rows)
    if dues:
        session.execute(
            update(CASES).where(CASES.c.id == bindparam("b_id"))
            .values(next_due=bindparam("b_next_due")),
            dues,
        )
