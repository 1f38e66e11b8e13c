"""Pilot tests of correcting the record from the citizen screen, asserting what is stored:
an interview's status corrected (kept as an event, shown on the timeline), a case closed
with a checked day and reason and reopened by a team lead, the end of participation, an
exemption from a chosen day, the purpose of revealing a CPR number; and the timeline's
notes: opened in full with addenda, an addendum added, a note without an interview."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select
from textual.widgets import Input, Select, TextArea

from caseload.models import AuditEntry, Case, CaseEvent, Exemption, Interview, Note
from caseload.notes import templates
from caseload.screens.case_actions import CloseCaseDialog, ExemptionDialog
from caseload.screens.case_corrections import (
    CorrectionDialog,
    ParticipationDialog,
    PurposeDialog,
    ReopenDialog,
)
from caseload.screens.note_editor import NoteEditor
from caseload.screens.note_view import NoteKindPicker, NoteViewer
from caseload.services import caseworkers, interviews, note_flow, notes
from caseload.services.access import resolve_actor
from caseload.store.uow import read_session, write_session
from caseload.widgets.tables import StyledTable

from .helpers import answered, make_app, settle, until
from .sample import TODAY
from .test_citizen import open_citizen, summary


def record(engine, case_id: int, status: str, text: str = "Første linje skrevet.") -> int:  # noqa: ANN001
    """The case's interview recorded as ``status`` with its note (as Today does)."""
    with write_session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
        body = answered(notes.note_template(interview.kind, status), text)
        note_flow.record_interview(session, interview.id, status, body=body, author="anna",
                                   actor=resolve_actor(session, "anna"))
        return interview.id


def timeline_rows(screen) -> list[str]:  # noqa: ANN001
    table = screen.query_one("#timeline-table", StyledTable)
    return [" ".join(str(c) for c in table.get_row_at(r)) for r in range(table.row_count)]


async def select_row(pilot, screen, text: str) -> None:  # noqa: ANN001
    await pilot.press("l")
    await settle(pilot)
    rows = timeline_rows(screen)
    screen.query_one("#timeline-table", StyledTable).move_cursor(
        row=next(i for i, r in enumerate(rows) if text in r))
    await pilot.pause()


async def test_correct_a_no_show_to_held(engine, db_path, case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]
    interview_id = record(engine, case_id, "no_show", "Udeblev uden besked.")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await select_row(pilot, screen, "Udeblevet")
        assert any("Udeblev uden besked." in r for r in timeline_rows(screen))  # the summary
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog))
        dialog = app.screen
        dialog.query_one("#correct-status", Select).value = "held"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # a correction needs its reason
        dialog.query_one("#correct-reason", Input).value = "Trykkede udeblevet ved en fejl"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert any("Status rettet: Udeblevet → Afholdt" in r for r in timeline_rows(screen))
    with read_session(engine) as session:
        interview = session.get(Interview, interview_id)
        event = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).one()
        audit = session.exec(select(AuditEntry).where(AuditEntry.case_id == case_id,
                                                      AuditEntry.action == "change")).all()
    assert interview.status == "held"
    assert (event.kind, event.old_value, event.new_value, event.by, event.reason) == (
        "status_corrected", "no_show", "held", "anna", "Trykkede udeblevet ved en fejl")
    assert any("corrected no_show -> held" in (a.detail or "") for a in audit)


