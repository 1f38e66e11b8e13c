"""The import's bulk path on PostgreSQL (psycopg 3), as ``importing_sql`` is on SQLite: the
same decisions (``importing_chunk``), these reads and writes.

- Reads by a list of keys: ``WHERE key = ANY(%s)``, one query per table and chunk.
- Writes: ``COPY`` into a temporary staging table (``ON COMMIT DELETE ROWS``, made once a
  connection), then one set-based ``INSERT ... SELECT`` (or ``UPDATE ... FROM``) into the
  table. ``COPY`` cannot write into a table with row-level security, an ``INSERT`` can: so
  every row passes the policies of the role importing, as a row written by hand would.
- Ids of new citizens and cases come from the tables' sequences (``nextval``), taken for a
  chunk at once (a role may use a sequence, not set it; ids a chunk does not use are gaps).
- A chunk is one transaction that first takes the store's write lock
  (``caseload.store.postgres.WRITE_LOCK``), as every write transaction does: the reads it
  decides on cannot change under it.

Values arrive converted as for SQLite (dates ISO text, date-times naive UTC text, flags
0/1); ``COPY``'s text format reads each as its column's type.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

WRITE_LOCK = 0x6361_7365  # caseload.store.postgres.WRITE_LOCK (a test checks)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _stage(conn: Any, table: str, columns: Sequence[str]) -> str:
    """A temporary table with ``columns`` of ``table`` (their types, no constraints), made
    if this session has none yet (inside the chunk's transaction: a dry run's goes with it)."""
    name = f"caseload_stage_{table}_{zlib.crc32(','.join(columns).encode()):08x}"
    names = ", ".join(_quoted(c) for c in columns)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ON COMMIT DELETE ROWS AS"
                 f" SELECT {names} FROM {_quoted(table)} WITH NO DATA")
    return name


def _copy(conn: Any, stage: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
          ) -> int:
    names = ", ".join(_quoted(c) for c in columns)
    count = 0
    with conn.cursor().copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_rows(conn: Any, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[object]]) -> int:
    rows = list(rows)
    if not rows:
        return 0
    stage = _stage(conn, table, columns)
    _copy(conn, stage, columns, rows)
    names = ", ".join(_quoted(c) for c in columns)
    conn.execute(f"INSERT INTO {_quoted(table)} ({names}) SELECT {names} FROM {stage}")
    conn.execute(f"DELETE FROM {stage}")
    return len(rows)


def update_rows(conn: Any, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[object]]) -> None:
    """Each row is the new values, then the id (as ``importing_sql.update_rows``)."""
    rows = list(rows)
    if not rows:
        return
    stage = _stage(conn, table, (*columns, "id"))
    _copy(conn, stage, (*columns, "id"), rows)
    sets = ", ".join(f"{_quoted(c)} = s.{_quoted(c)}" for c in columns)
    conn.execute(f"UPDATE {_quoted(table)} t SET {sets} FROM {stage} s WHERE t.id = s.id")
    conn.execute(f"DELETE FROM {stage}")


def select_in(conn: Any, table: str, columns: Sequence[str], key: str,
              values: Iterable[object], where: str = "") -> list[tuple]:
    values = list(dict.fromkeys(values))
    if not values:
        return []
    names = ", ".join(_quoted(c) for c in columns)
    return conn.execute(f"SELECT {names} FROM {_quoted(table)} WHERE {_quoted(key)} = "
                        f"ANY(%s){where}", (values,)).fetchall()


def new_ids(conn: Any, table: str, count: int) -> Iterator[int]:
    """Fresh ids of ``table`` from its sequence, in order, taken as they are asked for in
    blocks growing to ``count`` (a chunk whose forms are all known takes none)."""
    block = 16
    while True:
        rows = conn.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))"
                            " FROM generate_series(1, %s)", (table, block)).fetchall()
        yield from sorted(r[0] for r in rows)
        block = min(block * 4, max(count, 16))


@contextmanager
def write_transaction(conn: Any, *, keep: bool = True) -> Iterator[None]:
    """One transaction holding the write lock; rolled back on error (or without ``keep``)."""
    import psycopg

    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        yield
        if not keep:
            raise psycopg.Rollback


@contextmanager
def read_transaction(conn: Any) -> Iterator[None]:
    with conn.transaction():
        yield
