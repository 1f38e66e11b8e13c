"""Where the database lives: ``--db PATH``, else ``CASELOAD_DB``, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "CASELOAD_DB"
ENV_GROUP = "CASELOAD_GROUP"  # a group that may read and write the database file


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseload", appauthor=False)) / "caseload.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()
