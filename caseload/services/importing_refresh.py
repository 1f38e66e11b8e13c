"""The import's one ORM step, taken only when a form fills in an open case's expected return
date (rare): the case's obligations are recomputed through ``services.obligations``'s usual
``refresh_case``, inside the chunk's own transaction.

SQLAlchemy is imported here, and only here, on that path. It is handed the import's
``sqlite3`` connection through a wrapper whose ``commit``, ``rollback`` and ``close`` do
nothing: the transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) stays the import's, so the
recomputed rows land or vanish with the chunk's other rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from caseload.domain.ruleset import RuleSet


class _Borrowed:
    """The import's connection as SQLAlchemy sees it: it may not end the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass


def refresh_cases(conn: sqlite3.Connection, case_ids: Iterable[int], rules: RuleSet) -> None:
    """Recompute and store the obligations of these cases, in ``conn``'s open transaction."""
    ids = list(case_ids)
    if not ids:
        return
    if not conn.in_transaction:
        raise RuntimeError("refresh_cases needs the chunk's open transaction")
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool
    from sqlmodel import Session

    from caseload.models import Case
    from caseload.services.obligations import refresh_case

    engine = create_engine("sqlite://", creator=lambda: _Borrowed(conn), poolclass=StaticPool,
                           hide_parameters=True)
    try:
        with Session(engine) as session:
            for case_id in ids:
                case = session.get(Case, case_id)
                if case is not None:
                    refresh_case(session, case, rules)
            session.flush()
    finally:
        engine.dispose()
