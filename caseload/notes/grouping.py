"""Which notes go into which export file: one file per case per day.

A file holds the notes written on one day (Danish time) for one case, each followed by its
addenda, whenever they were written: an addendum belongs with the note it corrects, so a
new addendum makes its note's file due again (a new version of the same document).

Without ``again`` a file is due when any of its notes has not been exported; with ``again``
every file in the range is. The range (``since``/``until``, inclusive) is on the file's day.
Pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

DANISH = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class NoteRef:
    id: int
    case_id: int
    addendum_to: int | None
    created_at: datetime  # aware
    exported: bool


@dataclass(frozen=True)
class FileGroup:
    case_id: int
    day: date
    roots: tuple[int, ...]  # the notes written that day, in order
    note_ids: tuple[int, ...]  # the roots and all their addenda


def local_day(value: datetime) -> date:
    return value.astimezone(DANISH).date()


def root_of(note_id: int, parents: dict[int, int | None]) -> int:
    """Follow ``addendum_to`` up to the note that is no addendum (cycles stop)."""
    seen = {note_id}
    current = note_id
    while (parent := parents.get(current)) is not None and parent not in seen:
        seen.add(parent)
        current = parent
    return current


def plan_files(notes: Iterable[NoteRef], *, since: date | None = None,
               until: date | None = None, again: bool = False) -> list[FileGroup]:
    """The files due, in order of case and day."""
    refs = sorted(notes, key=lambda n: n.id)
    by_id = {n.id: n for n in refs}
    parents = {n.id: n.addendum_to for n in refs}
    members: dict[int, list[int]] = defaultdict(list)
    for note in refs:
        members[root_of(note.id, parents)].append(note.id)
    days: dict[tuple[int, date], list[int]] = defaultdict(list)
    for root_id in members:
        root = by_id.get(root_id)
        if root is None:  # an addendum whose note is not among those given
            continue
        days[(root.case_id, local_day(root.created_at))].append(root_id)
    groups: list[FileGroup] = []
    for (case_id, day), roots in sorted(days.items()):
        if (since and day < since) or (until and day > until):
            continue
        ids = sorted(i for r in roots for i in members[r])
        if not again and all(by_id[i].exported for i in ids):
            continue
        groups.append(FileGroup(case_id, day, tuple(sorted(roots)), tuple(ids)))
    return groups


def day_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """UTC-comparable bounds (aware) for the Danish days ``since``..``until`` inclusive."""
    from datetime import time, timedelta

    start = datetime.combine(since, time(), DANISH) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), DANISH) if until else None
    return start, end
