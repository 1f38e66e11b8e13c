"""Templates: one per interview kind, each with the five headings of a follow-up note."""

from __future__ import annotations

import pytest

from caseload.domain.model import InterviewKind
from caseload.errors import DomainError
from caseload.notes.templates import (
    HEADINGS,
    KIND_TITLES,
    UnknownTemplate,
    is_unfilled,
    note_template,
    strip_prompts,
)
from caseload.services import notes as service

FIVE = ("Arbejdsevne og sygemelding", "Borgerens ressourcer",
        "Barrierer og hvad borgeren selv kan gøre", "Hurtigste vej tilbage til arbejde",
        "Aftaler og næste skridt")


def test_the_five_headings_are_those_of_the_randers_note() -> None:
    assert HEADINGS == FIVE


@pytest.mark.parametrize("kind", [k.value for k in InterviewKind])
def test_every_interview_kind_has_a_template_with_the_five_headings_in_order(kind: str) -> None:
    text = note_template(kind)
    lines = text.splitlines()
    assert lines[0] == KIND_TITLES[kind]
    positions = [lines.index(h) for h in FIVE]
    assert positions == sorted(positions)
    assert "sygemeldt" in text and "ressourcer" in text and "barrierer" in text.lower()


def test_kinds_differ_in_their_opening_section() -> None:
    texts = {note_template(k.value) for k in InterviewKind}
    assert len(texts) == len(InterviewKind)
    assert "arbejdsgiver" in note_template("round_table")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        note_template("coffee")
    with pytest.raises(DomainError):
        service.note_template("coffee")


def test_an_untouched_template_counts_as_empty_and_a_filled_one_does_not() -> None:
    text = note_template("contact")
    assert is_unfilled(text)
    assert is_unfilled("  \n")
    filled = text.replace("Status siden sidst\n", "Status siden sidst\nMødt op, i bedring.\n")
    assert not is_unfilled(filled)
    stripped = strip_prompts(filled)
    assert "[" not in stripped and "Mødt op, i bedring." in stripped
    assert all(h in stripped for h in FIVE)
