"""Drafts of notes that survive a crash of the app: one file per draft, kept until the note
is saved or the draft discarded.

A draft is health data: it lives in the user's data directory (``drafts/``, 0o700), each
file owner-only (0o600), written atomically (temp file, fsync, ``os.replace``, fsync of the
directory). Nothing here logs or prints a draft's text.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from caseload.files import fsync_dir, make_private_dir, write_private

SUFFIX = ".draft"
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


class DraftError(ValueError):
    pass


def drafts_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseload", appauthor=False)) / "drafts"


def draft_key(db: str, case_id: int, interview_id: int | None = None, *,
              addendum_to: int | None = None, status: str | None = None,
              kind: str | None = None) -> str:
    """The key of the draft of a note on a case of database ``db`` (its identity,
    ``caseload.services.settings.ensure_database_id``): after an interview (with the
    ``status`` it is to be recorded with), correcting a note, or without an interview (its
    ``kind``)."""
    key = f"db-{db}_case-{case_id}"
    if interview_id is not None:
        key += f"_interview-{interview_id}"
    if status is not None:
        key += f"_status-{status}"
    if addendum_to is not None:
        key += f"_addendum-{addendum_to}"
    if kind is not None:
        key += f"_kind-{kind}"
    return key


_PARTS = re.compile(r"^db-(?P<db>[a-z0-9]+)_case-(?P<case>\d+)(?:_interview-(?P<interview>\d+))?"
                    r"(?:_status-(?P<status>[a-z_]+?))?(?:_addendum-(?P<addendum>\d+))?"
                    r"(?:_kind-(?P<kind>[a-z_]+))?$")


def parse_key(key: str) -> dict[str, int | str | None] | None:
    """What a note draft's key says (db, case, interview, status, addendum, kind); None if
    it is not a note draft's key (a plan draft's, say, or one from before drafts were keyed
    by their database)."""
    found = _PARTS.match(key)
    if found is None:
        return None
    parts: dict[str, int | str | None] = dict(found.groupdict())
    for name in ("case", "interview", "addendum"):
        value = parts[name]
        parts[name] = int(value) if value is not None else None
    return parts


def _path(key: str, directory: Path | None) -> Path:
    if not _KEY.match(key):
        raise DraftError("a draft key is lower-case letters, digits, '-' and '_'")
    return (directory or drafts_dir()) / f"{key}{SUFFIX}"


def save_draft(key: str, text: str, *, directory: Path | None = None) -> Path:
    path = _path(key, directory)
    make_private_dir(path.parent, enforce=True)
    write_private(path, text.encode("utf-8"))
    return path


def load_draft(key: str, *, directory: Path | None = None) -> str | None:
    """The saved draft, or None if there is none."""
    try:
        return _path(key, directory).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def saved_at(key: str, *, directory: Path | None = None) -> datetime:
    """When the draft was last saved (local time, naive); the epoch if it is gone."""
    try:
        stamp = _path(key, directory).stat().st_mtime
    except FileNotFoundError:
        stamp = 0
    return datetime.fromtimestamp(stamp)  # noqa: DTZ006 - shown as the machine's local time


def discard_draft(key: str, *, directory: Path | None = None) -> bool:
    """Remove the draft; True if there was one."""
    path = _path(key, directory)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


def list_drafts(*, directory: Path | None = None) -> list[str]:
    """Keys of the drafts waiting, e.g. for the app to offer them after a crash."""
    folder = directory or drafts_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}")
                  if not p.name.startswith("."))
