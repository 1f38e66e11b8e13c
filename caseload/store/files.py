"""Files the tool writes are readable by their owner only, unless a group is configured."""

from __future__ import annotations

import grp
import os
from pathlib import Path

from caseload.store.paths import ENV_GROUP


class StorageError(Exception):
    """The database file cannot be used safely (permissions, file system)."""


def shared_group() -> str | None:
    return os.environ.get(ENV_GROUP) or None


def file_mode() -> int:
    return 0o660 if shared_group() else 0o600


def secure_file(path: Path) -> None:
    """Set owner-only (or owner+group) permissions on ``path`` if it exists."""
    if not path.exists():
        return
    group = shared_group()
    if group:
        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise StorageError(f"the configured group {group!r} does not exist") from None
        if path.stat().st_gid != gid:
            os.chown(path, -1, gid)
    os.chmod(path, file_mode())


def secure_database_files(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        secure_file(Path(f"{db}{suffix}"))


def create_private_file(path: Path) -> None:
    """Create an empty file with owner-only permissions before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, file_mode())
    os.close(fd)
