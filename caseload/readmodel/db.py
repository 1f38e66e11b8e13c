"""Opening a caseload database read-only with the standard library, and checking its schema.

The quick check must start fast, so this module imports neither SQLAlchemy nor Alembic: the
schema revision is compared with the constant in ``caseload.store.revision``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from caseload.errors import DomainError
from caseload.store.permissions import check_permissions
from caseload.store.revision import HEAD, check_revision, schema_revision  # noqa: F401
from caseload.store.safety import check_location

BUSY_TIMEOUT_S = 30


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection on an existing database whose schema is this version's.

    Raises ``DomainError`` (exit 1) with a hint for a missing or outdated database.
    """
    if not db.is_file():
        what = "is not a file" if db.exists() else "does not exist"
        raise DomainError(f"no database at {db} ({what}): run 'caseload init' or "
                          "'caseload demo' first")
    check_location(db)
    check_permissions(db)
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise DomainError(f"cannot open {db}: {exc}") from None
    try:
        check_revision(conn, db)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def snapshot(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection in one read transaction (all queries see the same state)."""
    conn = connect(db)
    try:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise DomainError(f"cannot read {db}: {exc}") from None
    finally:
        conn.close()
