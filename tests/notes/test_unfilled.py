"""A template's guiding questions never reach the journal: a section left with nothing but
its questions is refused by name; a question left beside the caseworker's text is dropped.
No-show, cancellation and notes without an interview have templates of their own."""

from __future__ import annotations

import pytest
from sqlmodel import select

from caseload.errors import DomainError
from caseload.models import Note
from caseload.notes import templates
from caseload.services.notes import export_notes, write_note
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD
from tests.notes.conftest import NOW


def _fill(text: str, answers: dict[str, str]) -> str:
    """The template with a line written under each heading in ``answers``."""
    return "\n".join(f"{line}\n{answers[line]}" if line in answers else line
                     for line in text.splitlines()) + "\n"


def test_unfilled_sections_are_named_in_order() -> None:
    text = templates.note_template("contact")
    assert templates.unfilled_sections(text) == ["Status siden sidst", *templates.HEADINGS]
    filled = _fill(text, {h: "Skrevet." for h in templates.HEADINGS})
    assert templates.unfilled_sections(filled) == ["Status siden sidst"]
    # a section the caseworker does not need is deleted, heading and all
    without = filled.replace("Status siden sidst\n", "").replace(
        "[Hvad er sket siden sidste kontaktsamtale?]\n", "")
    assert templates.unfilled_sections(without) == []


def test_saving_with_unfilled_sections_is_refused_naming_them(world) -> None:  # noqa: ANN001
    text = _fill(templates.note_template("follow_up"),
                 {h: "Skrevet af sagsbehandleren." for h in templates.HEADINGS[:3]})
    with pytest.raises(DomainError) as refused, write_session(world.engine) as s:
        write_note(s, case_id=world.cases["anna"], interview_id=world.interview, body=text,
                   author="kbe", template="follow_up", now=NOW, actor=LEAD)
    message = str(refused.value)
    assert "Samtalen" in message and templates.FASTEST_WAY in message
    assert templates.AGREED in message and templates.INCAPACITY not in message
    with read_session(world.engine) as s:
        assert s.exec(select(Note)).all() == []


def test_export_never_contains_a_prompt(world, tmp_path) -> None:  # noqa: ANN001
    sections = ["Samtalen", *templates.HEADINGS]
    text = _fill(templates.note_template("follow_up"), {h: "Svar skrevet." for h in sections})
    assert "[" in text  # the questions are still there, beside the answers
    with write_session(world.engine) as s:
        note = write_note(s, case_id=world.cases["anna"], interview_id=world.interview,
                          body=text, author="kbe", template="follow_up", now=NOW, actor=LEAD)
        stored = note.body
    assert "[" not in stored and stored.count("Svar skrevet.") == 6
    for fmt in ("txt", "md", "json"):
        result = export_notes(world.engine, out_dir=tmp_path / fmt, fmt=fmt, exporter="kbe",
                              again=True)
        exported = "".join(p.read_text(encoding="utf-8") for p in result.files)
        assert "Svar skrevet." in exported
        assert "[Hvad" not in exported and "?]" not in exported


@pytest.mark.parametrize("status", ["no_show", "cancelled"])
def test_no_show_and_cancellation_have_their_own_short_template(status: str) -> None:
    text = templates.note_template("follow_up", status)
    assert text.splitlines()[0].endswith("Opfølgningssamtale")
    assert templates.unfilled_sections(text) == [templates.WHAT_HAPPENED,
                                                 templates.CONSEQUENCE, templates.NEXT_STEP]
    assert templates.BARRIERS not in text and templates.FASTEST_WAY not in text


@pytest.mark.parametrize("kind", ["phone", "email", "doctor_statement", "employer_contact"])
def test_every_note_kind_without_an_interview_has_a_template(kind: str) -> None:
    text = templates.free_note_template(kind)
    assert templates.is_unfilled(text)
    assert templates.unfilled_sections(text)
    assert kind in templates.template_names()
    with pytest.raises(templates.UnknownTemplate):
        templates.free_note_template("fax")
