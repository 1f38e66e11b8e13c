"""Opening the SQLite database for several processes at once.

- WAL, foreign keys, a busy timeout on every connection.
- SQLAlchemy's recipe against pysqlite's lazy transactions: ``isolation_level=None`` at
  connect, and our own ``BEGIN`` in the ``begin`` event. Write transactions say
  ``BEGIN IMMEDIATE`` so that a read-then-write cannot silently overwrite another process's
  update (in WAL mode a deferred transaction that read first fails at its first write with
  SQLITE_BUSY_SNAPSHOT; an immediate one waits for the write lock before it reads).
- ``hide_parameters=True``: a CPR number never lands in an error message.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from caseload.store import sqlite  # one set of settings for both, read at each connect
from caseload.store.files import create_private_file, secure_database_files

WRITE = {"caseload_begin": "BEGIN IMMEDIATE"}
READ = {"caseload_begin": "BEGIN"}  # a read session's (READ ONLY on PostgreSQL)


def make_engine(db: Path, *, create: bool = False) -> Engine:
    """An engine on ``db``.

    With ``create`` (``caseload init``) a missing file is made owner-only (or for the
    configured group) first, and the permissions of the database files are set.
    """
    if not db.exists():
        if not create:
            raise FileNotFoundError(db)
        create_private_file(db)
    engine = create_engine(
        f"sqlite:///{db}",
        hide_parameters=True,
        connect_args={"timeout": sqlite.BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in sqlite.pragmas():
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql(conn.get_execution_options().get("caseload_begin", "BEGIN"))

    with engine.connect() as conn:  # make WAL and its files exist, then lock them down
        conn.exec_driver_sql("SELECT 1")
        if create:
            secure_database_files(db)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**WRITE)


def reader(engine: Engine) -> Engine:
    """The same engine (and pool) for read sessions: a plain ``BEGIN`` on SQLite, a READ
    ONLY transaction on PostgreSQL (``caseload.store.postgres``)."""
    return engine.execution_options(**READ)
