"""How the CLI and the app reach the store: they import no ``caseload.store`` themselves.

``snapshot`` is the fast read-only way in (plain ``sqlite3``, no SQLAlchemy imported): the
quick check's and the screens' reads run in it.
"""

from __future__ import annotations

from typing import Any

from caseload.store.paths import resolve_db_path
from caseload.store.sqlite import snapshot

__all__ = ["dbapi", "resolve_db_path", "snapshot"]


def dbapi(db: Any) -> Any:
    """The DB-API connection the query layer runs on: ``db`` itself, or the one under a
    SQLAlchemy session (in the session's transaction, which this begins if need be; what
    the session holds unsaved is flushed first, as its own queries would)."""
    if not hasattr(db, "get_bind"):
        return db
    if db.new or db.dirty or db.deleted:
        db.flush()
    return db.connection().connection.dbapi_connection
