"""Refusing a database that others than its owner (and the configured group) can read.

Checked on every open. A database readable by everyone (o+r), or by its group when no
group is configured (``CASELOAD_GROUP``) or the file belongs to another group, is refused
with a message that says how to fix it. The ``-wal`` and ``-shm`` files hold the same data
and are checked as well.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from caseload.store.paths import ENV_GROUP

SUFFIXES = ("", "-wal", "-shm")


def check_permissions(db: Path) -> None:
    """Raise ``StorageError`` if ``db`` (or its WAL files) can be read by others, or if it is
    shared with a group (``CASELOAD_GROUP``) from a folder that is not setgid."""
    from caseload.store.files import StorageError, shared_gid

    if os.environ.get(ENV_GROUP):
        folder = db.parent
        with contextlib.suppress(OSError):
            if not folder.stat().st_mode & stat.S_ISGID:
                from caseload.i18n import t

                raise StorageError(t("failure.setgid", folder=folder,
                                     group=os.environ.get(ENV_GROUP)))
    for suffix in SUFFIXES:
        path = Path(f"{db}{suffix}")
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & stat.S_IROTH:
            raise StorageError(
                f"{path} can be read by every user on this machine (mode {mode:o}): "
                f"run 'chmod o-rwx {path}' (and the same for its -wal and -shm files)")
        if mode & stat.S_IRGRP:
            gid = shared_gid()
            if gid is None:
                raise StorageError(
                    f"{path} can be read by its group (mode {mode:o}) but no group is "
                    f"configured: set {ENV_GROUP} to the team's group, or run "
                    f"'chmod g-rwx {path}'")
            if info.st_gid != gid:
                raise StorageError(
                    f"{path} can be read by a group other than {os.environ.get(ENV_GROUP)} "
                    f"(mode {mode:o}): run 'chgrp {os.environ.get(ENV_GROUP)} {path}' or "
                    f"'chmod g-rwx {path}'")
