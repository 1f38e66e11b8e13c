"""Export for journalisation: one owner-only file per case per day, idempotent, every
format keeping Danish letters, the PDF's text extractable and its header the one place the
whole CPR number appears."""

from __future__ import annotations

import io
import json
import re
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from caseload.models import AuditEntry, Note
from caseload.services.notes import add_addendum, export_notes, verify_notes, write_note
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD
from tests.notes.conftest import BODY, NOW

CPR_IN_NAME = re.compile(r"\d{10}|\d{6}-\d{4}")
NAME = re.compile(r"^case-\d{5}_\d{4}-\d{2}-\d{2}\.(pdf|md|txt|json)$")


def _note(world, case: str, *, body: str = BODY, days: int = 0,  # noqa: ANN001
          interview: int | None = None) -> int:
    with write_session(world.engine) as s:
        return write_note(s, case_id=world.cases[case], interview_id=interview, body=body,
                          author="kbe", template="follow_up" if interview else None,
                          now=NOW + timedelta(days=days), actor=LEAD).id


def _export(world, out: Path, **kw):  # noqa: ANN001, ANN202
    kw.setdefault("fmt", "md")
    return export_notes(world.engine, out_dir=out, exporter="kbe", **kw)


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_one_file_per_case_per_day_then_nothing_then_again(world, tmp_path) -> None:  # noqa: ANN001
    _note(world, "anna", interview=world.interview)
    _note(world, "anna")  # same day: same file
    _note(world, "anna", days=1)
    _note(world, "bo")
    out = tmp_path / "out"
    first = _export(world, out)
    names = sorted(p.name for p in first.files)
    anna, bo = world.cases["anna"], world.cases["bo"]
    assert names == [f"case-{anna:05d}_2026-11-20.md", f"case-{anna:05d}_2026-11-21.md",
                     f"case-{bo:05d}_2026-11-20.md"]
    assert (first.notes, first.cases) == (4, 2)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    second = _export(world, out)
    assert (second.files, second.notes, second.cases) == ([], 0, 0)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    again = _export(world, out, again=True, since=date(2026, 11, 21))
    assert [p.name for p in again.files] == [f"case-{anna:05d}_2026-11-21.md"]
    everything = _export(world, out, again=True)
    assert sorted(p.name for p in everything.files) == names and everything.notes == 4


def test_a_new_addendum_makes_its_notes_file_due_again(world, tmp_path) -> None:  # noqa: ANN001
    first = _note(world, "anna")
    _note(world, "bo")
    out = tmp_path / "out"
    _export(world, out)
    with write_session(world.engine) as s:
        add_addendum(s, note_id=first, body="Rettelse: Ærø, ikke Læsø.", author="lmo",
                     now=NOW + timedelta(days=3), actor=LEAD)
    result = _export(world, out)
    [path] = result.files
    assert path.name == f"case-{world.cases['anna']:05d}_2026-11-20.md" and result.notes == 2
    text = path.read_text("utf-8")
    assert "Tillæg nr. 3 til notat nr. 1" in text and "Rettelse: Ærø, ikke Læsø." in text
    assert text.index("Sygemeldt med diskusprolaps") < text.index("Rettelse: Ærø")
    assert _export(world, out).files == []


def test_notes_are_marked_exported_and_keep_their_hash(world, tmp_path) -> None:  # noqa: ANN001
    note_id = _note(world, "anna")
    with read_session(world.engine) as s:
        before = s.get(Note, note_id).content_hash
    _export(world, tmp_path / "out", now=NOW + timedelta(hours=5))
    with read_session(world.engine) as s:
        note = s.get(Note, note_id)
        assert (note.exported_at, note.exported_by) == (NOW + timedelta(hours=5), "kbe")
        assert note.content_hash == before and verify_notes(s) == []
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert audit.case_id == world.cases["anna"] and audit.actor == "kbe"


def test_files_are_owner_only_and_a_new_directory_too(world, tmp_path) -> None:  # noqa: ANN001
    _note(world, "anna")
    _note(world, "bo")
    out = tmp_path / "new" / "out"
    for fmt in ("md", "txt", "json", "pdf"):
        result = _export(world, out, fmt=fmt, again=True)
        assert len(result.files) == 2
        for path in result.files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files


