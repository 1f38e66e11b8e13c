"""The import's bulk path on PostgreSQL (psycopg 3), as ``importing_sql`` is on SQLite: the
same decisions (``importing_chunk``), these reads and writes.

- Reads by a list of keys: ``WHERE key = ANY(%s)``, one query per table and chunk.
- Writes: ``COPY`` into a temporary staging table (``ON COMMIT DELETE ROWS``, made once a
  connection), then one set-based ``INSERT ... SELECT`` (or ``UPDATE ... FROM``) into the
  table. ``COPY`` cannot write into a table with row-level security, an ``INSERT`` can: so
  every row passes the policies of the role importing, as a row written by hand would.
  The audit entries of the new cases take the same path (``audit.append``'s ``write``):
  one ``COPY`` a chunk, not one ``INSERT`` an entry.
- Ids of new citizens and cases come from the tables' sequences (``nextval``), taken for a
  chunk in one query, as many as it may need (one per CPR not found, one per CPR without an
  open case; a role may use a sequence, not set it; ids a chunk does not use are gaps).
- A chunk is one transaction that first takes the store's write lock
  (``caseload.store.postgres.WRITE_LOCK``), as every write transaction does: the reads it
  decides on cannot change under it.

Values arrive converted as for SQLite (dates ISO text, date-times naive UTC text, flags
0/1); ``COPY``'s text format reads each as its column's type.

A role under row-level security (the import account, a caseworker: ``restrict``) looks up
what exists through the server's import functions (migration ``0010_import_roles``), which
answer only ids, hashes, files, lines and caseworkers; the other columns it asks for it
reads under its policies (None where they hide the row), and it settles open rejections
through ``caseload_import_resolve``. The import account, which sees no citizen, writes the
contact details a form brings for a citizen without an open case through
``caseload_import_contacts`` (never a field corrected by hand, never a value to empty).
"""

from __future__ import annotations

import json
import weakref
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
    if conn in _RESTRICTED and (table, tuple(columns)) == ("import_issues", ("resolved_at",)):
        _resolve(conn, rows)
        return
    if conn in _IMPORTERS and table == "citizens":
        _contacts(conn, columns, rows)
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
    if conn in _RESTRICTED:
        return _looked_up(conn, table, columns, key, values, where)
    names = ", ".join(_quoted(c) for c in columns)
    return conn.execute(f"SELECT {names} FROM {_quoted(table)} WHERE {_quoted(key)} = "
                        f"ANY(%s){where}", (values,)).fetchall()


def new_ids(conn: Any, table: str, count: int) -> Iterator[int]:
    """Fresh ids of ``table`` from its sequence, in order: ``count`` (what the chunk may
    need at most) taken in one query when the first is asked for, more in blocks should it
    need more (a chunk whose forms are all known takes none)."""
    block = max(count, 1)
    while True:
        rows = conn.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))"
                            " FROM generate_series(1, %s)", (table, block)).fetchall()
        yield from sorted(r[0] for r in rows)
        block = 16


# -- lookups past the policies (a role under row-level security) -------------------------------
_RESTRICTED: weakref.WeakSet[Any] = weakref.WeakSet()
_IMPORTERS: weakref.WeakSet[Any] = weakref.WeakSet()  # the import account's connections
CONTACTS = ("name", "address", "postal_code", "city", "phone", "email", "employment_status",
            "employer_name", "employer_cvr", "job_title", "weekly_hours", "unemployment_fund",
            "updated_at")  # what caseload_import_contacts writes
_ISSUE = ("id", "kind", "form_id", "content_hash", "source_file", "source_line")
# (table, key, the chunk's condition) → the server's function and the columns it answers
LOOKUPS: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {
    ("forms", "form_id", ""): ("caseload_import_forms(%s)",
                               ("form_id", "content_hash", "source_file", "source_line")),
    ("citizens", "cpr", ""): ("caseload_import_citizens(%s)", ("cpr", "id", "birth_date")),
    ("cases", "citizen_id", " AND status = 'open' ORDER BY id"): (
        "caseload_import_cases(%s)", ("id", "citizen_id", "caseworker_id")),
    ("import_issues", "source_file", " AND resolved_at IS NULL"): (
        "caseload_import_issues(true, %s)", _ISSUE),
    ("import_issues", "form_id", " AND resolved_at IS NULL"): (
        "caseload_import_issues(false, %s)", _ISSUE),
}


def restrict(conn: Any, *, importer: bool = False) -> None:
    """From now on the import's lookups on ``conn`` go through the server's import
    functions: its role's policies hide other caseworkers' rows (``importer``: all of them,
    and citizens' contact details are written through ``caseload_import_contacts``)."""
    _RESTRICTED.add(conn)
    if importer:
        _IMPORTERS.add(conn)


def _looked_up(conn: Any, table: str, columns: Sequence[str], key: str, values: list,
               where: str) -> list[tuple]:
    found = LOOKUPS.get((table, key, where))
    if found is None:
        raise ValueError(f"no import lookup of {table} by {key}{where}")
    function, answered = found
    rows = [dict(zip(answered, row, strict=True))
            for row in conn.execute(f"SELECT * FROM {function}", (values,)).fetchall()]
    rest = [c for c in columns if c not in answered]
    if rest and rows:  # read under the policies: None where they hide the row
        if "id" not in answered:
            raise ValueError(f"{table}: {rest} cannot be read without ids")
        names = ", ".join(_quoted(c) for c in ("id", *rest))
        seen = {r[0]: r[1:] for r in conn.execute(
            f"SELECT {names} FROM {_quoted(table)} WHERE id = ANY(%s)",
            ([r["id"] for r in rows],)).fetchall()}
        for row in rows:
            row.update(zip(rest, seen.get(row["id"], (None,) * len(rest)), strict=True))
    return [tuple(row[c] for c in columns) for row in rows]


def _contacts(conn: Any, columns: Sequence[str], rows: list[Sequence[object]]) -> None:
    if tuple(columns) != CONTACTS:
        raise ValueError(f"caseload_import_contacts writes {CONTACTS}, not {tuple(columns)}")
    conn.execute("SELECT caseload_import_contacts(%s::jsonb)", (json.dumps(
        [{**dict(zip(columns, row[:-1], strict=True)), "id": row[-1]} for row in rows]),))


def _resolve(conn: Any, rows: list[Sequence[object]]) -> None:
    """Settle open rejections (rows: the stamp, then the id) through the server, which
    settles only those whose form is stored."""
    by_stamp: dict[object, list[object]] = {}
    for stamp, issue_id in rows:
        by_stamp.setdefault(stamp, []).append(issue_id)
    for stamp, ids in by_stamp.items():
        conn.execute("SELECT caseload_import_resolve(%s, %s)", (ids, stamp))


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
