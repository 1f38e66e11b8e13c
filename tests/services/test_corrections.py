"""An interview's status and its note in one step; correcting a status (kept as an event,
logged, obligations recomputed); closing a case (day and reason checked) and reopening it;
the end of participation with its status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.errors import AccessDenied, DomainError
from caseload.models import AuditEntry, Case, CaseEvent, Caseworker, Interview, Note
from caseload.notes import drafts, templates
from caseload.services import cases, interviews, note_flow, settings
from caseload.services.policy import Actor
from caseload.store.uow import read_session, write_session

from .conftest import load_case, stored
from .test_interviews import book

NOTE = ("Hvad skete der\nBorgeren udeblev uden besked.\n\nKonsekvens\nPartshøring sendt.\n\n"
        "Næste skridt\nNy samtale om en uge.\n")


@pytest.fixture
def people(engine: Engine) -> dict[str, Actor]:
    with write_session(engine) as s:
        rows = [Caseworker(login="anna", name="Anna"), Caseworker(login="bo", name="Bo"),
                Caseworker(login="lise", name="Lise", role="team_lead")]
        s.add_all(rows)
        s.flush()
        return {w.login: Actor(w.login, w.id, w.role, w.id, w.login) for w in rows}


@pytest.fixture
def annas_case(new_case: Callable[..., int], engine: Engine, people: dict[str, Actor]) -> int:
    case_id = new_case()
    with write_session(engine) as s:
        case = s.get(Case, case_id)
        case.caseworker_id = people["anna"].caseworker_id
        s.add(case)
    return case_id


def _held_follow_up(engine: Engine, case_id: int) -> int:
    return book(engine, case_id)


def test_status_and_note_are_stored_together(engine: Engine, annas_case: int,
                                             people: dict[str, Actor]) -> None:
    interview_id = _held_follow_up(engine, annas_case)
    with read_session(engine) as s:
        db = settings.database_id(s)
    key = note_flow.interview_draft_key(db, annas_case, interview_id, "no_show")
    drafts.save_draft(key, NOTE)
    with write_session(engine) as s:
        note = note_flow.record_interview(s, interview_id, "no_show", body=NOTE,
                                          author="anna", actor=people["anna"])
        assert note.template == "no_show"
    with read_session(engine) as s:
        assert s.get(Interview, interview_id).status == "no_show"
    assert drafts.load_draft(key) is None  # the draft went with the commit


def test_a_refused_note_leaves_the_interview_booked(engine: Engine, annas_case: int,
                                                    people: dict[str, Actor]) -> None:
    interview_id = _held_follow_up(engine, annas_case)
    with pytest.raises(DomainError, match="Næste skridt"), write_session(engine) as s:
        note_flow.record_interview(s, interview_id, "no_show", author="anna",
                                   body=templates.note_template("follow_up", "no_show")
                                   .replace("Hvad skete der\n", "Hvad skete der\nUdeblev.\n"),
                                   actor=people["anna"])
    with read_session(engine) as s:
        assert s.get(Interview, interview_id).status == "booked"
        assert s.exec(select(Note)).all() == []
    with pytest.raises(DomainError), write_session(engine) as s:
        note_flow.record_interview(s, interview_id, "booked", body=NOTE, author="anna",
                                   actor=people["anna"])


def test_a_note_without_an_interview_of_a_kind(engine: Engine, annas_case: int,
                                               people: dict[str, Actor]) -> None:
    body = templates.free_note_template("phone").replace(
        "Samtalen\n", "Samtalen\nBorgeren ringede.\n").replace(
        "Hvad blev sagt\n", "Hvad blev sagt\nHar det bedre.\n").replace(
        templates.AGREED + "\n", templates.AGREED + "\nSamtale næste uge.\n")
    with write_session(engine) as s:
        note = note_flow.write_free_note(s, annas_case, "phone", body=body, author="anna",
                                         actor=people["anna"])
        assert (note.template, note.interview_id) == ("phone", None)
        assert "[" not in note.body
    with pytest.raises(DomainError), write_session(engine) as s:
        note_flow.write_free_note(s, annas_case, "fax", body=body, author="anna",
                                  actor=people["anna"])


def test_status_correction_is_an_event_logged_and_recomputed(
        engine: Engine, annas_case: int, people: dict[str, Actor]) -> None:
    interview_id = _held_follow_up(engine, annas_case)
    with write_session(engine) as s:
        note_flow.record_interview(s, interview_id, "no_show", body=NOTE, author="anna",
                                   actor=people["anna"])
    assert stored(engine, annas_case)["first_follow_up"][0][1] is None
    with write_session(engine) as s:
        interviews.correct_status(s, interview_id, "held", reason="Trykkede forkert",
                                  actor=people["anna"])
    assert stored(engine, annas_case)["first_follow_up"][0][1] == date(2026, 10, 28)
    with read_session(engine) as s:
        event = s.exec(select(CaseEvent).where(CaseEvent.kind == "status_corrected")).one()
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "change")).all()
        assert s.get(Interview, interview_id).status == "held"
    assert (event.old_value, event.new_value, event.reason, event.by) == (
        "no_show", "held", "Trykkede forkert", "anna")
    assert event.interview_id == interview_id and event.at is not None
    assert any("corrected no_show -> held" in (a.detail or "") for a in audit)


def test_only_the_interviews_caseworker_or_a_lead_corrects(
        engine: Engine, annas_case: int, people: dict[str, Actor]) -> None:
    interview_id = _held_follow_up(engine, annas_case)
    with write_session(engine) as s:
        note_flow.record_interview(s, interview_id, "no_show", body=NOTE, author="anna",
                                   actor=people["anna"])
    with pytest.raises(AccessDenied), write_session(engine) as s:
        interviews.correct_status(s, interview_id, "held", reason="x", actor=people["bo"])
    with pytest.raises(DomainError, match="begrundelse"), write_session(engine) as s:
        interviews.correct_status(s, interview_id, "held", reason=" ", actor=people["anna"])
    with pytest.raises(DomainError), write_session(engine) as s:
        interviews.correct_status(s, interview_id, "no_show", reason="x",
                                  actor=people["anna"])
    with write_session(engine) as s:
        interviews.correct_status(s, interview_id, "cancelled", reason="Borgeren meldte afbud",
                                  actor=people["lise"])
    with read_session(engine) as s:
        assert s.get(Interview, interview_id).status == "cancelled"
        refused = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
    assert [r.actor for r in refused] == ["bo"]


def test_closing_checks_the_day_and_the_reason(engine: Engine, annas_case: int,
                                               people: dict[str, Actor]) -> None:
    anna, today = people["anna"], date(2026, 11, 4)
    with pytest.raises(DomainError, match="første fraværsdag"), write_session(engine) as s:
        cases.close_case(s, annas_case, on=date(2026, 9, 6), reason="died", today=today,
                         actor=anna)
    with pytest.raises(DomainError, match="senere end 04.11.2026"), write_session(engine) as s:
        cases.close_case(s, annas_case, on=date(2026, 11, 5), reason="died", today=today,
                         actor=anna)
    with pytest.raises(DomainError, match="Anden årsag"), write_session(engine) as s:
        cases.close_case(s, annas_case, on=today, reason="other", text=" ", today=today,
                         actor=anna)
    with write_session(engine) as s:
        cases.close_case(s, annas_case, on=today, reason="other", text="Udvandret",
                         today=today, actor=anna)
    case = load_case(engine, annas_case)
    assert (case.status, case.close_reason, case.close_reason_text) == (
        "closed", "other", "Udvandret")
    assert set(cases.CLOSE_REASONS) >= {
        "return_to_work", "partial_return_to_work", "benefit_ended", "moved_municipality",
        "jobafklaring", "ressourceforloeb", "flexjob", "pension", "died", "other"}


def test_a_lead_reopens_a_closed_case_with_a_reason(engine: Engine, annas_case: int,
                                                    people: dict[str, Actor]) -> None:
    with write_session(engine) as s:
        cases.close_case(s, annas_case, on=date(2026, 11, 3), reason="flexjob",
                         today=date(2026, 11, 4), actor=people["anna"])
    assert stored(engine, annas_case) == {}
    with pytest.raises(AccessDenied), write_session(engine) as s:
        cases.reopen_case(s, annas_case, reason="Fejl", actor=people["anna"])
    with pytest.raises(DomainError), write_session(engine) as s:
        cases.reopen_case(s, annas_case, reason="", actor=people["lise"])
    with write_session(engine) as s:
        cases.reopen_case(s, annas_case, reason="Lukket ved en fejl", actor=people["lise"])
    case = load_case(engine, annas_case)
    assert (case.status, case.closed_on, case.close_reason) == ("open", None, None)
    assert stored(engine, annas_case)  # owes again
    with read_session(engine) as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == annas_case)
                        .order_by(CaseEvent.id)).all()
    assert [(e.kind, e.by) for e in events] == [("closed", "anna"), ("reopened", "lise")]
    assert events[1].reason == "Lukket ved en fejl" and "flexjob" in events[1].old_value
    with pytest.raises(DomainError), write_session(engine) as s:
        cases.reopen_case(s, annas_case, reason="igen", actor=people["lise"])


def test_end_of_participation_keeps_its_status(engine: Engine, annas_case: int,
                                               people: dict[str, Actor]) -> None:
    with write_session(engine) as s:
        cases.end_participation(s, annas_case, on=date(2026, 11, 2), outcome="I job",
                                status="interrupted", actor=people["anna"])
    case = load_case(engine, annas_case)
    assert (case.participation_status, case.participation_outcome) == ("interrupted", "I job")
    with pytest.raises(DomainError), write_session(engine) as s:
        cases.end_participation(s, annas_case, on=date(2026, 11, 2), outcome="x",
                                status="bored", actor=people["anna"])
