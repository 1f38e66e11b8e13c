"""The import's recomputation of an open case's obligations, taken only when a form fills
in the case's expected return date (rare): on the import's own DB-API connection, inside
the chunk's transaction, so the recomputed rows land or vanish with the chunk's other rows.

The facts come from ``caseload.store.queries.facts.cases_now``, the obligations from the
pure rules core (as ``services.obligations.refresh_case`` computes them); the rows are
written with the query layer's ``:name`` SQL, which runs on SQLite and (through
``services.db.Pyformat``) on PostgreSQL. No SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload.domain.rules import obligations
from caseload.domain.ruleset import RuleSet
from caseload.services.facts import facts_from_rows
from caseload.store.queries.facts import cases_now


def refresh_cases(conn: Any, case_ids: Iterable[int], rules: RuleSet) -> None:
    """Recompute and store the obligations of these cases, in ``conn``'s open transaction."""
    for case in cases_now(conn, list(case_ids)):
        found = obligations(facts_from_rows(case, case.changes, case.interviews,
                                            case.referrals, case.returns), rules)
        conn.execute("DELETE FROM obligations WHERE case_id = :case", {"case": case.id})
        conn.executemany(
            "INSERT INTO obligations (case_id, kind, seq, due, book_by, met_on, requirement)"
            " VALUES (:case, :kind, :seq, :due, :book_by, :met_on, :requirement)",
            [{"case": case.id, "kind": o.kind.value, "seq": o.seq, "due": o.due.isoformat(),
              "book_by": o.book_by.isoformat(),
              "met_on": o.met_on.isoformat() if o.met_on else None,
              "requirement": o.requirement} for o in found])
        dues = [o.due for o in found if o.met_on is None]
        conn.execute("UPDATE cases SET next_due = :due WHERE id = :case",
                     {"due": min(dues).isoformat() if dues else None, "case": case.id})
