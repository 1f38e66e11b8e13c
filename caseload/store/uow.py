"""Units of work: one transaction each, committed on success, rolled back on error.

Sessions are short: open one for a use case, never while waiting for a person.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from caseload.store.engine import writer


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that may write: ``BEGIN IMMEDIATE``, so read-modify-write is safe."""
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only transaction (a consistent snapshot), ended at once when the block ends.

    The objects read stay usable afterwards, detached with what was loaded (closing the
    session, unlike a rollback, does not expire them); the transaction itself is rolled back.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.close()
