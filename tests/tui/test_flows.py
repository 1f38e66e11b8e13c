"""Pilot tests of each screen's main flow, asserting what is stored."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select
from textual.widgets import TextArea

from caseload import i18n
from caseload.models import Interview, Note, ObligationRow
from caseload.screens.case_actions import CategoryDialog
from caseload.screens.note_editor import NoteEditor
from caseload.store.uow import read_session
from caseload.widgets.tables import StyledTable

from .helpers import answered, make_app, settle, until
from .sample import TODAY

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
async def test_mark_held_and_write_the_note(engine, db_path, case_ids, size) -> None:
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#counts").render().plain.startswith("Booket 3 · Afholdt 0")
        await pilot.press("h")  # the first row: Mette Hansen at 09:00
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        assert "Opfølgningssamtale" in area.text  # the kind's template
        area.text = answered(area.text, "Borgeren er i gang med delvis raskmelding, "
                                        "12 timer om ugen.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))  # first follow-up
        await pilot.press("escape")  # the category can be skipped
        await settle(pilot)
        assert "Afholdt 1" in app.screen.query_one("#counts").render().plain
    case_id = case_ids["Mette Hansen"]
    with read_session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
        note = session.exec(select(Note).where(Note.case_id == case_id)).one()
        first = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id, ObligationRow.kind == "first_follow_up")).one()
    assert interview.status == "held" and interview.held_at == datetime(2026, 11, 4, 9, 0)
    assert note.interview_id == interview.id and note.author == "anna"
    assert "12 timer om ugen" in note.body and note.template == "follow_up"
    assert first.met_on == TODAY


async def test_no_show_is_stored_with_its_own_note_and_esc_stores_nothing(
        engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "n")  # Jens Nielsen, 10:30
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert "Hvad skete der" in app.screen.query_one(TextArea).text
        assert "Barrierer" not in app.screen.query_one(TextArea).text
        await pilot.press("escape")  # nothing typed: nothing kept, nothing stored
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
        with read_session(engine) as session:
            assert session.exec(select(Interview).where(
                Interview.case_id == case_ids["Jens Nielsen"])).one().status == "booked"
        await pilot.press("n")  # not a dead end: the note can be written now
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        area.text = answered(area.text, "Udeblev; ny tid sendt.")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with read_session(engine) as session:
        interview = session.exec(select(Interview).where(
            Interview.case_id == case_ids["Jens Nielsen"])).one()
        note = session.exec(select(Note)).one()
        first = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_ids["Jens Nielsen"],
            ObligationRow.kind == "first_follow_up")).one()
    assert interview.status == "no_show" and note.template == "no_show"
    assert note.interview_id == interview.id and "[" not in note.body
    assert first.met_on is None  # a no-show meets nothing


@pytest.mark.parametrize(("size", "query", "expected"), [
    ((80, 24), "lars", "Sofie Larsen"), ((120, 40), "2207", "Sofie Larsen"),
])
async def test_search_and_open_a_citizen(engine, db_path, case_ids, size, query,
                                         expected) -> None:
    app = make_app(db_path, start="caseload")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StyledTable)
        assert table.row_count == 5
        await pilot.press("slash", *query)
        await until(pilot, lambda: table.row_count == 1)
        await settle(pilot)
        assert table.get_row_at(0)[1] == expected
        assert "220790-xxxx" in table.get_row_at(0)
        await pilot.press("enter", "enter")  # leave the search, open the row
        await settle(pilot)
        assert app.opened_case == case_ids[expected]
        assert getattr(app.screen, "case_id", None) == case_ids[expected]


async def test_filters_narrow_the_caseload(engine, db_path, case_ids) -> None:
    app = make_app(db_path, start="caseload")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StyledTable)
        await pilot.press("g")  # participants
        await settle(pilot)
        assert sorted(table.get_row_at(i)[1] for i in range(table.row_count)) == [
            "Ahmed Ali", "Jens Nielsen"]
        await pilot.press("x")
        await settle(pilot)
        assert table.row_count == 5


async def test_palette_jumps_to_a_citizen(engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Ahmed")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.opened_case == case_ids["Ahmed Ali"]


async def test_english_and_an_unknown_caseworker(engine, db_path, case_ids) -> None:
    i18n.set_language("en")
    try:
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.screen.query_one("#counts").render().plain == (
                "Booked 3 · Held 0 · Overdue 2")
    finally:
        i18n.set_language("da")
    app = make_app(db_path, login="nobody")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1 and "nobody" in (app.error_message or "")
