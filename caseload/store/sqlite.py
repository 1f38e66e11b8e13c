"""The store on the standard library's ``sqlite3``, for the paths that must start fast.

The morning batch writes with plain ``executemany`` and so needs neither SQLAlchemy nor
SQLModel (~0.5–0.8 s to import here, a third of its budget); the audit entries of the quick
check and the app are written the same way. ``connect`` opens the database the way
``caseload.store.database.open_database`` does: the same safety checks (no network file
system, no file readable by others), the same connection settings as
``caseload.store.engine`` (busy timeout, WAL, foreign keys, synchronous NORMAL, no implicit
transactions) and the schema revision checked against ``caseload.store.revision.HEAD`` by
``caseload.store.revision.check_revision``. Writes happen in ``BEGIN IMMEDIATE`` transactions
(``write_transaction``); ``tests/importer/test_db.py`` checks the settings against an
engine's connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from caseload.errors import DomainError
from caseload.store.failures import database_sentence
from caseload.store.permissions import check_permissions
from caseload.store.revision import check_revision
from caseload.store.safety import check_location

BUSY_TIMEOUT_MS = 30_000  # caseload.store.engine uses these too, read at each connect
_SETTINGS = ("PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
             "PRAGMA synchronous = NORMAL")
BUSY = ("database is locked", "database is busy", "database table is locked")
# Reads map the file instead of copying each page through SQLite's small page cache: the
# quick check's joins over 10,000 cases and citizens take a third less time.
READ_MAP = "PRAGMA mmap_size = 268435456"


def connect(db: Path, *, read_only: bool = False, explain: bool = False) -> sqlite3.Connection:
    """A connection on an existing database whose schema is this version's (``read_only``:
    the quick check's and the screens' reads, which cannot write by mistake; ``explain``:
    see ``revision.check_revision``)."""
    check_database(db)
    conn = open_connection(db, read_only=read_only)
    try:
        check_revision(conn, db, explain=explain)
    except sqlite3.Error as exc:
        conn.close()
        raise DomainError(database_sentence(exc, db)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def check_database(db: Path) -> None:
    """The checks every opener makes: the file is there, on a local disk, not readable by
    others. Raises ``DomainError`` (exit 1) with what to do."""
    if db.exists() and not db.is_file():  # a folder given as the database
        from caseload.i18n import t

        raise DomainError(t("failure.cannot_open", db=db))
    if not db.is_file():
        raise DomainError(f"no database at {db} (does not exist): run 'caseload init' or "
                          "'caseload demo' first")
    check_location(db)
    check_permissions(db)


def pragmas() -> tuple[str, ...]:
    """The settings of every read-write connection (the busy timeout as it is now set)."""
    return (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", *_SETTINGS)


def open_connection(db: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the store's settings, no checks (the caller made them)."""
    try:
        if read_only:
            conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise DomainError(database_sentence(exc, db)) from None
    try:
        for pragma in (*pragmas()[:1], READ_MAP) if read_only else pragmas():
            conn.execute(pragma)
    except sqlite3.Error as exc:
        conn.close()
        raise DomainError(database_sentence(exc, db)) from None
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection, *, keep: bool = True) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error, or always without ``keep``:
    a dry run). Waiting longer than the busy timeout is a ``StorageError``, not a traceback."""
    from caseload.store.files import StorageError

    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if any(text in str(exc) for text in BUSY):
            raise StorageError(
                "the database stayed busy: another program has held it for writing too "
                "long. Nothing was saved; try again in a moment.") from exc
        raise
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT" if keep else "ROLLBACK")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One consistent snapshot for several reads, ended at once."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


@contextmanager
def snapshot(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection in one read transaction (all queries see the same state)."""
    conn = connect(db, read_only=True)
    try:
        with read_transaction(conn):
            yield conn
    except sqlite3.Error as exc:
        raise DomainError(f"cannot read {db}: {exc}") from None
    finally:
        conn.close()


WAL_LIMIT = 16 * 1024 * 1024  # bytes a batch's write-ahead log may grow to between chunks


def defer_checkpoints(conn: sqlite3.Connection, limit: int = WAL_LIMIT) -> None:
    """No automatic WAL checkpoint inside a chunk (``checkpoint_between`` runs one between
    chunks once the log passed ``limit``), and a log that was reset is cut back to
    ``limit``: disk use stays bounded however big the batch is."""
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA journal_size_limit = {int(limit)}")


def checkpoint_between(conn: sqlite3.Connection, db: Path, limit: int = WAL_LIMIT) -> None:
    """Between two chunks: copy the log into the database once it is over ``limit``
    (PASSIVE: never waits for readers; the next chunk then writes the log from its start)."""
    try:
        size = Path(f"{db}-wal").stat().st_size
    except OSError:
        return
    if size > limit:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def checkpoint(conn: sqlite3.Connection) -> None:
    """Checkpoint what the batch wrote (without waiting for readers); automatic checkpoints
    back on."""
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    conn.execute("PRAGMA wal_autocheckpoint = 1000")
