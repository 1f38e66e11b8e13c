"""Status and note are one flow, every draft on disk is reachable under Kladder, and the
first follow-up held asks for the category. Each test asserts what is stored."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import TextArea

from caseload.models import Case, CategoryChangeRow, Interview, Note
from caseload.notes import drafts, templates
from caseload.screens.case_actions import CategoryDialog
from caseload.screens.drafts import DraftsScreen
from caseload.screens.note_editor import NoteEditor
from caseload.screens.plan_draft import plan_draft_key
from caseload.services import note_flow
from caseload.store.uow import read_session
from caseload.widgets.tables import StyledTable

from .helpers import answered, db_identity, make_app, settle, until


@pytest.fixture(autouse=True)
def _quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NoteEditor, "DRAFT_DELAY", 0.05)


def interview_of(engine, case_id: int) -> Interview:  # noqa: ANN001
    with read_session(engine) as session:
        return session.exec(select(Interview).where(Interview.case_id == case_id)).one()


def table_text(table: StyledTable) -> str:
    return " ".join(str(c) for r in range(table.row_count) for c in table.get_row_at(r))


async def hold_and_crash(db, case_id: int, interview_id: int, body: str) -> str:  # noqa: ANN001
    """Press h on the first interview today, type ``body``, wait until its draft is on disk,
    and end the app without saving; returns the draft's key."""
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        app.screen.query_one(TextArea).text = body
        key = note_flow.interview_draft_key(db_identity(db), case_id, interview_id, "held")
        await until(pilot, lambda: drafts.load_draft(key) == body)
    return key


async def test_a_crash_while_writing_loses_nothing_and_the_draft_is_saved_later(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    interview = interview_of(engine, case_id)
    body = answered(templates.note_template("follow_up"), "Skrevet før nedbruddet.")
    key = await hold_and_crash(db_path, case_id, interview.id, body)
    assert interview_of(engine, case_id).status == "booked"  # nothing stored yet

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:  # restart: Kladder lists it
        await settle(pilot)
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await settle(pilot)
        listed = table_text(app.screen.query_one("#drafts-table", StyledTable))
        assert "Mette Hansen" in listed and "Afholdt" in listed
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == body
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))  # first follow-up
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen) and app.screen.drafts == []
    with read_session(engine) as session:
        stored = session.exec(select(Interview).where(Interview.id == interview.id)).one()
        note = session.exec(select(Note).where(Note.case_id == case_id)).one()
    assert stored.status == "held" and note.interview_id == interview.id
    assert "Skrevet før nedbruddet." in note.body and "[" not in note.body
    assert drafts.load_draft(key) is None


async def test_a_draft_can_be_discarded_with_a_second_press(engine, db_path, case_ids) -> None:
    case_id = case_ids["Sofie Larsen"]
    note_key = note_flow.free_draft_key(db_identity(db_path), case_id, "phone")
    plan_key = plan_draft_key(db_identity(db_path), case_ids["Lone Berg"])
    drafts.save_draft(note_key, "Borgeren ringede.")
    drafts.save_draft(plan_key, '{"format": 1, "based_on": null, "goal": "x", "steps": [], '
                                '"hours": []}')
    drafts.save_draft(note_flow.free_draft_key(db_identity(db_path), 9999, "email"),
                      "a case not in this database")
    drafts.save_draft(note_flow.free_draft_key("0ther0db", case_id, "email"),
                      "another database's")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await settle(pilot)
        screen = app.screen
        assert len(screen.drafts) == 2  # case 9999 is not in this database
        assert "Telefonsamtale" in table_text(screen.query_one("#drafts-table", StyledTable))
        table = screen.query_one("#drafts-table", StyledTable)
        table.move_cursor(row=[d.key for d in screen.drafts].index(note_key))
        await pilot.press("delete")
        assert drafts.load_draft(note_key) is not None  # the first press only asks
        await pilot.press("delete")
        await settle(pilot)
        assert [d.key for d in screen.drafts] == [plan_key]
    assert drafts.load_draft(note_key) is None and drafts.load_draft(plan_key) is not None


async def test_holding_the_first_follow_up_asks_for_the_category(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        area.text = answered(area.text)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))
        app.screen.query_one("#case-category").value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CategoryDialog)
    with read_session(engine) as session:
        change = session.exec(select(CategoryChangeRow).where(
            CategoryChangeRow.case_id == case_id)).one()
        assert session.get(Case, case_id).category == 2
    assert change.changed_by == "anna"


async def test_an_unfilled_template_is_refused_in_the_app_and_the_text_kept(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "c")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        text = area.text.replace("Hvad skete der\n", "Hvad skete der\nBorgeren aflyste.\n")
        area.text = text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)  # reopened with what was typed
        assert app.screen.query_one(TextArea).text == text
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "Konsekvens" in messages and "Næste skridt" in messages
    with read_session(engine) as session:
        assert session.exec(select(Note)).all() == []
    assert interview_of(engine, case_id).status == "booked"


async def test_the_app_says_when_drafts_are_waiting(engine, db_path, case_ids) -> None:
    drafts.save_draft(note_flow.free_draft_key(db_identity(db_path), case_ids["Lone Berg"],
                                               "email"), "Skrevet.")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: any("Ctrl+K" in str(n.message) for n in app._notifications))
        palette = [b.description for b in app._bindings.key_to_bindings["ctrl+k"]]
        assert palette == ["Kladder"]


async def test_a_draft_belongs_to_its_database(engine, db_path, tmp_path, case_ids) -> None:
    """Database B is a copy of A (the same case and interview numbers) that has not been
    given an identity yet: A's draft for interview N is not offered on B, nor opened by
    pressing h on the same interview there; back on A it is resumed and saved."""
    import sqlite3

    from tests.dbcopy import copy_db

    case_id = case_ids["Mette Hansen"]
    interview = interview_of(engine, case_id)
    body = answered(templates.note_template("follow_up"), "Skrevet på database A.")
    other = copy_db(db_path, tmp_path / "other.db")
    with sqlite3.connect(other) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'database.id'")
    conn.close()
    key = await hold_and_crash(db_path, case_id, interview.id, body)  # on A

    app = make_app(other)
    async with app.run_test(size=(80, 24)) as pilot:  # B: nothing of A's is offered
        await settle(pilot)
        assert not any("Ctrl+K" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await settle(pilot)
        assert app.screen.drafts == []
        await pilot.press("escape", "h")  # the same interview number on B: its template
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert "Skrevet på database A." not in app.screen.query_one(TextArea).text
        await pilot.press("escape", "escape")
        await settle(pilot)
    assert db_identity(other) not in ("", db_identity(db_path))  # B got its own identity
    assert drafts.load_draft(key) == body  # A's draft is untouched

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:  # A again: resumed, saved
        await settle(pilot)
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await settle(pilot)
        assert [d.key for d in app.screen.drafts] == [key]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == body
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))
        await pilot.press("escape")
        await settle(pilot)
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT status FROM interviews WHERE id = ?",
                              (interview.id,)).fetchone()[0]
        notes = conn.execute("SELECT body FROM notes WHERE interview_id = ?",
                             (interview.id,)).fetchall()
    conn.close()
    with sqlite3.connect(other) as conn:
        other_notes = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        other_status = conn.execute("SELECT status FROM interviews WHERE id = ?",
                                    (interview.id,)).fetchone()[0]
    conn.close()
    assert stored == "held" and len(notes) == 1 and "Skrevet på database A." in notes[0][0]
    assert other_notes == 0 and other_status == "booked"
    assert drafts.load_draft(key) is None
