"""Refusing places where a shared SQLite file is not safe."""

from __future__ import annotations

from pathlib import Path

from caseload.errors import DomainError

# File systems on which SQLite's locking cannot be trusted.
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs",
    "fuse.glusterfs", "lustre", "gpfs", "davfs", "fuse.davfs2", "fuse.rclone",
}
MOUNTS = Path("/proc/mounts")


def filesystem_type(path: Path, mounts: str | None = None) -> str | None:
    """The type of the file system holding ``path``, or None when it cannot be told.

    ``mounts`` is the text of a mount table in /proc/mounts format (default: read
    ``MOUNTS``); the longest mount point that contains ``path`` wins.
    """
    target = path.expanduser().resolve()
    while not target.exists() and target != target.parent:
        target = target.parent
    if mounts is None:
        try:
            mounts = MOUNTS.read_text(encoding="utf-8")
        except OSError:
            return None
    best, fstype = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = _unescape(parts[1])
        inside = str(target) == mount or str(target).startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def check_location(db: Path) -> None:
    fstype = filesystem_type(db)
    if fstype in NETWORK_FS:
        raise DomainError(
            f"{db} is on a network file system ({fstype}); SQLite's locking is not safe "
            "there. Put the database on a local disk."
        )
