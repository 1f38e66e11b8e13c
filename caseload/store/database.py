"""Opening a caseload database: create or upgrade it, or open an existing one at its schema.

A SQLite file, or a PostgreSQL database named by a ``postgresql://`` URL (``PostgresUrl``,
``caseload.store.postgres``): the same revision check and the same Alembic migrations.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from sqlalchemy import Engine

from caseload.errors import DomainError
from caseload.pgurl import PostgresUrl
from caseload.store.engine import make_engine
from caseload.store.revision import newer
from caseload.store.safety import check_location
from caseload.store.sqlite import connect


def open_database(db: Path | PostgresUrl) -> Engine:
    """An engine on an existing database whose schema is current: the same checks as the
    plain-``sqlite3`` opener (``caseload.store.sqlite.connect``), which it makes first.

    The check reads ``alembic_version`` directly against ``revision.HEAD``; Alembic itself
    (~0.2 s to import) is loaded only when the revisions differ, to say why.
    """
    if isinstance(db, PostgresUrl):
        return _open_postgres(db)
    connect(db, explain=True).close()
    return make_engine(db)


def create_database(db: Path | PostgresUrl) -> tuple[Engine, str | None, str | None]:
    """Create the database if missing and upgrade it to the newest schema (the rule set is
    ``caseload.services.db.init_database``'s). Returns the engine and the schema revisions
    before and after; on an error the engine is disposed."""
    from caseload.store import postgres
    from caseload.store.schema import current_revision, known_revision, upgrade

    on_postgres = isinstance(db, PostgresUrl)
    if not on_postgres:
        check_location(db)
        refuse_foreign(db)
    engine = postgres.make_engine(db) if on_postgres else make_engine(db, create=True)
    try:
        current = current_revision(engine)
        if current is not None and not known_revision(current):
            raise DomainError(newer(db, current))
        with postgres.owner_needed(db) if on_postgres else nullcontext():
            before, after = upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine, before, after


def _open_postgres(db: PostgresUrl) -> Engine:
    from caseload.store import postgres

    postgres.connect(db).close()  # the server answers and the schema is current
    return postgres.make_engine(db)


def refuse_foreign(db: Path) -> None:
    """Refuse a database that is not empty and not ours (another program's tables), read
    without changing it (no WAL switch, nothing created)."""
    import sqlite3

    if not db.is_file() or db.stat().st_size == 0:
        return
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()
    if tables and "alembic_version" not in tables:
        from caseload.i18n import t

        raise DomainError(t("failure.foreign", db=db))
