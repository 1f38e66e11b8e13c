"""Issue 9 flows that had no Pilot test asserting what is stored: a cancellation with its
own short template, stored with its note; the English headings whole (``Week``, not
``Wee``) while a long name wraps."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import TextArea

from caseload import i18n
from caseload.models import Interview, Note
from caseload.screens.case_actions import CategoryDialog
from caseload.screens.note_editor import NoteEditor
from caseload.store.uow import read_session
from caseload.widgets.tables import StyledTable

from .helpers import answered, make_app, settle, until


async def test_a_cancellation_is_stored_with_its_own_short_note(engine, db_path,
                                                                case_ids) -> None:
    case_id = case_ids["Ahmed Ali"]  # 13:00, the third interview today
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "c")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("Aflysning")  # not the held interview's template
        for heading in ("Hvad skete der", "Konsekvens", "Næste skridt"):
            assert heading in area.text
        assert "Barrierer" not in area.text and "tilbage" not in area.text.lower()
        area.text = answered(area.text, "Borgeren meldte afbud pga. sygdom i familien.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (NoteEditor, CategoryDialog))  # no category asked
    with read_session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
        note = session.exec(select(Note).where(Note.case_id == case_id)).one()
    assert interview.status == "cancelled" and interview.held_at is None
    assert (note.interview_id, note.template) == (interview.id, "cancelled")
    assert "sygdom i familien" in note.body and "[" not in note.body


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_english_headings_are_whole(engine, db_path, case_ids, size) -> None:  # noqa: ANN001
    i18n.set_language("en")
    try:
        app = make_app(db_path, start="caseload")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.screen.query_one(StyledTable)
            for column in table.ordered_columns:
                assert column.width >= len(column.label.plain), column.label.plain
            assert "Week" in [c.label.plain for c in table.ordered_columns]
    finally:
        i18n.set_language("da")
