"""The calendar in the booking use cases: refused bookings store nothing and offer free
slots; moves and cancellations; the configured working hours; whose calendar; the week."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.errors import AccessDenied, DomainError
from caseload.models import Interview
from caseload.services import calendar, caseworkers, interviews, settings
from caseload.services.access import resolve_actor
from caseload.services.calendar import SlotTaken
from caseload.store.uow import read_session, write_session

from .conftest import CONTROL_CPR

TODAY = date(2026, 11, 4)  # a Wednesday
NINE = datetime(2026, 11, 4, 9, 0)


@pytest.fixture
def team(engine: Engine, new_case: Callable[..., int]) -> dict[str, int]:
    with write_session(engine) as session:
        anna = caseworkers.add_caseworker(session, login="anna", name="Anna").id
        bo = caseworkers.add_caseworker(session, login="bo", name="Bo").id
        caseworkers.add_caseworker(session, login="lena", name="Lena", role="team_lead")
    return {"anna": anna, "bo": bo,
            "one": new_case(caseworker_id=anna), "two": new_case(cpr=CONTROL_CPR,
                                                                  caseworker_id=anna)}


def book(engine: Engine, case_id: int, at: datetime, kind: str = "follow_up",
         login: str = "anna", **kwargs: object) -> Interview:
    with write_session(engine) as session:
        actor = resolve_actor(session, login)
        return interviews.book_interview(session, case_id, kind=kind, mode="in_person", at=at,
                                         today=TODAY, actor=actor, **kwargs)


def stored(engine: Engine) -> list[tuple[int, datetime, str, int | None]]:
    with read_session(engine) as session:
        rows = session.exec(select(Interview).order_by(Interview.id)).all()
    return [(r.case_id, r.booked_for, r.status, r.caseworker_id) for r in rows]


def test_a_double_booking_is_refused_stores_nothing_and_offers_free_slots(
        engine: Engine, team: dict[str, int]) -> None:
    book(engine, team["one"], NINE)
    before = stored(engine)
    with pytest.raises(SlotTaken) as refused:
        book(engine, team["two"], datetime(2026, 11, 4, 9, 30))  # overlaps 09:00-09:45
    assert refused.value.reason == "overlap"
    assert refused.value.free == [datetime(2026, 11, 4, 9, 45), datetime(2026, 11, 4, 10, 30),
                                  datetime(2026, 11, 4, 11, 15)]
    assert "04.11.2026 09:45" in str(refused.value)
    assert stored(engine) == before


def test_another_caseworkers_calendar_is_theirs(engine: Engine, team: dict[str, int]) -> None:
    book(engine, team["one"], NINE)
    book(engine, team["two"], NINE, caseworker_id=team["bo"])  # Bo holds this one
    assert [(s[1], s[3]) for s in stored(engine)] == [(NINE, team["anna"]), (NINE, team["bo"])]


def test_the_same_citizen_is_not_booked_twice(engine: Engine, team: dict[str, int]) -> None:
    book(engine, team["one"], NINE)
    with pytest.raises(SlotTaken, match="allerede"):
        book(engine, team["one"], datetime(2026, 11, 10, 9, 0))
    with pytest.raises(SlotTaken) as clash:  # another kind, but the citizen is busy then
        book(engine, team["one"], datetime(2026, 11, 4, 9, 15), kind="contact",
             caseworker_id=team["bo"])
    assert clash.value.reason == "overlap"
    assert len(stored(engine)) == 1


@pytest.mark.parametrize(("at", "reason"), [
    (datetime(2026, 11, 7, 10), "weekend"), (datetime(2026, 11, 8, 10), "weekend"),
    (datetime(2026, 11, 3, 10), "past"), (datetime(2026, 12, 25, 10), "holiday"),
    (datetime(2026, 11, 4, 7, 30), "hours"), (datetime(2026, 11, 4, 15, 30), "hours")])
def test_the_calendar_refuses(engine: Engine, team: dict[str, int], at: datetime,
                              reason: str) -> None:
    with pytest.raises(SlotTaken) as refused:
        book(engine, team["one"], at)
    assert refused.value.reason == reason
    assert refused.value.free and all(f.weekday() < 5 and f.date() >= TODAY
                                      for f in refused.value.free)
    assert stored(engine) == []


def test_working_hours_and_lengths_come_from_the_configuration(engine: Engine,
                                                                team: dict[str, int]) -> None:
    with write_session(engine) as session:
        settings.set_working_hours(session, hours="09:00-12:00", minutes={"follow_up": 60})
    with pytest.raises(SlotTaken) as refused:
        book(engine, team["one"], datetime(2026, 11, 4, 8, 30))
    assert refused.value.free[0] == datetime(2026, 11, 4, 9, 0)
    book(engine, team["one"], NINE)
    with pytest.raises(SlotTaken, match="optaget"):  # 60 minutes now
        book(engine, team["two"], datetime(2026, 11, 4, 9, 50), kind="contact")
    with pytest.raises(DomainError, match="calendar.hours"), write_session(engine) as session:
        settings.set_working_hours(session, hours="nine to five")
    with read_session(engine) as session:
        assert settings.working_hours(session).end == time(12, 0)  # the refusal kept nothing


def test_a_leads_booking_goes_to_the_caseworker_holding_the_case(
        engine: Engine, team: dict[str, int]) -> None:
    book(engine, team["one"], NINE, login="lena")
    assert stored(engine)[0][3] == team["anna"]


def test_move_checks_the_calendar_and_cancel_frees_the_slot(engine: Engine,
                                                           team: dict[str, int]) -> None:
    first = book(engine, team["one"], NINE)
    second = book(engine, team["two"], datetime(2026, 11, 4, 10, 0))
    with pytest.raises(SlotTaken), write_session(engine) as session:
        interviews.move_interview(session, second.id, at=datetime(2026, 11, 4, 9, 15),
                                  today=TODAY, actor=resolve_actor(session, "anna"))
    with write_session(engine) as session:  # its own slot counts as free
        interviews.move_interview(session, first.id, at=datetime(2026, 11, 4, 9, 15),
                                  today=TODAY, actor=resolve_actor(session, "anna"))
    with write_session(engine) as session:
        interviews.cancel_interview(session, first.id, actor=resolve_actor(session, "anna"))
    with write_session(engine) as session:
        interviews.move_interview(session, second.id, at=datetime(2026, 11, 4, 9, 15),
                                  today=TODAY, actor=resolve_actor(session, "anna"))
    assert [(s[1], s[2]) for s in stored(engine)] == [
        (datetime(2026, 11, 4, 9, 15), "cancelled"), (datetime(2026, 11, 4, 9, 15), "booked")]
    with pytest.raises(DomainError), write_session(engine) as session:
        # already cancelled
        interviews.cancel_interview(session, first.id, actor=resolve_actor(session, "anna"))


def test_the_week(engine: Engine, team: dict[str, int]) -> None:
    book(engine, team["one"], NINE)
    book(engine, team["two"], datetime(2026, 11, 6, 14, 0), kind="contact")
    with read_session(engine) as session:
        anna = resolve_actor(session, "anna")
        week = calendar.week(session, team["anna"], TODAY, actor=anna)
        with pytest.raises(AccessDenied):
            calendar.week(session, team["bo"], TODAY, actor=anna)
        lena = resolve_actor(session, "lena")
        assert calendar.week(session, team["bo"], TODAY, actor=lena).caseworker == "Bo"
        assert [w[1] for w in calendar.caseworkers(session, actor=lena)] == [
            "Anna", "Bo", "Lena"]
    assert [d.day.day for d in week.days] == [2, 3, 4, 5, 6]
    assert [(e.start, e.citizen) for e in week.days[2].entries] == [(NINE, "Test Borger")]
    assert [(g.start.time(), g.end.time()) for g in week.days[2].free] == [
        (time(8, 0), time(9, 0)), (time(9, 45), time(16, 0))]
    assert [(g.start.time(), g.end.time()) for g in week.days[4].free] == [
        (time(8, 0), time(14, 0)), (time(14, 30), time(16, 0))]
