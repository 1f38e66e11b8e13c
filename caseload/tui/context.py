"""What every screen needs: the database, who is working, and the (possibly frozen) day.

Two ways in, both short-lived (one per use case, closed before the result goes back to the
screen, so nothing stays open while the app waits for a key):

- ``query``: the screens' reads (``caseload.services.views``) on a plain ``sqlite3``
  connection opened read-only, in one snapshot transaction. No SQLAlchemy import, so the
  first screen paints fast.
- ``read``/``write``: the SQLModel services in a session (``write``: BEGIN IMMEDIATE). The
  engine (and SQLModel) loads in a worker after the first paint (``warm_up``), which also
  checks the schema version.

Who is working: ``login`` is the person at the keyboard; ``as_user`` (``--as``) and
``show_all`` (``--all``) choose whose cases the screens show and are for team leads
(``caseload.services.policy``). The actor is resolved on first use (a refusal is logged and
ends the app with its message); the screens pass it (``ctx.actor``) to every use case, so the
app is held to the same access rules as the CLI: opening a citizen is an audited read,
revealing a CPR number an audited ``reveal_cpr``, every change checked and logged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class AppContext:
    db: Path
    login: str
    today: date
    show_all: bool = False
    caseworker_id: int | None = None
    caseworker_name: str = ""
    as_user: str | None = None
    # The day it really is (None: ``today``). An earlier ``today`` (``--today``) shows
    # Overdue and Today as of that day, from the facts dated on or before it.
    real_today: date | None = None
    _actor: Any = field(default=None, repr=False)
    _actor_error: Exception | None = field(default=None, repr=False)  # a refusal
    _actor_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _db_id: str | None = field(default=None, repr=False)
    _engine: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- fast reads ------------------------------------------------------------------------

    def query(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(conn, *args, **kwargs)`` on a read-only connection, in one snapshot
        (the quick check's: the same safety and schema checks, no SQLAlchemy)."""
        from caseload.services.db import snapshot

        with snapshot(self.db) as conn:
            return job(conn, *args, **kwargs)

    @property
    def scope(self) -> int | None:
        """The caseworker whose cases the screens show (None: the whole team, --all).

        Resolves the actor on first use; an unknown login, or --as/--all used by someone who
        is not a team lead, is a user error (and logged)."""
        actor = self.actor
        return actor.scope_id

    @property
    def actor(self) -> Any:
        """Who is working and whose cases they see (``caseload.services.policy.Actor``).

        Resolved once, whichever thread asks first (the app asks at start, while Textual
        draws); a refusal is raised again to every later caller, not asked (and logged)
        anew."""
        from caseload.errors import CaseloadError

        with self._actor_lock:
            if self._actor_error is not None:
                raise self._actor_error
            if self._actor is None:
                try:
                    self._actor = self._resolve_actor()
                except CaseloadError as exc:
                    self._actor_error = exc
                    raise
            return self._actor

    def _resolve_actor(self) -> Any:
        from caseload.services import access

        def resolve(conn: Any) -> tuple[Any, Any]:
            actor = access.resolve_actor(conn, self.login, self.as_user, self.show_all)
            return actor, access.worker(conn, actor.scope_login or self.login)

        actor, shown = self.query(resolve)
        access.record(self.db, [access.entry(
            actor, "search", detail=f"app opened: {access.scope_text(actor)}")])
        self.caseworker_id, self.caseworker_name = ((shown.id, shown.name) if shown
                                                    else (actor.caseworker_id, ""))
        return actor

    # -- services (SQLModel) ---------------------------------------------------------------

    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from caseload.services.db import open_database

                self._engine = open_database(self.db)
            return self._engine

    def warm_up(self) -> None:
        """Load SQLModel and open the engine (checking the schema), and learn the database's
        identity, off the event loop."""
        self.engine  # noqa: B018
        self.db_id  # noqa: B018

    @property
    def db_id(self) -> str:
        """The database's identity (``settings.ensure_database_id``): what this database's
        drafts on disk are keyed by. Made here if the database has none yet."""
        if self._db_id is None:
            from caseload.services import settings

            found = self.read(settings.database_id)
            self._db_id = found or self.write(settings.ensure_database_id)
        return self._db_id

    def read(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(session, *args, **kwargs)`` in a read-only transaction."""
        from caseload.services.db import read_session

        with read_session(self.engine) as session:
            return job(session, *args, **kwargs)

    def write(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(session, *args, **kwargs)`` in a write transaction (BEGIN IMMEDIATE)."""
        from caseload.services.db import write_session

        with write_session(self.engine) as session:
            return job(session, *args, **kwargs)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
