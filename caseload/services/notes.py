"""Use cases on follow-up notes: write one, correct one with an addendum, verify the chain,
export them for journalisation.

A saved note is never changed or deleted here; a correction is an addendum pointing at it.
Every note joins one hash chain over all notes (``caseload.notes.chain``): it must be
written inside ``write_session`` (``BEGIN IMMEDIATE``), so two processes cannot fork it.
Nothing here logs a note's text; the audit log gets ids only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from caseload.clock import now_utc
from caseload.errors import DomainError, NotFound, UsageError
from caseload.models import Case, Caseworker, Citizen, Interview, Note
from caseload.notes import drafts, templates
from caseload.notes.chain import GENESIS, ChainRecord, Problem, content_hash, verify_chain
from caseload.notes.grouping import FileGroup, NoteRef, day_bounds, plan_files
from caseload.notes.render import FORMATS, DayExport, NoteView, file_name, render
from caseload.services import access, audit
from caseload.services.access import Actor, guard
from caseload.services.common import get_case
from caseload.store import roles

MAX_BODY = 100_000

__all__ = [
    "ExportResult", "Problem", "add_addendum", "export_notes", "note_template", "notes_for_case",
    "verify_notes", "write_note",
]


def note_template(kind: str, status: str = "held") -> str:
    """The Danish template for a note after an interview of ``kind`` that was ``status``."""
    try:
        return templates.note_template(kind, status)
    except templates.UnknownTemplate as exc:
        raise DomainError(str(exc)) from None


def free_note_template(kind: str) -> str:
    """The template for a note without an interview (phone, email, doctor_statement, …)."""
    try:
        return templates.free_note_template(kind)
    except templates.UnknownTemplate as exc:
        raise DomainError(str(exc)) from None


def _require_write_transaction(session: Session) -> None:
    begin = session.connection().get_execution_options().get("caseload_begin")
    if begin != "BEGIN IMMEDIATE":
        raise RuntimeError("notes are written inside write_session (BEGIN IMMEDIATE)")


def _check_body(body: str, author: str) -> str:
    """The note as it is saved (the guiding questions left in it taken away), or a refusal:
    empty, too long, or a template section with nothing but its questions under it."""
    from caseload.i18n import t

    if not author or not author.strip():
        raise DomainError("a note needs an author")
    if not body or templates.is_unfilled(body):
        raise DomainError(t("note_flow.empty"))
    if len(body) > MAX_BODY:
        raise DomainError(f"a note is at most {MAX_BODY} characters")
    unfilled = templates.unfilled_sections(body)
    if unfilled:
        raise DomainError(t("note_flow.unfilled", sections=", ".join(unfilled)))
    return templates.strip_prompts(body)


def draft_key_here(session: Session, case_id: int, interview_id: int | None = None,
                   **parts: str | int | None) -> str | None:
    """The key of a note's draft on this database (``drafts.draft_key``); None when it has
    no identity yet, so no draft can be keyed to it."""
    from caseload.services.settings import database_id

    db = database_id(session)
    return None if db is None else drafts.draft_key(db, case_id, interview_id, **parts)


def _discard_draft_on_commit(session: Session, key: str | None) -> None:
    """Remove the draft once the note is committed; keep it if the transaction rolls back."""
    if key is None:
        return
    state = {"done": False}

    def committed(_session: Session) -> None:
        if not state["done"]:
            state["done"] = True
            drafts.discard_draft(key)

    def rolled_back(_session: Session) -> None:
        state["done"] = True

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_rollback", rolled_back, once=True)


def _append(session: Session, note: Note) -> Note:
    """Link ``note`` to the chain, hash it and insert it."""
    _require_write_transaction(session)
    last = (roles.notes_chain_tip(session) if roles.on_postgres(session)  # past the policies
            else session.exec(select(Note.content_hash).order_by(col(Note.id).desc()).limit(1))
            .first())
    note.prev_hash = last if last is not None else GENESIS
    note.content_hash = content_hash(
        case_id=note.case_id, interview_id=note.interview_id, addendum_to=note.addendum_to,
        author=note.author, created_at=note.created_at, body=note.body, prev_hash=note.prev_hash)
    session.add(note)
    session.flush()
    return note


def write_note(session: Session, *, case_id: int, interview_id: int | None = None, body: str,
               author: str, template: str | None = None, now: datetime | None = None,
               actor: Actor, draft: str | None = None) -> Note:
    """Save a note on a case (usually after an interview). ``template`` is the name of the
    template the note was written from (an interview kind, no_show, cancelled, or a kind of
    note without an interview), if any. Its draft (``draft``, by default the key of a note
    on that interview) is removed on commit.
    """
    body = _check_body(body, author)
    guard(session, actor, case_id, "create", log=False)  # the note's own audit line follows
    case = get_case(session, case_id)
    if interview_id is not None:
        interview = session.get(Interview, interview_id)
        if interview is None or interview.case_id != case.id:
            raise NotFound(f"no interview {interview_id} on case {case_id}")
    if template is not None and template not in templates.template_names():
        raise DomainError(f"no note template {template!r}")
    now = now or now_utc()
    note = _append(session, Note(case_id=case.id, interview_id=interview_id, template=template,
                                 body=body, author=author.strip(), created_at=now))
    audit.log(session, actor, "create", case.citizen_id, case.id, detail=f"note {note.id}",
              at=now)
    _discard_draft_on_commit(session, draft or draft_key_here(session, case.id, interview_id))
    return note


def add_addendum(session: Session, *, note_id: int, body: str, author: str,
                 now: datetime | None = None, actor: Actor) -> Note:
    """Correct or add to a saved note: a new note pointing at it. The note stays as it was."""
    body = _check_body(body, author)
    original = session.get(Note, note_id)
    if original is None:
        raise NotFound(f"no note {note_id}")
    guard(session, actor, original.case_id, "create", log=False)
    case = get_case(session, original.case_id)
    now = now or now_utc()
    note = _append(session, Note(case_id=original.case_id, interview_id=original.interview_id,
                                 addendum_to=original.id, body=body, author=author.strip(),
                                 created_at=now))
    audit.log(session, actor, "create", case.citizen_id, case.id,
              detail=f"note {note.id} (addendum to {original.id})", at=now)
    _discard_draft_on_commit(session, draft_key_here(session, case.id, addendum_to=original.id))
    return note


def notes_for_case(session: Session, case_id: int) -> list[Note]:
    """All notes of a case, oldest first (addenda are notes with ``addendum_to``)."""
    return list(session.exec(select(Note).where(Note.case_id == case_id)
                             .order_by(col(Note.id))).all())


def verify_notes(session: Session) -> list[Problem]:
    """Every break in the notes' hash chain (changed, deleted or reordered notes)."""
    if not roles.sees_all_rows(session):
        raise DomainError("the notes' hash chain runs through every case, and on PostgreSQL "
                          "you see only your own: a team lead runs 'caseload notes verify'")
    rows = session.exec(select(Note).order_by(col(Note.id))).all()
    return verify_chain(
        ChainRecord(id=n.id, case_id=n.case_id, interview_id=n.interview_id,
                    addendum_to=n.addendum_to, author=n.author, created_at=n.created_at,
                    body=n.body, content_hash=n.content_hash, prev_hash=n.prev_hash)
        for n in rows
    )


