"""Files the tool writes are readable by their owner only, unless a group is configured.

With ``CASELOAD_GROUP`` set, the database and its ``-wal``/``-shm`` files belong to that group
and are readable and writable by it (0o660); a folder we create for them is setgid
(0o2770), so files SQLite makes later in it belong to the group as well. SQLite gives the
``-wal`` and ``-shm`` files the permissions of the database file itself.

Permissions are set when a database is created or ``caseload init`` runs, never on an
ordinary open: a colleague who opens the shared file must not change who may read it.
"""

from __future__ import annotations

import grp
import os
from pathlib import Path

from caseload.errors import DomainError
from caseload.store.paths import ENV_GROUP

SUFFIXES = ("", "-wal", "-shm", "-journal")


class StorageError(DomainError):
    """The database file cannot be used safely (permissions, file system)."""


def shared_group() -> str | None:
    return os.environ.get(ENV_GROUP) or None


def shared_gid() -> int | None:
    """The gid of the configured group, or None; a group that does not exist is an error."""
    group = shared_group()
    if group is None:
        return None
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise StorageError(
            f"the group {group!r} in {ENV_GROUP} does not exist: create it, or unset "
            f"{ENV_GROUP} to keep the database private to you"
        ) from None


def file_mode() -> int:
    return 0o660 if shared_group() else 0o600


def dir_mode() -> int:
    return 0o2770 if shared_group() else 0o700


def secure_file(path: Path, gid: int | None = None) -> None:
    """Set owner-only (or owner+group) permissions on ``path`` if it exists and is ours."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return
    if stat.st_uid != os.getuid():
        return  # someone else's file: only its owner (or init run by them) changes it
    if gid is not None and stat.st_gid != gid:
        os.chown(path, -1, gid)
    os.chmod(path, file_mode())


def secure_database_files(db: Path) -> None:
    gid = shared_gid()
    for suffix in SUFFIXES:
        secure_file(Path(f"{db}{suffix}"), gid)
    if gid is not None:
        share_folder(db.parent, gid)


def share_folder(folder: Path, gid: int) -> None:
    """With a group: the database's folder setgid (and the group's), if it is ours, so the
    ``-wal``/``-shm`` files SQLite makes later belong to the group, whoever opens first."""
    import stat

    info = folder.stat()
    if info.st_uid != os.getuid():
        return  # not ours: the check on open names the fix for its owner
    if info.st_gid != gid:
        os.chown(folder, -1, gid)
    if not info.st_mode & stat.S_ISGID:
        os.chmod(folder, stat.S_IMODE(info.st_mode) | stat.S_ISGID)


def create_private_file(path: Path) -> None:
    """Create an empty file with owner-only (or group) permissions before SQLite opens it."""
    gid = shared_gid()  # fail before anything is created
    make_private_dir(path.parent, gid)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        if gid is not None:
            os.fchown(fd, -1, gid)
        os.fchmod(fd, file_mode())  # not left to the umask
    finally:
        os.close(fd)


def make_private_dir(folder: Path, gid: int | None = None) -> None:
    """Create ``folder`` (and missing parents) for the database; the last one owner-only."""
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700)
    if gid is not None:
        os.chown(folder, -1, gid)
    os.chmod(folder, dir_mode())
