"""Fresh databases for tests, fast: one migrated template per run, copied per test."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_db(template: Path, target: Path) -> Path:
    """A private copy of the template database, through SQLite's backup API."""
    from caseload.store.files import create_private_file, secure_database_files

    create_private_file(target)
    with sqlite3.connect(template) as source, sqlite3.connect(target) as into:
        source.backup(into)
    source.close()
    into.close()
    secure_database_files(target)
    return target
