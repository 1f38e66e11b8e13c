"""Files the tool writes for people (notes exports, drafts, an access history, backups, the
holiday cache): owner-only (0600), written whole or not at all, durable. The one owner-only
writer; the database's own files (owner or group) are ``caseload.store.files``."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(directory: Path, *, enforce: bool = False) -> None:
    """Create ``directory`` (and parents) as 0o700; with ``enforce`` also tighten an existing
    one. A directory the user chose and already had is otherwise left as it is."""
    directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if enforce and directory.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(directory, DIR_MODE)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, ``os.replace``), 0o600.

    The directory must exist. An existing file of that name is replaced whole. The
    temporary file carries this process's id, so a later run removes it if this one is
    killed (``caseload.safety.partials.sweep``).
    """
    from caseload.safety.partials import partial_name

    tmp = partial_name(path, "tmp", secrets.token_hex(6))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)  # the umask cannot widen it, but be explicit
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def create_private(path: Path) -> None:
    """Create ``path`` empty and owner-only; one that exists already is an error
    (``FileExistsError``), so nothing of someone else's is written into."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # not left to the umask
    finally:
        os.close(fd)