async def test_the_timeline_opens_a_note_with_its_addenda_and_adds_one(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    record(engine, case_id, "held", "Delvis raskmelding fra mandag.")
    with write_session(engine) as session:
        note = session.exec(select(Note)).one()
        notes.add_addendum(session, note_id=note.id, body="Lægen bekræfter.", author="anna",
                           actor=resolve_actor(session, "anna"))
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await select_row(pilot, screen, "Afholdt")
        assert any("Delvis raskmelding fra mandag." in r for r in timeline_rows(screen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NoteViewer))
        shown = str(app.screen.query_one("#note-view-body").render())
        assert "Delvis raskmelding fra mandag." in shown and "Lægen bekræfter." in shown
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        app.screen.query_one(TextArea).text = "Borgeren har ringet: starter tirsdag."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    with read_session(engine) as session:
        addenda = session.exec(select(Note).where(Note.addendum_to == note.id)
                               .order_by(Note.id)).all()
    assert [a.body.strip() for a in addenda] == ["Lægen bekræfter.",
                                                 "Borgeren har ringet: starter tirsdag."]


async def test_a_note_without_an_interview_of_a_chosen_kind(engine, db_path, case_ids) -> None:
    case_id = case_ids["Sofie Larsen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, NoteKindPicker))
        await pilot.press("down", "down", "enter")  # the statement from the doctor
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("Lægelig udtalelse")
        area.text = answered(area.text, "LÆ 265 af 01.11.2026.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("l")
        assert any("Lægelig udtalelse" in r for r in timeline_rows(screen))
    with read_session(engine) as session:
        note = session.exec(select(Note)).one()
    assert (note.template, note.interview_id, note.case_id) == ("doctor_statement", None,
                                                                case_id)
    assert "LÆ 265" in note.body and "[" not in note.body


async def test_close_checks_the_day_and_a_lead_reopens(engine, db_path, case_ids) -> None:
    case_id = case_ids["Lone Berg"]  # first day of absence: TODAY - 15
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CloseCaseDialog))
        dialog = app.screen
        dialog.query_one("#case-close-reason", Select).value = "moved_municipality"
        for day in (TODAY - timedelta(days=16), TODAY + timedelta(days=30)):
            dialog.query_one("#case-close-day", Input).value = day.strftime("%d.%m.%Y")
            await pilot.press("ctrl+s", "ctrl+s")
            await settle(pilot)
            assert app.screen is dialog  # refused with the reason
        assert "senere end" in str(dialog.query_one("#case-error").render())
        dialog.query_one("#case-close-day", Input).value = TODAY.strftime("%d.%m.%Y")
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Lukket" in summary(screen)
        assert not screen.check_action("reopen", ())  # a caseworker cannot reopen
    with write_session(engine) as session:
        caseworkers.add_caseworker(session, login="lise", name="Lise Lund", role="team_lead")
    app = make_app(db_path, login="lise", show_all=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        assert screen.check_action("reopen", ())
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, ReopenDialog))
        app.screen.query_one("#reopen-reason", Input).value = "Flytningen blev aflyst"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Lukket" not in summary(screen)
    with read_session(engine) as session:
        case = session.get(Case, case_id)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                              .order_by(CaseEvent.id)).all()
    assert (case.status, case.closed_on) == ("open", None)
    assert [(e.kind, e.by) for e in events] == [("closed", "anna"), ("reopened", "lise")]
    assert events[0].new_value == "moved_municipality"
    assert events[1].reason == "Flytningen blev aflyst"


async def test_the_close_confirmation_wraps_at_80x24(engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_citizen(app, pilot, case_ids["Lone Berg"])
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CloseCaseDialog))
        await pilot.press("ctrl+s")
        await settle(pilot)
        hint = app.screen.query_one("#case-hint")
        assert hint.size.height >= 2  # wrapped, not cut
        assert "Lone Berg" in str(hint.render())


async def test_end_participation_exemption_day_and_cpr_purpose(engine, db_path,
                                                               case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]  # a participant
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ParticipationDialog))
        app.screen.query_one("#participation-status", Select).value = "interrupted"
        app.screen.query_one("#participation-outcome", Input).value = "Raskmeldt delvist"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ExemptionDialog))
        app.screen.query_one("#case-exemption", Select).value = "hospitalisation"
        app.screen.query_one("#case-exemption-day", Input).value = "02.11.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PurposeDialog))
        app.screen.query_one("#purpose", Select).value = "other"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PurposeDialog)  # "other" needs its text
        app.screen.query_one("#purpose-text", Input).value = "Svar til 150382-1234 om sagen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("v", "v")  # hide, show again: the purpose is remembered
        await settle(pilot)
        assert app.screen is screen and screen.revealed is not None
    with read_session(engine) as session:
        case = session.get(Case, case_id)
        exemption = session.exec(select(Exemption).where(Exemption.case_id == case_id)).one()
        purposes = [a.purpose for a in session.exec(select(AuditEntry).where(
            AuditEntry.action == "reveal_cpr")).all()]
    assert (case.participation_status, case.participation_outcome,
            case.participation_ended_on) == ("interrupted", "Raskmeldt delvist", TODAY)
    assert (exemption.reason, exemption.decided_on) == (
        "hospitalisation", datetime(2026, 11, 2).date())
    assert purposes == ["other: Svar til 150382-xxxx om sagen"] * 2  # CPR in text masked


async def test_an_interview_recorded_without_its_note_shows_it_missing(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Ahmed Ali"]
    with write_session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
        interviews.mark_interview(session, interview.id, "cancelled",  # as before the fix
                                  actor=resolve_actor(session, "anna"))
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await select_row(pilot, screen, "notat mangler")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("Aflysning")
        area.text = answered(area.text, "Borgeren var syg.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not any("notat mangler" in r for r in timeline_rows(screen))
    with read_session(engine) as session:
        note = session.exec(select(Note)).one()
    assert (note.interview_id, note.template) == (interview.id, "cancelled")
    assert templates.unfilled_sections(note.body) == []
