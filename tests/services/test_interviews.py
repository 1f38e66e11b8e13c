"""Booking interviews and marking what became of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from caseload.errors import DomainError, NotFound
from caseload.models import Interview
from caseload.services import cases, interviews
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD

from .conftest import CONTROL_CPR, load_case, stored

HELD_DAY = datetime(2026, 10, 28, 10, 0)


def book(engine: Engine, case_id: int, kind: str = "follow_up", mode: str = "in_person",
         at: datetime = HELD_DAY) -> int:
    with write_session(engine) as session:
        return interviews.book_interview(session, case_id, kind=kind, mode=mode, at=at,
                                         actor=LEAD, today=at.date()).id


def mark(engine: Engine, interview_id: int, status: str, **kwargs: object) -> Interview:
    with write_session(engine) as session:
        return interviews.mark_interview(session, interview_id, status, actor=LEAD, **kwargs)


def test_booking_alone_meets_nothing(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    before = stored(engine, case_id)
    interview_id = book(engine, case_id)
    assert stored(engine, case_id) == before
    with read_session(engine) as session:
        interview = session.get(Interview, interview_id)
    assert (interview.status, interview.booked_for, interview.held_at) == (
        "booked", HELD_DAY, None)
    assert load_case(engine, case_id).version == 2


def test_held_follow_up_meets_the_obligation_and_starts_the_course(
        new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    mark(engine, book(engine, case_id), "held")
    assert stored(engine, case_id) == {
        "first_follow_up": [(date(2026, 11, 1), date(2026, 10, 28))],
        "follow_up": [(date(2026, 11, 25), None)],  # no category yet: every 4 weeks
        "contact_interview": [(date(2026, 11, 4), None)],
        "active_offer": [(date(2026, 11, 25), None)],
        "participation_end": [(date(2027, 2, 28), None)],
    }
    case = load_case(engine, case_id)
    assert case.next_due == date(2026, 11, 4)
    assert case.version == 3


@pytest.mark.parametrize("status", ["no_show", "cancelled"])
def test_no_show_or_cancellation_meets_nothing(new_case: Callable[..., int], engine: Engine,
                                              status: str) -> None:
    case_id = new_case()
    interview = mark(engine, book(engine, case_id), status)
    assert interview.status == status and interview.held_at is None
    assert stored(engine, case_id)["first_follow_up"] == [(date(2026, 11, 1), None)]
    assert load_case(engine, case_id).next_due == date(2026, 11, 1)


def test_correcting_held_to_no_show_reopens_the_obligation(new_case: Callable[..., int],
                                                           engine: Engine) -> None:
    case_id = new_case()
    interview_id = book(engine, case_id)
    mark(engine, interview_id, "held")
    mark(engine, interview_id, "no_show")
    assert stored(engine, case_id) == {
        "first_follow_up": [(date(2026, 11, 1), None)],
        "active_offer": [(date(2026, 11, 29), None)],
    }


@pytest.mark.parametrize(("category", "mode", "next_due"), [
    (2, "in_person", date(2026, 11, 25)),  # rules.md: category 2, every 4 weeks
    (1, "phone", date(2026, 12, 23)),  # rules.md: category 1 by phone, every 8 weeks
])
def test_examples_from_the_rules(new_case: Callable[..., int], engine: Engine,
                                 category: int, mode: str, next_due: date) -> None:
    case_id = new_case(cpr=CONTROL_CPR)
    interview_id = book(engine, case_id, mode=mode)
    with write_session(engine) as session:
        cases.set_category(session, case_id, category, on=HELD_DAY.date(), actor=LEAD)
    mark(engine, interview_id, "held")
    assert stored(engine, case_id)["follow_up"] == [(next_due, None)]
    assert load_case(engine, case_id).next_due == next_due


def test_mode_can_be_corrected_when_marking(new_case: Callable[..., int],
                                            engine: Engine) -> None:
    case_id = new_case()
    interview = mark(engine, book(engine, case_id, mode="phone"), "held", mode="video")
    assert interview.mode == "video"


def test_times_are_stored_as_danish_wall_clock(new_case: Callable[..., int],
                                               engine: Engine) -> None:
    case_id = new_case()
    booked = book(engine, case_id, at=datetime(2026, 10, 28, 9, 0, tzinfo=UTC))
    interview = mark(engine, booked, "held", held_at=datetime(2026, 10, 28, 23, 30, tzinfo=UTC))
    with read_session(engine) as session:
        stored_interview = session.get(Interview, booked)
    assert stored_interview.booked_for == datetime(2026, 10, 28, 10, 0)  # CET, UTC+1
    assert interview.held_at == datetime(2026, 10, 29, 0, 30)  # already the 29th in Denmark
    assert stored(engine, case_id)["first_follow_up"] == [(date(2026, 11, 1),
                                                           date(2026, 10, 29))]


def test_held_without_a_time_takes_the_booked_time_when_past(new_case: Callable[..., int],
                                                             engine: Engine) -> None:
    case_id = new_case()
    interview = mark(engine, book(engine, case_id, at=datetime(2020, 1, 6, 9, 0)), "held")
    assert interview.held_at == datetime(2020, 1, 6, 9, 0)


def test_marking_on_a_closed_case_is_refused(new_case: Callable[..., int],
                                             engine: Engine) -> None:
    case_id = new_case()
    interview_id = book(engine, case_id)
    with write_session(engine) as session:
        cases.close_case(session, case_id, on=date(2026, 10, 1), reason="return_to_work",
                         actor=LEAD)
    with pytest.raises(DomainError, match=f"case {case_id} is closed"):
        mark(engine, interview_id, "held")
    with pytest.raises(DomainError, match="is closed"):
        book(engine, case_id)
    assert stored(engine, case_id) == {}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "chat"}, "interview kind must be one of follow_up, contact, round_table, "
                       "information_meeting, rehabilitation_team"),
    ({"mode": "carrier_pigeon"}, "interview mode must be one of in_person, phone, video, "
                                 "home_visit, group"),
])
def test_booking_rejects_unknown_kinds_and_modes(new_case: Callable[..., int], engine: Engine,
                                                 kwargs: dict[str, str], message: str) -> None:
    case_id = new_case()
    with pytest.raises(DomainError) as error:
        book(engine, case_id, **kwargs)
    assert str(error.value) == message


def test_marking_rejects_unknown_statuses_and_modes(new_case: Callable[..., int],
                                                    engine: Engine) -> None:
    interview_id = book(engine, new_case())
    with pytest.raises(DomainError, match="status must be one of booked, held, no_show, "
                                          "cancelled"):
        mark(engine, interview_id, "maybe")
    with pytest.raises(DomainError, match="booked by booking it"):
        mark(engine, interview_id, "booked")
    with pytest.raises(DomainError, match="interview mode must be one of"):
        mark(engine, interview_id, "held", mode="telepathy")
    with read_session(engine) as session:
        assert session.get(Interview, interview_id).status == "booked"  # nothing half-done


def test_marking_an_unknown_interview(engine: Engine) -> None:
    with pytest.raises(NotFound, match="no interview 42"):
        mark(engine, 42, "held")
