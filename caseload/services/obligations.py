"""Keeping each case's obligations stored, so "what is overdue" is an indexed query."""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from caseload.domain.model import Obligation
from caseload.domain.rules import obligations
from caseload.domain.ruleset import RuleSet
from caseload.models import Case, ObligationRow
from caseload.services.facts import case_facts


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


def refresh_all(session: Session) -> int:
    """Recompute every open case (after the rule set changed). Returns the count."""
    from caseload.services.settings import ruleset

    rules = ruleset(session)
    count = 0
    for case in session.exec(select(Case).where(Case.status == "open")).all():
        refresh_case(session, case, rules)
        count += 1
    return count
