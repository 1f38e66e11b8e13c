"""How the CLI and the app reach the store: they import no ``caseload.store`` themselves.

``snapshot`` is the fast read-only way in (plain ``sqlite3``, or psycopg on PostgreSQL; no
SQLAlchemy imported): the quick check's and the screens' reads run in it.
``open_database``/``init_database`` and the sessions load SQLAlchemy when they are called,
not when this module is imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseload.pgurl import PostgresUrl
from caseload.store import sqlite
from caseload.store.files import create_private_file
from caseload.store.paths import resolve_db_path

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine
    from sqlmodel import Session

__all__ = ["create_private_file", "dbapi", "init_database", "open_database", "read_session",
           "resolve_db_path", "snapshot", "write_session"]


@contextmanager
def snapshot(db: Path | PostgresUrl) -> Iterator[Any]:
    """A read-only DB-API connection in one snapshot transaction, taking the query layer's
    SQL on either engine."""
    if isinstance(db, PostgresUrl):
        from caseload.store import postgres

        with postgres.snapshot(db) as conn:
            yield Pyformat(conn, db)
    else:
        with sqlite.snapshot(db) as conn:
            yield conn


def open_database(db: Path) -> Engine:
    """An engine on an existing database whose schema is current."""
    from caseload.store.database import open_database as open_engine

    return open_engine(db)


def init_database(db: Path, *, rules: str | None = None) -> tuple[Engine, str | None, str | None]:
    """Create the database if missing, upgrade it to the newest schema, set the rule set
    and give it its identity (``settings.ensure_database_id``) if it has none.

    Returns the engine and the schema revisions before and after.
    """
    from caseload.services import settings
    from caseload.store.database import create_database
    from caseload.store.uow import write_session as writing

    if rules is not None:
        rules = settings.check_rules(rules)  # before anything is created
    engine, before, after = create_database(db)
    try:
        with writing(engine) as session:
            settings.ensure_rules(session, rules)
            settings.ensure_database_id(session)
    except BaseException:
        engine.dispose()
        raise
    return engine, before, after


def read_session(engine: Engine) -> AbstractContextManager[Session]:
    """``caseload.store.uow.read_session``: one read-only transaction."""
    from caseload.store.uow import read_session as reading

    return reading(engine)


def write_session(engine: Engine) -> AbstractContextManager[Session]:
    """``caseload.store.uow.write_session``: one write transaction (``BEGIN IMMEDIATE``)."""
    from caseload.store.uow import write_session as writing

    return writing(engine)


def dbapi(db: Any) -> Any:
    """The DB-API connection the query layer runs on: ``db`` itself, or the one under a
    SQLAlchemy session (in the session's transaction, which this begins if need be; what
    the session holds unsaved is flushed first, as its own queries would)."""
    if not hasattr(db, "get_bind"):
        return db
    if db.new or db.dirty or db.deleted:
        db.flush()
    conn = db.connection().connection.dbapi_connection
    return Pyformat(conn) if db.get_bind().dialect.name == "postgresql" else conn


class Pyformat:
    """A psycopg connection that takes the query layer's ``:name`` SQL (``pyformat``);
    ``url``: the database it is on, when known (for entries written beside it)."""

    def __init__(self, conn: Any, url: PostgresUrl | None = None) -> None:
        self._conn = conn
        self.url = url

    def execute(self, sql: str, params: Any = None) -> Any:
        from caseload.store.queries import pyformat

        return self._conn.execute(pyformat(sql), params)

    def executemany(self, sql: str, rows: Any) -> Any:
        from caseload.store.queries import pyformat

        cursor = self._conn.cursor()
        cursor.executemany(pyformat(sql), rows)
        return cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)
