"""PostgreSQL, the second engine (SQLite stays the embedded default).

The database is a libpq URL, e.g. ``postgresql:///caseload``: the server on this machine's
Unix socket with peer authentication, so the database role is the login name of the OS
account and nobody can claim to be someone else. The URL goes to libpq as it is (psycopg 3),
so it means exactly what it means to ``psql``.

- One engine per URL; ``hide_parameters=True``: a CPR number never lands in an error.
- Writes are serialised as on SQLite (``BEGIN IMMEDIATE``): a write transaction
  (``caseload.store.engine.writer``) first takes one transaction-level advisory lock, so a
  read-modify-write cannot lose another process's update; reads never wait for it.
- Read sessions (``caseload.store.engine.reader``) and the fast reads (``snapshot``) are
  READ ONLY transactions: the tool logs its reads itself, so the server's logging of citizen
  reads (``0009_read_logging``) does not write them twice.
- ``connect`` is the one way to the server (the engine's pool uses it), with the schema check.
- ``caseload.store.database`` opens and initialises it as a SQLite file, with the same
  revision check and the same Alembic migrations; on PostgreSQL they also create the group
  roles and the row-level security (``0007_postgres_security``), so ``caseload init`` runs
  as the database's owner (``owner_needed``).
- Who is working is the server's ``current_user`` (``session_login``), not the OS account
  asked by ``caseload.identity``: the server checked it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from caseload.errors import DomainError
from caseload.pgurl import PostgresUrl
from caseload.store.revision import check_current

if TYPE_CHECKING:  # SQLAlchemy loads in make_engine: the app's first reads run without it
    from sqlalchemy import Engine

WRITE_LOCK = 0x6361_7365  # 'case': the one advisory lock every write transaction takes


def connect(url: PostgresUrl, *, check_schema: bool = True) -> Any:
    """The one way to the server (a psycopg connection; the engine's pool uses it too): the
    URL goes to libpq as it is. ``check_schema``: the database's revision must be
    ``revision.HEAD``, as ``caseload.store.sqlite.connect`` checks a file's."""
    import psycopg

    try:
        conn = psycopg.connect(str(url))
    except psycopg.Error as exc:
        raise DomainError(f"cannot connect to {url}: {_first_line(exc)}") from None
    if check_schema:
        try:
            check_current(schema_revision(conn), url)
        except BaseException:
            conn.close()
            raise
    return conn


def schema_revision(conn: Any) -> str | None:
    """The database's Alembic revision, or None if it was never migrated (the transaction
    that read it is ended)."""
    try:
        found = conn.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()[0]
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if found else None
    finally:
        conn.rollback()
    return row[0] if row else None


@contextmanager
def snapshot(url: PostgresUrl) -> Iterator[Any]:
    """A read-only connection in one REPEATABLE READ transaction (every query sees the same
    state), as ``caseload.store.sqlite.snapshot``; no SQLAlchemy."""
    import psycopg

    conn = connect(url)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        yield conn
    except psycopg.Error as exc:
        raise DomainError(f"cannot read {url}: {_first_line(exc)}") from None
    finally:
        conn.close()  # the transaction is rolled back


@contextmanager
def transaction(url: PostgresUrl) -> Iterator[Any]:
    """A short write transaction on a connection of its own (the app's audit entries, as
    ``caseload.store.sqlite.write_transaction``), committed when the block ends."""
    conn = connect(url, check_schema=False)
    try:
        with conn.transaction():
            yield conn
    finally:
        conn.close()


def make_engine(url: PostgresUrl) -> Engine:
    """An engine on the database ``url`` names; the server must answer."""
    from sqlalchemy import create_engine, event

    from caseload.store.engine import READ, WRITE

    engine = create_engine("postgresql+psycopg://",
                           creator=lambda: connect(url, check_schema=False),
                           hide_parameters=True, pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        begin = conn.get_execution_options().get("caseload_begin")
        if begin == WRITE["caseload_begin"]:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        elif begin == READ["caseload_begin"]:  # a read session: it logs its reads itself
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def owner_needed(url: PostgresUrl) -> Iterator[None]:
    """Creating the schema, roles and policies is for the database's owner (with the right
    to create roles) or a superuser: anyone else is told so in one line."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise DomainError(f"cannot create the schema in {url}: {_reason(exc)} (run 'caseload "
                          "init' as the database's owner, a role that may create roles)"
                          ) from None


def _reason(exc: Any) -> str:
    """The server's message of a SQLAlchemy error, first line, without SQL or parameters."""
    return _first_line(exc.orig)


def _first_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()
    return message[0] if message else type(exc).__name__