def test_an_existing_directory_is_left_as_it_is(world, tmp_path) -> None:  # noqa: ANN001
    _note(world, "anna")
    out = tmp_path / "shared"
    out.mkdir(mode=0o750)
    out.chmod(0o750)
    [path] = _export(world, out).files
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_cpr_number_in_any_file_name(world, tmp_path) -> None:  # noqa: ANN001
    for case in ("anna", "bo", "unassigned"):
        _note(world, case)
    for fmt in ("md", "txt", "json", "pdf"):
        for path in _export(world, tmp_path / fmt, fmt=fmt, again=True).files:
            assert NAME.match(path.name), path.name
            assert not CPR_IN_NAME.search(path.name)
            for cpr in ("1503821234", "0101901111", "3112695555", "150382"):
                assert cpr not in path.name


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_danish_letters_intact_and_cpr_masked_in_text_formats(world, tmp_path, fmt) -> None:  # noqa: ANN001
    _note(world, "anna", interview=world.interview)
    [path] = _export(world, tmp_path, fmt=fmt).files
    text = path.read_text("utf-8")
    assert "1503821234" not in text and "150382-1234" not in text
    assert "150382-xxxx" in text and "Anna Ærø Østergaard" in text
    if fmt == "json":
        data = json.loads(text)
        assert data["notes"][0]["body"] == BODY
        assert data["citizen"] == {"name": "Anna Ærø Østergaard", "cpr_masked": "150382-xxxx"}
        assert data["notes"][0]["interview_kind"] == "follow_up"
    else:
        assert BODY.rstrip("\n") in text
        assert "Kirsten Bøgh" in text and "æ" in text and "ø" in text and "å" in text


def test_the_pdf_has_name_and_whole_cpr_in_the_header_and_extractable_text(world, tmp_path) -> None:  # noqa: ANN001, E501
    first = _note(world, "anna", interview=world.interview)
    with write_session(world.engine) as s:
        add_addendum(s, note_id=first, body="Tillæg: Åse fra HR deltager næste gang.",
                     author="lmo", now=NOW + timedelta(minutes=30), actor=LEAD)
    [path] = _export(world, tmp_path, fmt="pdf").files
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    for page in pages:  # every page's header
        assert "Anna Ærø Østergaard" in page and "150382-1234" in page
    text = _squash("\n".join(pages))
    assert _squash(BODY) in text
    assert "Tillæg: Åse fra HR deltager næste gang." in text
    assert "Notat nr. 1 – Opfølgningssamtale" in text
    assert "Skrevet 20.11.2026 kl. 10:30 af kbe" in text
    assert "Skrevet 20.11.2026 kl. 11:00 af lmo" in text
    assert "Sagsbehandler: Kirsten Bøgh" in text
    assert "1503821234" not in (reader.metadata.title or "")


def test_a_long_note_runs_over_pages_with_the_header_on_each(world, tmp_path) -> None:  # noqa: ANN001
    long_body = BODY + "\n".join(f"Linje {i}: ære, øl og å." for i in range(150))
    _note(world, "bo", body=long_body)
    [path] = _export(world, tmp_path, fmt="pdf").files
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    assert all("Bo Åkjær" in p.extract_text() and "010190-1111" in p.extract_text()
               for p in reader.pages)
    # Without each page's header (two lines) and footer (one line) the body reads whole.
    inner = ["\n".join(p.extract_text().splitlines()[2:-1]) for p in reader.pages]
    assert _squash(long_body) in _squash("\n".join(inner))
    assert reader.pages[-1].extract_text().splitlines()[-1].endswith(
        f"side {len(reader.pages)}/{len(reader.pages)}")


def test_filter_by_caseworker_and_by_range(world, tmp_path) -> None:  # noqa: ANN001
    _note(world, "anna")
    _note(world, "bo", days=2)
    _note(world, "unassigned", days=4)
    mine = _export(world, tmp_path / "a", caseworker="kbe")
    assert [p.name for p in mine.files] == [f"case-{world.cases['anna']:05d}_2026-11-20.md"]
    ranged = _export(world, tmp_path / "b", since=date(2026, 11, 21), until=date(2026, 11, 23))
    assert [p.name for p in ranged.files] == [f"case-{world.cases['bo']:05d}_2026-11-22.md"]
    rest = _export(world, tmp_path / "c")
    assert [p.name for p in rest.files] == [
        f"case-{world.cases['unassigned']:05d}_2026-11-24.md"]
