"""Where the database lives: ``--db PATH`` (or a ``postgresql://`` URL), else ``CASELOAD_DB``,
else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from caseload.pgurl import PostgresUrl, is_postgres

ENV_DB = "CASELOAD_DB"
ENV_GROUP = "CASELOAD_GROUP"  # a group that may read and write the database file


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseload", appauthor=False)) / "caseload.db"


_last: list[Path | PostgresUrl] = []  # the database this process resolved last (for messages)


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path | PostgresUrl:
    """A SQLite file's path, or a ``PostgresUrl`` for ``postgresql://...``."""
    value = explicit or os.environ.get(ENV_DB)
    if not value:
        found: Path | PostgresUrl = default_db_path()
    elif is_postgres(value):
        found = PostgresUrl(value)
    else:
        found = Path(value).expanduser()
    _last[:] = [found]
    return found


def last_resolved() -> Path | PostgresUrl | None:
    """The database the command is working on, for a message about a failure."""
    return _last[0] if _last else None
