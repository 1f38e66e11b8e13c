"""Use cases that put a note and what it is about into one step: an interview's status is
recorded together with its note (nothing is marked before the note is saved, so an Esc or
a crash leaves the interview booked and its draft on disk), a note without an interview of
a chosen kind, and what the drafts screen shows about the drafts waiting on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from caseload.domain.cpr import mask
from caseload.errors import DomainError, NotFound
from caseload.models import Case, Citizen, Interview, Note
from caseload.notes import drafts, templates
from caseload.services.access import Actor, can_see_case
from caseload.services.interviews import mark_interview
from caseload.services.notes import draft_key_here, write_note

RECORDED = ("held", "no_show", "cancelled")


def interview_draft_key(db: str, case_id: int, interview_id: int, status: str) -> str:
    """The draft of the note recording an interview as ``status``, on database ``db``."""
    return drafts.draft_key(db, case_id, interview_id, status=status)


def free_draft_key(db: str, case_id: int, kind: str) -> str:
    return drafts.draft_key(db, case_id, kind=kind)


def record_interview(session: Session, interview_id: int, status: str, *, body: str,
                     author: str, actor: Actor, held_at: datetime | None = None,
                     now: datetime | None = None) -> Note:
    """Record that a booked interview was held, a no-show or cancelled, with its note, in
    the caller's transaction: both are stored, or neither. The note's template is the
    interview's kind (held) or the status (no_show, cancelled); its draft goes on commit."""
    from caseload.i18n import t

    if status not in RECORDED:
        raise DomainError(f"an interview is recorded as one of {', '.join(RECORDED)}")
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview {interview_id}")
    if interview.status != "booked":
        raise DomainError(t("today.not_booked", status=t(f"status.{interview.status}")))
    mark_interview(session, interview_id, status, held_at=held_at, actor=actor)
    return write_note(session, case_id=interview.case_id, interview_id=interview_id, body=body,
                      author=author, template=interview.kind if status == "held" else status,
                      actor=actor, now=now,
                      draft=draft_key_here(session, interview.case_id, interview_id,
                                           status=status))


def write_free_note(session: Session, case_id: int, kind: str, *, body: str, author: str,
                    actor: Actor, now: datetime | None = None) -> Note:
    """A note without an interview: a phone call, an e-mail, a statement from the doctor, a
    contact with the employer (``templates.NOTE_KINDS``)."""
    if kind not in templates.NOTE_KINDS:
        raise DomainError(f"a note is one of {', '.join(templates.NOTE_KINDS)}")
    return write_note(session, case_id=case_id, body=body, author=author, template=kind,
                      actor=actor, now=now, draft=draft_key_here(session, case_id, kind=kind))


def asks_category(session: Session, interview_id: int, *, actor: Actor) -> bool:
    """True if the interview is the case's first follow-up held (the rules say the category
    is set there), on an open case ``actor`` may change: the app then asks for it."""
    from caseload.services.access import can_change_case

    interview = session.get(Interview, interview_id)
    if interview is None or interview.kind != "follow_up" or interview.status != "held":
        return False
    case = session.get(Case, interview.case_id)
    if case is None or case.status != "open" or not can_change_case(actor, case):
        return False
    held = session.exec(select(Interview.id).where(
        Interview.case_id == case.id, Interview.kind == "follow_up",
        Interview.status == "held")).all()
    return list(held) == [interview_id]


@dataclass(frozen=True, slots=True)
class DraftCase:
    """What the drafts screen shows of a draft's case (the CPR number masked)."""

    case_id: int
    citizen: str
    cpr: str
    status: str  # the case's: open | closed


@dataclass(frozen=True, slots=True)
class DraftInterview:
    interview_id: int
    case_id: int
    kind: str
    status: str  # the interview's now
    at: datetime


def draft_subjects(session: Session, case_ids: list[int], interview_ids: list[int], *,
                   actor: Actor) -> tuple[dict[int, DraftCase], dict[int, DraftInterview]]:
    """The cases and interviews that drafts are about, of those ``actor`` may see."""
    found = session.exec(select(Case, Citizen).join(Citizen, col(Citizen.id) == Case.citizen_id)
                         .where(col(Case.id).in_(case_ids))).all() if case_ids else []
    cases = {c.id: DraftCase(c.id, z.name, mask(z.cpr), c.status)
             for c, z in found if can_see_case(actor, c)}
    rows = session.exec(select(Interview).where(col(Interview.id).in_(interview_ids))
                        ).all() if interview_ids else []
    interviews = {i.id: DraftInterview(i.id, i.case_id, i.kind, i.status,
                                       i.held_at or i.booked_for)
                  for i in rows if i.case_id in cases}
    return cases, interviews


@dataclass(frozen=True, slots=True)
class NoteText:
    note_id: int
    author: str
    at: datetime  # Danish wall-clock time
    body: str
    template: str | None


@dataclass(frozen=True, slots=True)
class NoteThread:
    """A note and its addenda (oldest first), as the timeline opens it."""

    case_id: int
    interview_id: int | None
    interview_kind: str | None
    note: NoteText
    addenda: tuple[NoteText, ...]


def note_thread(session: Session, note_id: int, *, actor: Actor) -> NoteThread:
    """The note ``note_id`` belongs to (itself, or the one it is an addendum to) with all its
    addenda; reading it is an audited read."""
    from caseload.services.access import guard
    from caseload.services.citizen_view import local

    note = session.get(Note, note_id)
    if note is None:
        raise NotFound(f"no note {note_id}")
    guard(session, actor, note.case_id, "read", detail=f"note {note_id}")
    seen = {note.id}
    while note.addendum_to is not None:  # to the note the addenda hang on
        parent = session.get(Note, note.addendum_to)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        note = parent
    rows = session.exec(select(Note).where(Note.case_id == note.case_id,
                                           col(Note.addendum_to).is_not(None))
                        .order_by(col(Note.id))).all()
    below, found = {note.id}, []
    for row in rows:  # addenda of the note, and addenda of those
        if row.addendum_to in below:
            below.add(row.id)
            found.append(row)
    interview = session.get(Interview, note.interview_id) if note.interview_id else None

    def text(n: Note) -> NoteText:
        return NoteText(n.id, n.author, local(n.created_at), n.body, n.template)

    return NoteThread(note.case_id, note.interview_id, interview.kind if interview else None,
                      text(note), tuple(text(n) for n in found))
