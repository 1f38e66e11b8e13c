"""Units of work: one transaction each, committed on success, rolled back on error.

Sessions are short: open one for a use case, never while waiting for a person.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from caseload.store.engine import reader, writer
from caseload.store.files import StorageError

BUSY = ("database is locked", "database is busy", "database table is locked")


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that may write: ``BEGIN IMMEDIATE``, so read-modify-write is safe.

    Waiting for another process's write lock longer than the busy timeout is reported as a
    ``StorageError`` (a message, not a traceback); nothing of this transaction is kept.
    """
    try:
        with Session(writer(engine), expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        if any(text in str(exc.orig) for text in BUSY):
            raise StorageError(
                "the database stayed busy: another program has held it for writing too "
                "long. Nothing was saved; try again in a moment."
            ) from exc
        raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only transaction (a consistent snapshot), ended at once when the block ends.

    The objects read stay usable afterwards, detached with what was loaded (closing the
    session, unlike a rollback, does not expire them); the transaction itself is rolled back.
    """
    with Session(reader(engine), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.close()
