"""The audit log's one insert (``caseload.services.audit.append`` masks and stamps first)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

INSERT = ("INSERT INTO audit_log (at, actor, action, citizen_id, case_id, detail, purpose)"
          " VALUES (:at, :actor, :action, :citizen_id, :case_id, :detail, :purpose)")
FIELDS = ("at", "actor", "action", "citizen_id", "case_id", "detail", "purpose")


def insert(conn: Any, rows: Iterable[tuple]) -> None:
    """Insert rows of ``FIELDS`` in the connection's current transaction."""
    conn.executemany(INSERT, [dict(zip(FIELDS, row, strict=True)) for row in rows])


def citizen_of_case(conn: Any, case_id: int) -> int | None:
    row = conn.execute("SELECT citizen_id FROM cases WHERE id = :id", {"id": case_id}).fetchone()
    return None if row is None else int(row[0])
