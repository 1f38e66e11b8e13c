"""What every screen needs: the database, who is working, and the (possibly frozen) day.

Two ways in, both short-lived (one per use case, closed before the result goes back to the
screen, so nothing stays open while the app waits for a key):

- ``query``: the screens' reads (``caseload.services.views``) on a plain ``sqlite3``
  connection opened read-only, in one snapshot transaction. No SQLAlchemy import, so the
  first screen paints fast.
- ``read``/``write``: the SQLModel services in a session (``write``: BEGIN IMMEDIATE). The
  engine (and SQLModel) loads in a worker after the first paint (``warm_up``), which also
  checks the schema version.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
BUSY_TIMEOUT_S = 30


@dataclass
class AppContext:
    db: Path
    login: str
    today: date
    show_all: bool = False
    caseworker_id: int | None = None
    caseworker_name: str = ""
    _engine: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- fast reads ------------------------------------------------------------------------

    def query(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(conn, *args, **kwargs)`` on a read-only connection, in one snapshot."""
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("BEGIN")
            try:
                return job(conn, *args, **kwargs)
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            from caseload.errors import DomainError

            raise DomainError(f"cannot read {self.db}: {exc}") from None
        finally:
            conn.close()

    @property
    def scope(self) -> int | None:
        """The caseworker whose cases the screens show (None: the whole team, --all).

        Resolves the login on first use; an unknown login is a user error."""
        if self.caseworker_id is None:
            from caseload.errors import NotFound
            from caseload.services.views import caseworker

            found = self.query(caseworker, self.login)
            if found is None:
                raise NotFound(f"unknown caseworker {self.login!r}")
            self.caseworker_id, self.caseworker_name = found
        return None if self.show_all else self.caseworker_id

    # -- services (SQLModel) ---------------------------------------------------------------

    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from caseload.store.database import open_database

                self._engine = open_database(self.db)
            return self._engine

    def warm_up(self) -> None:
        """Load SQLModel and open the engine (checking the schema), off the event loop."""
        self.engine  # noqa: B018

    def read(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(session, *args, **kwargs)`` in a read-only transaction."""
        from caseload.store.uow import read_session

        with read_session(self.engine) as session:
            return job(session, *args, **kwargs)

    def write(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``job(session, *args, **kwargs)`` in a write transaction (BEGIN IMMEDIATE)."""
        from caseload.store.uow import write_session

        with write_session(self.engine) as session:
            return job(session, *args, **kwargs)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
