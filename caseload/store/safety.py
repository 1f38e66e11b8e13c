"""Refusing places where a shared SQLite file is not safe."""

from __future__ import annotations

from pathlib import Path

from caseload.errors import DomainError

# File systems on which SQLite's locking cannot be trusted.
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph"}


def filesystem_type(path: Path) -> str | None:
    """The type of the file system holding ``path`` (Linux /proc/mounts), or None."""
    target = path.resolve()
    while not target.exists():
        target = target.parent
    best, fstype = "", None
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                if (str(target) == mount or str(target).startswith(mount.rstrip("/") + "/")) \
                        and len(mount) > len(best):
                    best, fstype = mount, parts[2]
    except OSError:
        return None
    return fstype


def check_location(db: Path) -> None:
    fstype = filesystem_type(db)
    if fstype in NETWORK_FS:
        raise DomainError(
            f"{db} is on a network file system ({fstype}); SQLite is not safe there. "
            "Put the database on a local disk."
        )
