"""The schema revision this version of caseload needs, as a plain constant.

The quick check (``caseload overdue``/``today``) compares it with the database's
``alembic_version`` without importing Alembic. ``tests/cli/test_revision.py`` checks it
against the newest migration in ``caseload/migrations/versions``, so the two cannot drift:
when you add a migration, set ``HEAD`` to its revision.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from caseload.errors import DomainError

HEAD = "0010_import_roles"


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The database's Alembic revision (table ``alembic_version``), or None if it has none."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


def check_revision(conn: sqlite3.Connection, db: Path, *, explain: bool = False) -> None:
    """``DomainError`` unless the schema is ``HEAD``. A revision this version does not know
    is always named as a newer version's (Alembic is loaded to tell, on this error path
    only), so no path says "run init" to a newer database; ``explain`` is kept for callers."""
    try:
        current = schema_revision(conn)
    except sqlite3.DatabaseError as exc:
        from caseload.store.failures import database_sentence

        raise DomainError(database_sentence(exc, db)) from None
    check_current(current, db)


def check_current(current: str | None, db: object) -> None:
    """``DomainError`` unless ``current`` (the database's revision, read by the engine's
    opener) is ``HEAD``; a revision this version does not know is a newer version's."""
    if current is not None and current != HEAD:
        from caseload.store.schema import known_revision  # Alembic: only on this error path

        if not known_revision(current):
            raise DomainError(newer(db, current))
    if current != HEAD:
        raise DomainError(
            f"the database at {db} is at schema {current or 'none'}, this version needs "
            f"{HEAD}: run 'caseload init' to upgrade it"
        )


def newer(db: Path, revision: str) -> str:
    from caseload.i18n import t

    return t("failure.newer", db=db, revision=revision)