@dataclass
class ExportResult:
    out_dir: Path
    format: str
    files: list[Path] = field(default_factory=list)
    notes: int = 0
    cases: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"out": str(self.out_dir), "format": self.format,
                "files": [str(p) for p in self.files], "notes": self.notes, "cases": self.cases}


@dataclass(frozen=True)
class PreparedFile:
    """One export file ready to render: its content and the notes it marks exported."""

    name: str
    export: DayExport
    note_ids: tuple[int, ...]
    citizen_id: int


def caseworker_id(session: Session, login: str | None) -> int | None:
    """The id of the caseworker with ``login`` (None for None); unknown → DomainError."""
    if login is None:
        return None
    found = access.worker(session, login)
    if found is None:
        raise DomainError(f"no caseworker with login {login!r} (use --as LOGIN or --all)")
    return found.id


def export_candidates(session: Session, *, caseworker: str | None = None,
                      since: date | None = None, until: date | None = None,
                      again: bool = False) -> list[int]:
    """Ids of the cases that may have a file due (a superset; ``plan_files`` decides)."""
    worker = caseworker_id(session, caseworker)
    query = select(Note.case_id).distinct()
    if worker is not None:
        query = query.join(Case, col(Case.id) == Note.case_id).where(
            Case.caseworker_id == worker)
    if not again:
        query = query.where(col(Note.exported_at).is_(None))
    start, end = day_bounds(since, until)
    if start is not None:  # addenda are never older than their note
        query = query.where(Note.created_at >= start)
    if end is not None and again:  # (without again a late addendum can make a day due)
        query = query.where(Note.created_at < end)
    return sorted(session.exec(query).all())


def _views(notes: dict[int, Note], children: dict[int, list[int]], kinds: dict[int, str],
           root: int, seen: frozenset[int] = frozenset()) -> NoteView:
    note = notes[root]
    seen = seen | {root}
    return NoteView(id=note.id, author=note.author, created_at=note.created_at, body=note.body,
                    content_hash=note.content_hash, interview_id=note.interview_id,
                    interview_kind=kinds.get(note.interview_id or -1),
                    addendum_to=note.addendum_to,
                    addenda=tuple(_views(notes, children, kinds, c, seen)
                                  for c in children.get(root, ()) if c not in seen))


