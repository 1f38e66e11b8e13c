"""Rendering a case's notes of one day for the record: Markdown, plain text, JSON.

Pure: takes plain values, returns text. The PDF lives in ``pdf.py``. Only the PDF carries
the whole CPR number (its header is the one place it belongs); these show it masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from caseload.domain.cpr import mask
from caseload.notes.templates import KIND_TITLES
from caseload.safety.text import escape

DANISH = ZoneInfo("Europe/Copenhagen")
FORMATS = ("pdf", "md", "txt", "json")
SCHEMA = "caseload-notes-export/1"


@dataclass(frozen=True)
class NoteView:
    id: int
    author: str
    created_at: datetime  # aware (UTC)
    body: str
    content_hash: str
    interview_kind: str | None = None
    interview_id: int | None = None
    addendum_to: int | None = None
    addenda: tuple[NoteView, ...] = ()


@dataclass(frozen=True)
class DayExport:
    """One file: the notes written on one day for one case, each with its addenda."""

    case_id: int
    day: date
    citizen_name: str
    cpr: str  # whole, 10 digits
    notes: tuple[NoteView, ...]
    exported_at: datetime
    exported_by: str
    caseworker: str | None = None


def file_name(case_id: int, day: date, fmt: str) -> str:
    """``case-00042_2026-11-20.pdf``: case id and date, never a CPR number."""
    return f"case-{case_id:05d}_{day.isoformat()}.{fmt}"


def local(value: datetime) -> datetime:
    return value.astimezone(DANISH)


def stamp(value: datetime) -> str:
    """``20.11.2026 kl. 10:32`` in Danish time."""
    return local(value).strftime("%d.%m.%Y kl. %H:%M")


def note_title(note: NoteView) -> str:
    if note.addendum_to is not None:
        return f"Tillæg nr. {note.id} til notat nr. {note.addendum_to}"
    kind = KIND_TITLES.get(note.interview_kind or "", "")
    return f"Notat nr. {note.id}" + (f" – {kind}" if kind else "")


def note_byline(note: NoteView) -> str:
    return f"Skrevet {stamp(note.created_at)} af {note.author}"


def header_lines(export: DayExport, *, cpr: str) -> list[str]:
    lines = [
        f"Borger: {escape(export.citizen_name)}",
        f"CPR-nr.: {cpr}",
        f"Sag: {export.case_id}",
        f"Dato: {export.day.strftime('%d.%m.%Y')}",
    ]
    if export.caseworker:
        lines.append(f"Sagsbehandler: {escape(export.caseworker)}")
    return lines


def export_line(export: DayExport) -> str:
    return f"Eksporteret {stamp(export.exported_at)} af {export.exported_by}"


def _walk(notes: tuple[NoteView, ...]) -> list[NoteView]:
    out: list[NoteView] = []
    for note in notes:
        out.append(note)
        out += _walk(note.addenda)
    return out


def _body(note: NoteView) -> str:
    """The note as written, its lines kept, anything a terminal would obey escaped."""
    return escape(note.body.rstrip("\n"), lines=True)


def render_txt(export: DayExport) -> str:
    title = f"Journalnotater – sag {export.case_id} – {export.day.strftime('%d.%m.%Y')}"
    lines = [title, "=" * len(title), *header_lines(export, cpr=mask(export.cpr)), ""]
    for note in _walk(export.notes):
        head = note_title(note)
        lines += [head, "-" * len(head), note_byline(note), "", _body(note), "",
                  f"Kontrolsum (sha256): {note.content_hash}", ""]
    lines.append(export_line(export))
    return "\n".join(lines) + "\n"


def render_md(export: DayExport) -> str:
    lines = [f"# Journalnotater – sag {export.case_id} – {export.day.strftime('%d.%m.%Y')}", ""]
    lines += [f"- {line}" for line in header_lines(export, cpr=mask(export.cpr))]
    lines.append("")
    for note in _walk(export.notes):
        level = "###" if note.addendum_to is not None else "##"
        lines += [f"{level} {note_title(note)}", "", f"*{note_byline(note)}*", ""]
        # The body as written, fenced so that nothing in it is read as Markdown.
        fence = "~~~~" if "~~~" in note.body else "~~~"
        lines += [f"{fence}text", _body(note), fence, ""]
        lines += [f"Kontrolsum (sha256): `{note.content_hash}`", ""]
    lines.append(f"*{export_line(export)}*")
    return "\n".join(lines) + "\n"


def _note_json(note: NoteView) -> dict[str, object]:
    return {
        "id": note.id,
        "interview_id": note.interview_id,
        "interview_kind": note.interview_kind,
        "addendum_to": note.addendum_to,
        "author": note.author,
        "created_at": local(note.created_at).isoformat(),
        "body": note.body,
        "content_hash": note.content_hash,
        "addenda": [_note_json(a) for a in note.addenda],
    }


def render_json(export: DayExport) -> str:
    data = {
        "schema": SCHEMA,
        "case_id": export.case_id,
        "day": export.day.isoformat(),
        "citizen": {"name": export.citizen_name, "cpr_masked": mask(export.cpr)},
        "caseworker": export.caseworker,
        "notes": [_note_json(n) for n in export.notes],
        "exported_at": local(export.exported_at).isoformat(),
        "exported_by": export.exported_by,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(export: DayExport, fmt: str) -> bytes:
    """The file's bytes in ``fmt`` (pdf, md, txt, json)."""
    if fmt == "pdf":
        from caseload.notes.pdf import render_pdf

        return render_pdf(export)
    renderers = {"md": render_md, "txt": render_txt, "json": render_json}
    try:
        return renderers[fmt](export).encode("utf-8")
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})") from None
