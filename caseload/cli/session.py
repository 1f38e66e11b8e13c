"""Running one use case for the person at the keyboard: open the database, find who they
are (their login name), run the job in one transaction, close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseload.services.policy import Actor

T = TypeVar("T")


def as_actor(db: str | Path | None, job: Callable[[Session, Actor], T], *,
             write: bool = True, as_user: str | None = None, all_: bool = False) -> T:
    """Run ``job(session, actor)``; ``write``: in a write transaction (BEGIN IMMEDIATE).
    ``as_user``/``all_`` (``--as``/``--all``) are for team leads."""
    from caseload import identity
    from caseload.cli.options import existing_db
    from caseload.services.access import resolve_actor
    from caseload.services.db import open_database, read_session, write_session

    engine = open_database(existing_db(db))
    try:
        with (write_session if write else read_session)(engine) as session:
            actor = resolve_actor(session, identity.current_login(), as_user, all_)
            return job(session, actor)
    finally:
        engine.dispose()
