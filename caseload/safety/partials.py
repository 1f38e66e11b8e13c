"""Partial files: owner-only, named by the process that writes them, swept when it is dead.

A backup, a restore's copy of the database as it was, and every exported file are written
to a hidden partial file next to their destination and moved into place when complete.
A process killed half-way (``kill -9``, a power cut) cannot remove its partial file, which
may hold a complete copy of every citizen. So the name carries the writer's process id
(``.NAME.<pid>.partial``, ``.NAME.<pid>-<random>.tmp``), the file is created 0o600
(``O_EXCL``, never following a link), and the next run of the same kind removes the partial
files in its folder whose process is no longer alive (only files that belong to the user
running it).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

# SQLite's side files of a partial database copy go with it.
_SIDE = ("", "-journal", "-wal", "-shm")
_PARTIAL = re.compile(r"^\..+\.(\d+)(?:-[0-9a-f]+)?\.(partial|tmp)(-journal|-wal|-shm)?$")


def partial_name(dest: Path, suffix: str = "partial", token: str = "") -> Path:
    """The partial file of ``dest`` written by this process."""
    tail = f"{os.getpid()}-{token}" if token else str(os.getpid())
    return dest.with_name(f".{dest.name}.{tail}.{suffix}")


def alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove the partial files in ``folder`` left by processes that are dead; returns
    what was removed. Files of other users and of live processes are left alone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    uid = os.getuid()
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if match is None or alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if info.st_uid == uid and not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def remove(path: Path) -> None:
    """Remove a partial database copy and its SQLite side files."""
    for suffix in _SIDE:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
