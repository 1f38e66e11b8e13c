"""What is typed into the follow-up plan editor, kept on disk until the plan is saved or the
typing given up on purpose, so a crash of the app loses nothing.

The draft lives with the note drafts (``caseload.notes.drafts``: the user's data directory,
owner-only files, atomic writes) under its own key namespace, ``plan-<db>-case-<id>``
(``<db>``: the database's identity, ``caseload.services.settings.ensure_database_id``, as
for the note drafts, so a draft never shows up on the same case number of another
database). It holds the raw text of every field, a half-typed date too,
and the stored version the typing started from, as JSON. Nothing here logs its content.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from caseload.notes import drafts

FORMAT = 1


@dataclass(frozen=True, slots=True)
class RawPlan:
    """The plan editor's fields as typed."""

    based_on: int | None
    goal: str
    steps: tuple[tuple[str, str, str, str], ...] = ()  # text, owner, due, status
    hours: tuple[tuple[str, str], ...] = ()  # from day, hours a week


def plan_draft_key(db: str, case_id: int) -> str:
    """The key of the draft of case ``case_id``'s plan on database ``db`` (its identity)."""
    return f"plan-{db}-case-{case_id}"


def dumps(raw: RawPlan) -> str:
    return json.dumps({"format": FORMAT, "based_on": raw.based_on, "goal": raw.goal,
                       "steps": [list(s) for s in raw.steps],
                       "hours": [list(h) for h in raw.hours]}, ensure_ascii=False)


def _strings(rows: object, width: int) -> tuple[tuple[str, ...], ...]:
    if not isinstance(rows, list):
        raise ValueError
    out = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == width
                and all(isinstance(x, str) for x in row)):
            raise ValueError
        out.append(tuple(row))
    return tuple(out)


def loads(text: str) -> RawPlan | None:
    """The draft in ``text``; None if it is not one (damaged, or of another format)."""
    try:
        data = json.loads(text)
        based_on = data["based_on"]
        if data["format"] != FORMAT or not isinstance(data["goal"], str) or not (
                based_on is None or (isinstance(based_on, int)
                                     and not isinstance(based_on, bool))):
            return None
        return RawPlan(based_on, data["goal"], _strings(data["steps"], 4),  # type: ignore[arg-type]
                       _strings(data["hours"], 2))  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError):
        return None


class DraftKeeper:
    """Saves (from a worker thread), loads and discards the draft of one case's plan.

    A save is given the ticket taken when it was started; a discard since then makes it a
    no-op, so a slow save never brings back a draft that a save of the plan has removed."""

    def __init__(self, key: str, directory: Path | None = None) -> None:
        self.key, self._directory = key, directory
        self._lock = threading.Lock()
        self._generation = 0

    def ticket(self) -> int:
        return self._generation

    def save(self, raw: RawPlan, ticket: int) -> None:
        with self._lock:
            if ticket == self._generation:
                drafts.save_draft(self.key, dumps(raw), directory=self._directory)

    def load(self) -> RawPlan | None:
        text = drafts.load_draft(self.key, directory=self._directory)
        return None if text is None else loads(text)

    def discard(self) -> None:
        with self._lock:
            self._generation += 1
            drafts.discard_draft(self.key, directory=self._directory)
