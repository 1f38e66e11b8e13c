"""Tamper evidence for notes: each note's hash covers its content and its predecessor's hash.

One chain over all notes, in id order. ``content_hash`` = sha256 of the canonical content
(case, interview, addendum_to, author, created_at in UTC ISO, body, prev_hash). Export marks
(``exported_at``/``exported_by``) are not content and are left out.

A change to a note's content shows as a hash that no longer matches; a deleted or moved note
shows as a link (``prev_hash``) that no longer meets the note before it. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = ""  # prev_hash of the first note
VERSION = "caseload-note/1"


@dataclass(frozen=True)
class ChainRecord:
    id: int
    case_id: int
    interview_id: int | None
    addendum_to: int | None
    author: str
    created_at: datetime
    body: str
    content_hash: str
    prev_hash: str


@dataclass(frozen=True)
class Problem:
    note_id: int
    case_id: int
    what: str
    code: str = "changed"  # changed | first | reordered | gap | addendum: for the catalogue
    other: int | None = None  # the note it follows (reordered) or corrects (addendum)

    def __str__(self) -> str:
        return f"note {self.note_id} (case {self.case_id}): {self.what}"


def canonical_time(value: datetime) -> str:
    """UTC, microseconds, with offset: the same string before and after the database."""
    if value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def content_hash(*, case_id: int, interview_id: int | None, addendum_to: int | None,
                 author: str, created_at: datetime, body: str, prev_hash: str) -> str:
    canonical = json.dumps(
        [VERSION, case_id, interview_id, addendum_to, author, canonical_time(created_at), body,
         prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_hash(record: ChainRecord) -> str:
    return content_hash(case_id=record.case_id, interview_id=record.interview_id,
                        addendum_to=record.addendum_to, author=record.author,
                        created_at=record.created_at, body=record.body,
                        prev_hash=record.prev_hash)


def verify_chain(records: Iterable[ChainRecord]) -> list[Problem]:
    """Every break in the chain; ``records`` in id order. Empty when intact."""
    problems: list[Problem] = []
    ordered = list(records)
    by_hash = {r.content_hash: r for r in ordered}
    ids = {r.id for r in ordered}
    previous: ChainRecord | None = None
    for record in ordered:
        if record_hash(record) != record.content_hash:
            problems.append(Problem(record.id, record.case_id,
                                    "its content was changed after it was saved", "changed"))
        expected = previous.content_hash if previous else GENESIS
        if record.prev_hash != expected:
            problems.append(Problem(record.id, record.case_id, *_link_problem(record, by_hash)))
        if record.addendum_to is not None and (
                record.addendum_to not in ids or record.addendum_to >= record.id):
            problems.append(Problem(record.id, record.case_id,
                                    f"it corrects note {record.addendum_to}, which is missing",
                                    "addendum", record.addendum_to))
        previous = record
    return problems


def _link_problem(record: ChainRecord,
                  by_hash: dict[str, ChainRecord]) -> tuple[str, str, int | None]:
    if record.prev_hash == GENESIS:
        return "it claims to be the first note, but notes come before it", "first", None
    found = by_hash.get(record.prev_hash)
    if found is not None:
        return (f"notes were reordered: it follows note {found.id} in the chain", "reordered",
                found.id)
    return "the note before it was deleted or changed", "gap", None


def seal_rows(rows: list[dict], prev_hash: str = GENESIS) -> str:
    """Fill ``content_hash`` and ``prev_hash`` of note rows (dicts, in id order) for a bulk
    insert, continuing the chain from ``prev_hash``. Returns the last hash."""
    for row in sorted(rows, key=lambda r: r["id"]):
        row["prev_hash"] = prev_hash
        row["content_hash"] = prev_hash = content_hash(
            case_id=row["case_id"], interview_id=row.get("interview_id"),
            addendum_to=row.get("addendum_to"), author=row["author"],
            created_at=row["created_at"], body=row["body"], prev_hash=prev_hash)
    return prev_hash
