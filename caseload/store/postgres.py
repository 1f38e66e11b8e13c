"""PostgreSQL, the second engine (SQLite stays the embedded default).

The database is a libpq URL, e.g. ``postgresql:///caseload``: the server on this machine's
Unix socket with peer authentication, so the database role is the login name of the OS
account and nobody can claim to be someone else. The URL goes to libpq as it is (psycopg 3),
so it means exactly what it means to ``psql``.

- One engine per URL; ``hide_parameters=True``: a CPR number never lands in an error.
- Writes are serialised as on SQLite (``BEGIN IMMEDIATE``): a write transaction
  (``caseload.store.engine.writer``) first takes one transaction-level advisory lock, so a
  read-modify-write cannot lose another process's update; reads never wait for it.
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

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from caseload.errors import DomainError
from caseload.pgurl import PostgresUrl
from caseload.store.engine import WRITE

WRITE_LOCK = 0x6361_7365  # 'case': the one advisory lock every write transaction takes


def make_engine(url: PostgresUrl) -> Engine:
    """An engine on the database ``url`` names; the server must answer."""
    import psycopg

    def connect():  # noqa: ANN202
        return psycopg.connect(str(url))

    engine = create_engine("postgresql+psycopg://", creator=connect, hide_parameters=True,
                           pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("caseload_begin") == WRITE["caseload_begin"]:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        raise DomainError(f"cannot connect to {url}: {_reason(exc)}") from None
    return engine


@contextmanager
def owner_needed(url: PostgresUrl) -> Iterator[None]:
    """Creating the schema, roles and policies is for the database's owner (with the right
    to create roles) or a superuser: anyone else is told so in one line."""
    try:
        yield
    except DBAPIError as exc:
        raise DomainError(f"cannot create the schema in {url}: {_reason(exc)} (run 'caseload "
                          "init' as the database's owner, a role that may create roles)"
                          ) from None


def _reason(exc: DBAPIError) -> str:
    """The server's message, first line, without the SQL or parameters."""
    message = str(exc.orig).strip().splitlines()
    return message[0] if message else type(exc.orig).__name__
