"""Opening a caseload database: create or upgrade it, or open an existing one at its schema."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from caseload.errors import DomainError
from caseload.store.engine import make_engine
from caseload.store.revision import newer
from caseload.store.safety import check_location
from caseload.store.sqlite import connect


def open_database(db: Path) -> Engine:
    """An engine on an existing database whose schema is current: the same checks as the
    plain-``sqlite3`` opener (``caseload.store.sqlite.connect``), which it makes first.

    The check reads ``alembic_version`` directly against ``revision.HEAD``; Alembic itself
    (~0.2 s to import) is loaded only when the revisions differ, to say why.
    """
    connect(db, explain=True).close()
    return make_engine(db)


def create_database(db: Path) -> tuple[Engine, str | None, str | None]:
    """Create the database if missing and upgrade it to the newest schema (the rule set is
    ``caseload.services.db.init_database``'s). Returns the engine and the schema revisions
    before and after; on an error the engine is disposed."""
    from caseload.store.schema import current_revision, known_revision, upgrade

    check_location(db)
    engine = make_engine(db, create=True)
    try:
        current = current_revision(engine)
        if current is not None and not known_revision(current):
            raise DomainError(newer(db, current))
        before, after = upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine, before, after
