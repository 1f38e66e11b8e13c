"""Writing a demo database: a fresh file, filled by bulk inserts in one write transaction.

The database is built next to its final place (``NAME.building``) and moved there when
complete, so nobody ever opens a half-built demo. Table ``meta`` holds the marker
``demo`` = ``{"seed", "cases", "built_for", "generator"}``: it is how ``caseload demo``
tells a demo database (which it may rebuild) from a real one (which it never touches).
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseload.demo.generator import DemoData

DEMO_KEY = "demo"
GENERATOR_VERSION = 1
SUFFIXES = ("", "-wal", "-shm", "-journal")
CACHE_KIB = 64 * 1024  # page cache while building (KiB)


class NotADemoDatabase(Exception):
    """The file exists and is not a demo database: it must not be replaced."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    path: Path
    seconds: float
    rows: dict[str, int]

    @property
    def open_cases(self) -> int:
        return self.rows.get("open_cases", 0)


def marker(seed: int, cases: int, today: date, rules: str | None = None) -> dict:
    found = {"seed": seed, "cases": cases, "built_for": today.isoformat(),
             "generator": GENERATOR_VERSION}
    if rules is not None:  # the default rule set leaves the marker as it always was
        found["rules"] = rules
    return found


def read_marker(db_path: Path) -> dict | None:
    """The demo marker of the database at ``db_path``; None when there is no file.

    Raises ``NotADemoDatabase`` for any other file (a real caseload database, a file that
    is no database at all): those are never rebuilt.
    """
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (DEMO_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    return parse_marker(row[0] if row else None, db_path)


def parse_marker(value: str | None, where: object) -> dict:
    """The demo marker stored as ``value``; ``NotADemoDatabase`` (naming ``where``) unless
    it is one."""
    try:
        found = json.loads(value) if value is not None else None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise NotADemoDatabase(str(where))
    return found


def build(db_path: Path, *, seed: int = 1, cases: int = 150, today: date,
          offers_path: Path | None = None, rules: str | None = None) -> BuildReport:
    """Build the demo database at ``db_path``, replacing an earlier demo database there.

    Deterministic for (seed, cases, today, rules). ``rules``: a rule set as for
    ``caseload init --rules`` (None: the default). Refuses (``NotADemoDatabase``) to replace a
    file that is not a demo database.
    """
    from caseload.catalogue import load_catalogue
    from caseload.demo.generator import generate_chunks
    from caseload.services import settings
    from caseload.services.db import init_database, write_session
    from caseload.services.offers import offer_ids, sync_offers

    if cases < 0:
        raise ValueError("the number of cases cannot be negative")
    started = time.perf_counter()
    read_marker(db_path)  # refuse early, before any work
    specs = load_catalogue(offers_path)
    building = db_path.with_name(db_path.name + ".building")
    _remove(building)
    engine, _, _ = init_database(building, rules=rules)  # schema, rule set: as for a real one
    try:
        with write_session(engine) as session:
            sync_offers(session, specs)
            ids, ruleset = offer_ids(session), settings.ruleset(session)
    finally:
        engine.dispose()
    parts = generate_chunks(seed=seed, cases=cases, today=today, offers=specs,
                            offer_ids=ids, rules=ruleset)
    counts = bulk_write(building, parts, marker(seed, cases, today, rules))
    read_marker(db_path)  # still a demo (or nothing) at the moment we replace it
    _remove(db_path)
    os.replace(building, db_path)
    return BuildReport(db_path, time.perf_counter() - started, counts)


def bulk_write(path: Path, parts: Iterable[DemoData], demo: dict) -> dict[str, int]:
    """Insert the generated rows in one transaction on the driver's own connection.

    The file is private and nobody opens it before it is complete and renamed, so it is
    written without a journal and with a big page cache; foreign keys are checked; the
    indexes are dropped and built once at the end. Values are stored as SQLAlchemy stores
    them (``storage_adapters``). Returns the rows written per table.
    """
    from caseload.demo.generator import TABLES

    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived rows and no cycles: the collector only costs time
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "foreign_keys = ON",
                       f"cache_size = -{CACHE_KIB}"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN IMMEDIATE")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({', '.join('?' * len(TABLES))})", TABLES).fetchall()
        for index, _ in indexes:
            conn.execute(f'DROP INDEX "{index}"')
        with storage_adapters():
            counts = write_parts(parts, lambda table, rows: insert_rows(conn, table, rows))
        for _, create in indexes:
            conn.execute(create)
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (DEMO_KEY, json.dumps(demo)))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
        if gc_was_enabled:
            gc.enable()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # complete on disk before it takes the demo's place
    finally:
        os.close(fd)
    return counts


def write_parts(parts: Iterable[DemoData],
                write: Callable[[str, list[dict]], None]) -> dict[str, int]:
    """Hand every table's rows of each generated part to ``write(table, rows)``, in table
    order, the notes sealed first (in id order, the hash chain running across parts).
    Returns the rows per table and the open cases."""
    from caseload.demo.generator import TABLES
    from caseload.notes.chain import GENESIS, seal_rows

    counts = dict.fromkeys(TABLES, 0)
    counts["open_cases"] = 0
    chain = GENESIS
    for part in parts:
        chain = seal_rows(part.tables["notes"], chain)
        for name in TABLES:
            write(name, part.tables[name])
            counts[name] += len(part.tables[name])
        counts["open_cases"] += sum(1 for c in part.tables["cases"] if c["status"] == "open")
    return counts


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """One ``executemany`` for all the rows of a table (inside ``storage_adapters``)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    if len(columns) == 1:
        conn.executemany(sql, [(row[columns[0]],) for row in rows])
    else:
        conn.executemany(sql, map(itemgetter(*columns), rows))


@contextmanager
def storage_adapters() -> Iterator[None]:
    """Let sqlite3 store dates and date-times as SQLAlchemy does: dates as ISO text,
    date-times as ``YYYY-MM-DD HH:MM:SS.ffffff`` (aware ones in UTC).

    sqlite3's adapters are global; the ones found are put back afterwards. (SQLAlchemy
    converts these values itself, so other code never meets the adapters.)
    """
    keys = {kind: (kind, sqlite3.PrepareProtocol) for kind in (date, datetime)}
    saved = {kind: sqlite3.adapters.get(key) for kind, key in keys.items()}
    sqlite3.register_adapter(date, date.isoformat)
    sqlite3.register_adapter(datetime, _datetime)
    try:
        yield
    finally:
        for kind, key in keys.items():
            if saved[kind] is None:
                sqlite3.adapters.pop(key, None)
            else:
                sqlite3.adapters[key] = saved[kind]


@lru_cache(maxsize=65536)  # the same days and times recur thousands of times
def _datetime(value: datetime) -> str:
    if value.tzinfo is not None and value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _remove(db_path: Path) -> None:
    for suffix in SUFFIXES:
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def add_team_lead(db_path: Path, login: str) -> bool:
    """Add ``login`` as a team lead of the demo database unless known; True if added."""
    from caseload.errors import DomainError, NotFound
    from caseload.services.caseworkers import add_caseworker, by_login
    from caseload.services.db import open_database, write_session

    engine = open_database(db_path)
    try:
        with write_session(engine) as session:
            try:
                by_login(session, login)
                return False
            except NotFound:
                pass
            try:
                add_caseworker(session, login=login, name=login, role="team_lead")
            except DomainError:  # not a usable login name (e.g. it holds a space)
                return False
            return True
    finally:
        engine.dispose()
