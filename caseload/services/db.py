"""How the CLI and the app reach the store: they import no ``caseload.store`` themselves.

``snapshot`` is the fast read-only way in (plain ``sqlite3``, no SQLAlchemy imported): the
quick check's and the screens' reads run in it.
"""

from __future__ import annotations

from caseload.store.paths import resolve_db_path
from caseload.store.sqlite import snapshot

__all__ = ["resolve_db_path", "snapshot"]
