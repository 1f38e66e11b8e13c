"""Opening a caseload database: create or upgrade it, or open an existing one at its schema."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from caseload.errors import DomainError
from caseload.store.engine import make_engine
from caseload.store.permissions import check_permissions
from caseload.store.revision import HEAD
from caseload.store.safety import check_location


def open_database(db: Path) -> Engine:
    """An engine on an existing database whose schema is current.

    The check reads ``alembic_version`` directly against ``revision.HEAD``; Alembic itself
    (~0.2 s to import) is loaded only when the revisions differ, to say why.
    """
    if not db.exists():
        raise DomainError(f"no database at {db}: run 'caseload init' (or 'caseload demo') first")
    check_location(db)
    check_permissions(db)
    engine = make_engine(db)
    current, head = _stored_revision(engine), HEAD
    if current != head:
        from caseload.store.schema import known_revision

        engine.dispose()
        if current is not None and not known_revision(current):
            raise DomainError(_newer(db, current))
        raise DomainError(
            f"the database at {db} is at schema {current or 'none'}, this version needs {head}: "
            "run 'caseload init' to upgrade it"
        )
    return engine


def init_database(db: Path, *, rules: str | None = None) -> tuple[Engine, str | None, str | None]:
    """Create the database if missing, upgrade it to the newest schema, set the rule set.

    Returns the engine and the schema revisions before and after.
    """
    from caseload.services import settings
    from caseload.store.schema import current_revision, known_revision, upgrade
    from caseload.store.uow import write_session

    check_location(db)
    if rules is not None:
        rules = settings.check_rules(rules)  # before anything is created
    engine = make_engine(db, create=True)
    try:
        current = current_revision(engine)
        if current is not None and not known_revision(current):
            raise DomainError(_newer(db, current))
        before, after = upgrade(engine)
        with write_session(engine) as session:
            settings.ensure_rules(session, rules)
    except BaseException:
        engine.dispose()
        raise
    return engine, before, after


def _stored_revision(engine: Engine) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError:  # no alembic_version table: never migrated
            return None
    return row[0] if row else None


def _newer(db: Path, revision: str) -> str:
    return (f"the database at {db} is at schema {revision}, which this version of caseload "
            "does not know (a newer version made it): upgrade caseload")