def prepare_export(session: Session, case_ids: list[int], *, fmt: str,
                   since: date | None = None, until: date | None = None, again: bool = False,
                   exporter: str, now: datetime) -> list[PreparedFile]:
    """The files due for ``case_ids`` (read only): one per case per day."""
    notes = {n.id: n for n in session.exec(
        select(Note).where(col(Note.case_id).in_(case_ids)).order_by(col(Note.id))).all()}
    refs = [NoteRef(n.id, n.case_id, n.addendum_to, n.created_at, n.exported_at is not None)
            for n in notes.values()]
    groups = plan_files(refs, since=since, until=until, again=again)
    if not groups:
        return []
    children: dict[int, list[int]] = {}
    for note in notes.values():
        if note.addendum_to is not None:
            children.setdefault(note.addendum_to, []).append(note.id)
    interview_ids = {n.interview_id for n in notes.values() if n.interview_id}
    kinds = dict(session.exec(select(Interview.id, Interview.kind).where(
        col(Interview.id).in_(interview_ids))).all()) if interview_ids else {}
    return [_prepare(session, g, notes, children, kinds, fmt=fmt, exporter=exporter, now=now)
            for g in groups]


def _prepare(session: Session, group: FileGroup, notes: dict[int, Note],
             children: dict[int, list[int]], kinds: dict[int, str], *, fmt: str,
             exporter: str, now: datetime) -> PreparedFile:
    case = get_case(session, group.case_id)
    citizen = session.get(Citizen, case.citizen_id)
    worker = session.get(Caseworker, case.caseworker_id) if case.caseworker_id else None
    export = DayExport(
        case_id=case.id, day=group.day, citizen_name=citizen.name, cpr=citizen.cpr,
        notes=tuple(_views(notes, children, kinds, r) for r in group.roots),
        exported_at=now, exported_by=exporter, caseworker=worker.name if worker else None)
    return PreparedFile(name=file_name(case.id, group.day, fmt), export=export,
                        note_ids=group.note_ids, citizen_id=citizen.id)


def write_export_files(prepared: Iterable[PreparedFile], *, out_dir: Path,
                       fmt: str) -> list[Path]:
    """Render and write the files (owner-only; ``out_dir`` made 0o700 if missing)."""
    from caseload.files import make_private_dir, write_private
    from caseload.safety.partials import sweep

    sweep(out_dir)  # the temporary files of an export that was killed
    paths = []
    for item in prepared:
        path = out_dir / item.name
        try:
            make_private_dir(out_dir)
            write_private(path, render(item.export, fmt))
        except OSError as exc:
            raise DomainError(f"cannot write {path}: {exc.strerror or exc}") from None
        paths.append(path)
    return paths


def mark_exported(session: Session, prepared: Iterable[PreparedFile], *, exporter: str,
                  now: datetime) -> None:
    """Mark the files' notes exported (not content: the hash leaves these out) and audit it."""
    for item in prepared:
        for note_id in item.note_ids:
            note = session.get(Note, note_id)
            if note is not None:
                note.exported_at, note.exported_by = now, exporter
                session.add(note)
        audit.log(session, exporter, "export", item.citizen_id, item.export.case_id,
                  detail=f"{len(item.note_ids)} notes to {item.name}", at=now)


def export_notes(engine: Engine, *, out_dir: Path, fmt: str = "pdf", since: date | None = None,
                 until: date | None = None, caseworker: str | None = None, again: bool = False,
                 exporter: str, now: datetime | None = None,
                 batch: int = 200) -> ExportResult:
    """Export notes for journalisation: one file per case per day, of the notes not yet
    exported (``again``: all in the range), into ``out_dir``; then mark them exported.

    Batches of cases: read, write the files, mark in a short write transaction, so that
    other caseworkers are not held up while PDFs are made. ``caseworker`` (a login) limits
    it to that caseworker's cases; None means all.
    """
    from caseload.store.uow import read_session, write_session

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if since and until and since > until:
        raise UsageError("--since is after --until")
    if out_dir.exists() and not out_dir.is_dir():
        raise DomainError(f"{out_dir} is not a directory")
    now = now or now_utc()
    result = ExportResult(out_dir=out_dir, format=fmt)
    with read_session(engine) as session:
        case_ids = export_candidates(session, caseworker=caseworker, since=since, until=until,
                                     again=again)
    cases: set[int] = set()
    for start in range(0, len(case_ids), batch):
        with read_session(engine) as session:
            prepared = prepare_export(session, case_ids[start:start + batch], fmt=fmt,
                                      since=since, until=until, again=again,
                                      exporter=exporter, now=now)
        if not prepared:
            continue
        result.files += write_export_files(prepared, out_dir=out_dir, fmt=fmt)
        with write_session(engine) as session:
            mark_exported(session, prepared, exporter=exporter, now=now)
        result.notes += sum(len(p.note_ids) for p in prepared)
        cases.update(p.export.case_id for p in prepared)
    result.cases = len(cases)
    return result
