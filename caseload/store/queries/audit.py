"""The audit log's one insert (``caseload.services.audit.append`` masks and stamps first)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

# When an entry was made: the real clock in UTC, stored with its zone. On SQLite the column
# holds this text (ISO 8601, fixed width, so text order is time order); PostgreSQL's column
# is ``timestamptz`` and reads the same text as the instant it names, whatever the session's
# TimeZone. ``STORAGE`` is the same layout for SQLAlchemy's SQLite ``DATETIME``.
STAMP = "%Y-%m-%d %H:%M:%S.%f+00:00"
STORAGE = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
           ".%(microsecond)06d+00:00")

INSERT = ("INSERT INTO audit_log (at, actor, action, citizen_id, case_id, detail, purpose)"
          " VALUES (:at, :actor, :action, :citizen_id, :case_id, :detail, :purpose)")
FIELDS = ("at", "actor", "action", "citizen_id", "case_id", "detail", "purpose")


def stamp(at: datetime) -> str:
    """``at`` (aware) as the audit log stores it."""
    if at.tzinfo is None:
        raise ValueError("audit times are aware (the real clock, UTC)")
    return at.astimezone(UTC).strftime(STAMP)


def insert(conn: Any, rows: Iterable[tuple]) -> None:
    """Insert rows of ``FIELDS`` in the connection's current transaction."""
    conn.executemany(INSERT, [dict(zip(FIELDS, row, strict=True)) for row in rows])


def citizen_of_case(conn: Any, case_id: int) -> int | None:
    row = conn.execute("SELECT citizen_id FROM cases WHERE id = :id", {"id": case_id}).fetchone()
    return None if row is None else int(row[0])
