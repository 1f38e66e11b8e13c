"""The import's bulk path: set-wise reads and ``executemany`` writes on the session's
connection, built from the SQLModel tables so that column names cannot drift.

Values are converted here the way SQLAlchemy stores them on SQLite (dates ISO, date-times
as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans 0/1); a test compares rows written
this way with rows written through the ORM. This skips SQLAlchemy's per-value processing,
which is what makes 10,000 forms a second possible (plain executemany: ~250,000 rows/s;
Core ``insert()`` with dicts: ~90,000; ORM ``add_all``: ~7,000).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, Table

from caseload.models import AuditEntry, Case, Citizen, ImportIssue, ObligationRow, StoredForm

CITIZENS: Table = Citizen.__table__  # type: ignore[attr-defined]
CASES: Table = Case.__table__  # type: ignore[attr-defined]
FORMS: Table = StoredForm.__table__  # type: ignore[attr-defined]
ISSUES: Table = ImportIssue.__table__  # type: ignore[attr-defined]
OBLIGATIONS: Table = ObligationRow.__table__  # type: ignore[attr-defined]
AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
MAX_VARIABLES = 900  # well under SQLite's limit on bound parameters


def sql_value(value: object) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def insert_rows(conn: Connection, table: Table, columns: Sequence[str],
                rows: Iterable[Sequence[object]]) -> int:
    """``INSERT`` every row (values in ``columns`` order, already converted)."""
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    rows = list(rows)
    if not rows:
        return 0
    names = ", ".join(_quoted(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({marks})", rows)
    return len(rows)


def update_rows(conn: Connection, table: Table, columns: Sequence[str],
                rows: Iterable[Sequence[object]]) -> None:
    """``UPDATE … SET columns WHERE id = ?``: each row is the new values, then the id."""
    rows = list(rows)
    if not rows:
        return
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    sets = ", ".join(f"{_quoted(c)} = ?" for c in columns)
    conn.exec_driver_sql(f"UPDATE {_quoted(table.name)} SET {sets} WHERE id = ?", rows)


def select_in(conn: Connection, table: Table, columns: Sequence[str], key: str,
              values: Iterable[object], where: str = "") -> list[tuple]:
    """Rows whose ``key`` is one of ``values`` (in batches under the variable limit)."""
    values = list(dict.fromkeys(values))
    names = ", ".join(_quoted(c) for c in columns)
    found: list[tuple] = []
    for start in range(0, len(values), MAX_VARIABLES):
        part = values[start:start + MAX_VARIABLES]
        marks = ", ".join("?" for _ in part)
        sql = (f"SELECT {names} FROM {_quoted(table.name)} "
               f"WHERE {_quoted(key)} IN ({marks}){where}")
        found.extend(tuple(row) for row in conn.exec_driver_sql(sql, tuple(part)).all())
    return found


def max_id(conn: Connection, table: Table) -> int:
    return conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {_quoted(table.name)}"
                                ).scalar_one()


def parse_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def defer_checkpoints(conn: Connection) -> None:
    """No automatic WAL checkpoint on this connection during the batch: one at the end
    (``checkpoint``) copies each page once instead of once per checkpoint."""
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")


def checkpoint(engine: Engine) -> None:
    """Checkpoint what the batch wrote (without waiting for readers) and restore the
    automatic checkpoints on the pooled connection."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        cursor.execute("PRAGMA wal_autocheckpoint = 1000")
        cursor.close()
    finally:
        raw.close()
