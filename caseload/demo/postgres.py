"""The demo on PostgreSQL: the same generated rows as the SQLite file's, written with COPY
(psycopg 3) in one write transaction, as the database's owner.

A database may be (re)built when it is empty (no caseworker, no citizen) or carries the demo
marker in ``meta``; any other database is a real one and is never touched
(``NotADemoDatabase``). A rebuild empties the demo's tables in the same transaction, so
nobody sees a half-built demo: either the old one or the new one.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from caseload.demo.writer import (
    DEMO_KEY,
    BuildReport,
    NotADemoDatabase,
    marker,
    parse_marker,
    write_parts,
)
from caseload.pgurl import PostgresUrl

# what a rebuild empties: the generated tables and what the use of a demo adds to them
EXTRA_TABLES = ("audit_log", "case_events", "import_issues")


def read_marker(url: PostgresUrl) -> dict | None:
    """The demo marker of the database ``url`` names; None when it has no caseload data yet
    (never migrated, or no caseworker and no citizen). ``NotADemoDatabase`` otherwise."""
    from caseload.store import postgres

    conn = postgres.connect(url, check_schema=False)
    try:
        if postgres.schema_revision(conn) is None:
            return None
        row = conn.execute("SELECT value FROM meta WHERE key = %s", (DEMO_KEY,)).fetchone()
        if row is None:
            used = conn.execute("SELECT EXISTS (SELECT 1 FROM caseworkers) OR EXISTS "
                                "(SELECT 1 FROM citizens)").fetchone()[0]
            if used:
                raise NotADemoDatabase(str(url))
            return None
    finally:
        conn.close()
    return parse_marker(row[0], url)


def build(url: PostgresUrl, *, seed: int = 1, cases: int = 150, today: date,
          offers_path: Path | None = None, rules: str | None = None) -> BuildReport:
    """Build the demo in the database ``url`` (see the module's docstring)."""
    from caseload.catalogue import load_catalogue
    from caseload.demo.generator import TABLES, generate_chunks
    from caseload.services import settings
    from caseload.services.db import init_database, write_session
    from caseload.services.offers import offer_ids, sync_offers

    if cases < 0:
        raise ValueError("the number of cases cannot be negative")
    started = time.perf_counter()
    read_marker(url)  # refuse early, before any work
    specs = load_catalogue(offers_path)
    engine, _, _ = init_database(url, rules=rules)  # schema, roles, policies, rule set
    try:
        with write_session(engine) as session:
            read_marker(url)  # still a demo (or nothing), now that writers wait for us
            raw = session.connection().connection.dbapi_connection
            raw.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in (*TABLES, *EXTRA_TABLES))
                        + " RESTART IDENTITY CASCADE")
            sync_offers(session, specs)
            ids, ruleset = offer_ids(session), settings.ruleset(session)
            raw = session.connection().connection.dbapi_connection
            counts = write_parts(
                generate_chunks(seed=seed, cases=cases, today=today, offers=specs,
                                offer_ids=ids, rules=ruleset),
                lambda table, rows: _copy_rows(raw, table, rows))
            _advance_sequences(raw, TABLES)
            raw.execute("INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO "
                        "UPDATE SET value = excluded.value",
                        (DEMO_KEY, json.dumps(marker(seed, cases, today, rules))))
    finally:
        engine.dispose()
    return BuildReport(Path(str(url)), time.perf_counter() - started, counts)


def _copy_rows(conn: Any, table: str, rows: list[dict]) -> None:
    """All the rows of a table in one COPY (text format: PostgreSQL reads each value as it
    would a literal, so the generator's 0/1 flags are booleans)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    with conn.cursor() as cursor, cursor.copy(
            f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _advance_sequences(conn: Any, tables: tuple[str, ...]) -> None:
    """Each table's id sequence to just after the ids the generator gave."""
    serial = conn.execute(
        "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') FROM "
        "information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' "
        "AND table_name = ANY(%s)", (list(tables),)).fetchall()
    for table, sequence in serial:
        if sequence:
            conn.execute(f'SELECT setval(%s, coalesce(max(id), 0) + 1, false) FROM "{table}"',
                         (sequence,))
