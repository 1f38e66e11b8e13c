"""aktive-2008: every row of the table in rules.md and every example."""

from __future__ import annotations

import pytest

from caseload.domain.model import Group, ObligationState
from caseload.domain.rules import evaluate, obligations
from caseload.rulesets import load

from .builders import (
    F,
    K,
    M,
    O,
    S,
    cat,
    d,
    facts,
    held,
    kinds,
    not_held,
    of_kind,
    one,
    pending,
    plus,
    referral,
)

RULES = load("aktive-2008")
PARTICIPANT_OBLIGATIONS = {O.CONTACT_INTERVIEW, O.ACTIVE_OFFER, O.PARTICIPATION_END}


def owed(**kw: object):
    return obligations(facts(**kw), RULES)


# -- the examples ------------------------------------------------------------------------------

def test_example_nothing_held_first_follow_up_on_sunday_book_by_friday() -> None:
    first = one(owed(), O.FIRST_FOLLOW_UP)
    assert first.due == d("2026-11-01") == plus(F, 55)
    assert first.due.weekday() == 6  # a Sunday
    assert first.book_by == d("2026-10-30")
    assert first.met_on is None


def test_example_category_2_in_person_next_in_four_weeks() -> None:
    found = owed(categories=[cat(2, d("2026-10-28"))], interviews=[held(d("2026-10-28"))])
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-28")
    assert pending(found, O.FOLLOW_UP).due == d("2026-11-25")


def test_example_category_1_phone_next_in_eight_weeks() -> None:
    found = owed(categories=[cat(1, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28"), mode=M.PHONE)])
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-28")
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-23")


def test_example_participant_contact_active_offer_end() -> None:
    found = owed(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28")), held(d("2026-11-04"), K.CONTACT)])
    assert pending(found, O.CONTACT_INTERVIEW).due == d("2026-11-11")
    assert one(found, O.ACTIVE_OFFER).due == d("2026-11-25")
    assert one(found, O.PARTICIPATION_END).due == d("2027-02-28")


def test_example_participant_nothing_held_active_offer_end_of_week_12() -> None:
    found = owed(group=Group.PARTICIPANT)
    assert one(found, O.ACTIVE_OFFER).due == d("2026-11-29") == plus(F, 83)
    # No course yet: no contact interviews and no end of participation are owed.
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.ACTIVE_OFFER}


# -- first follow-up: every open case, F + 55, a held follow-up in any mode --------------------

@pytest.mark.parametrize("group", list(Group))
@pytest.mark.parametrize("exempt", [False, True])
def test_first_follow_up_owed_by_every_open_case(group: Group, exempt: bool) -> None:
    assert one(owed(group=group, exempt=exempt), O.FIRST_FOLLOW_UP).due == plus(F, 55)


@pytest.mark.parametrize("mode", list(M))
def test_first_follow_up_met_by_any_mode(mode: M) -> None:
    found = owed(interviews=[held(d("2026-10-20"), mode=mode)])
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-20")


@pytest.mark.parametrize("status", [S.NO_SHOW, S.CANCELLED, S.BOOKED])
def test_first_follow_up_not_met_unless_held(status: S) -> None:
    found = owed(interviews=[not_held(d("2026-10-20"), status)])
    first = one(found, O.FIRST_FOLLOW_UP)
    assert first.met_on is None
    assert first.state(d("2026-11-02")) is ObligationState.OVERDUE


@pytest.mark.parametrize("kind", [K.CONTACT, K.ROUND_TABLE, K.INFORMATION_MEETING])
def test_first_follow_up_not_met_by_other_kinds(kind: K) -> None:
    assert one(owed(interviews=[held(d("2026-10-20"), kind)]), O.FIRST_FOLLOW_UP).met_on is None


def test_first_follow_up_states_around_the_due_date() -> None:
    first = one(owed(), O.FIRST_FOLLOW_UP)
    assert first.state(d("2026-10-31")) is ObligationState.UPCOMING
    assert first.state(d("2026-11-01")) is ObligationState.DUE_TODAY
    assert first.state(d("2026-11-02")) is ObligationState.OVERDUE
    assert first.days_overdue(d("2026-11-05")) == 4


def test_first_follow_up_held_late_counts_as_met_from_that_day() -> None:
    first = one(owed(interviews=[held(d("2026-11-10"))]), O.FIRST_FOLLOW_UP)
    assert first.met_on == d("2026-11-10")
    assert first.state(d("2026-11-05")) is ObligationState.OVERDUE
    assert first.state(d("2026-11-10")) is ObligationState.MET
    assert first.days_overdue(d("2026-11-10")) == 0


# -- follow-up: category 1 or 3 every 8 weeks, phone enough; category 2 every 4 weeks ----------

@pytest.mark.parametrize("category", [1, 3])
def test_category_1_and_3_phone_is_enough(category: int) -> None:
    found = owed(categories=[cat(category, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28"), mode=M.PHONE),
                             held(d("2026-12-20"), mode=M.PHONE)])
    follow_ups = of_kind(found, O.FOLLOW_UP)
    assert [(o.seq, o.due, o.met_on, o.requirement) for o in follow_ups] == [
        (1, d("2026-12-23"), d("2026-12-20"), None),
        (2, d("2027-02-14"), None, None),
    ]


def test_category_2_every_four_weeks_in_person_after_remote() -> None:
    found = owed(categories=[cat(2, d("2026-10-28"))], interviews=[
        held(d("2026-10-28")),  # first follow-up, in person
        held(d("2026-11-20"), mode=M.PHONE),  # last was in person: phone meets this one
        held(d("2026-12-10"), mode=M.PHONE),  # last was phone: this one had to be in person
        held(d("2026-12-15")),  # in person: meets it
    ])
    follow_ups = of_kind(found, O.FOLLOW_UP)
    assert [(o.due, o.met_on, o.requirement) for o in follow_ups] == [
        (d("2026-11-25"), d("2026-11-20"), None),
        (d("2026-12-18"), d("2026-12-15"), "in_person"),
        (d("2027-01-12"), None, None),
    ]


def test_category_2_phone_when_in_person_required_neither_meets_nor_restarts_the_clock() -> None:
    found = owed(categories=[cat(2, d("2026-10-28"))], interviews=[
        held(d("2026-10-28"), mode=M.PHONE), held(d("2026-11-20"), mode=M.PHONE)])
    nxt = pending(found, O.FOLLOW_UP)
    assert (nxt.due, nxt.requirement) == (d("2026-11-25"), "in_person")
    assert nxt.state(d("2026-11-26")) is ObligationState.OVERDUE
    assert len(of_kind(found, O.FOLLOW_UP)) == 1


@pytest.mark.parametrize("mode", [M.IN_PERSON, M.HOME_VISIT])
def test_category_2_in_person_modes_meet_the_in_person_requirement(mode: M) -> None:
    found = owed(categories=[cat(2, d("2026-10-28"))], interviews=[
        held(d("2026-10-28"), mode=M.VIDEO), held(d("2026-11-20"), mode=mode)])
    met = of_kind(found, O.FOLLOW_UP)[0]
    assert (met.met_on, met.requirement) == (d("2026-11-20"), "in_person")
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-18")


@pytest.mark.parametrize("order", [1, -1])
def test_two_follow_ups_on_one_day_the_in_person_one_counts(order: int) -> None:
    same_day = [held(d("2026-10-28"), mode=M.PHONE), held(d("2026-10-28"))][::order]
    found = owed(categories=[cat(2, d("2026-10-28"))], interviews=same_day)
    nxt = pending(found, O.FOLLOW_UP)
    assert (nxt.due, nxt.requirement) == (d("2026-11-25"), None)


@pytest.mark.parametrize("status", [S.NO_SHOW, S.CANCELLED, S.BOOKED])
def test_follow_up_not_met_unless_held(status: S) -> None:
    found = owed(categories=[cat(1, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28")), not_held(d("2026-12-20"), status)])
    assert [o.met_on for o in of_kind(found, O.FOLLOW_UP)] == [None]
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-23")


def test_contact_interview_does_not_meet_a_follow_up() -> None:
    found = owed(categories=[cat(1, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28")), held(d("2026-12-20"), K.CONTACT)])
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-23")


def test_no_follow_up_series_before_the_first_follow_up() -> None:
    assert of_kind(owed(categories=[cat(2, d("2026-09-20"))]), O.FOLLOW_UP) == []


def test_category_not_set_keeps_the_four_week_rhythm() -> None:
    found = owed(interviews=[held(d("2026-10-28"), mode=M.PHONE)])
    assert pending(found, O.FOLLOW_UP).due == d("2026-11-25")


# -- category changes apply from the next due date on ------------------------------------------

def test_category_change_at_an_interview_applies_to_the_next_due_date_only() -> None:
    found = owed(categories=[cat(1, d("2026-10-28")), cat(2, d("2026-12-16"))],
                 interviews=[held(d("2026-10-28"), mode=M.PHONE), held(d("2026-12-16"))])
    follow_ups = of_kind(found, O.FOLLOW_UP)
    # The one met on 2026-12-16 was due under category 1 (8 weeks) and was met on time.
    assert [(o.due, o.met_on, o.requirement) for o in follow_ups] == [
        (d("2026-12-23"), d("2026-12-16"), None),
        (d("2027-01-13"), None, None),
    ]


def test_category_change_between_interviews_sets_the_next_due_date() -> None:
    base = {"interviews": [held(d("2026-10-28"), mode=M.PHONE)]}
    before = owed(categories=[cat(1, d("2026-10-28"))], **base)
    after = owed(categories=[cat(1, d("2026-10-28")), cat(2, d("2026-11-10"))], **base)
    assert pending(before, O.FOLLOW_UP).due == d("2026-12-23")
    nxt = pending(after, O.FOLLOW_UP)
    # Category 2 from now: 4 weeks after the last held follow-up, in person after a phone one.
    assert (nxt.due, nxt.requirement) == (d("2026-11-25"), "in_person")


def test_category_change_from_2_to_1_relaxes_the_next_due_date() -> None:
    found = owed(categories=[cat(2, d("2026-10-28")), cat(1, d("2026-11-10"))],
                 interviews=[held(d("2026-10-28"))])
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-23")


# -- contact interview: participants, from the course start until participation ends -----------

def _participant(*interviews, **kw):
    return owed(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                interviews=[held(d("2026-10-28")), *interviews], **kw)


def test_contact_interview_starts_at_the_course_start() -> None:
    found = _participant()
    contact = pending(found, O.CONTACT_INTERVIEW)
    assert contact.due == d("2026-11-04")
    assert contact.book_by == d("2026-11-04")  # a Wednesday


def test_contact_interview_met_by_a_follow_up_too() -> None:
    found = _participant(held(d("2026-11-03")))
    contacts = of_kind(found, O.CONTACT_INTERVIEW)
    assert [(o.due, o.met_on) for o in contacts] == [
        (d("2026-11-04"), d("2026-11-03")), (d("2026-11-10"), None)]


@pytest.mark.parametrize("kind", [K.ROUND_TABLE, K.INFORMATION_MEETING, K.REHABILITATION_TEAM])
def test_contact_interview_due_seven_days_after_any_held_interview(kind: K) -> None:
    found = _participant(held(d("2026-11-02"), kind))
    contacts = of_kind(found, O.CONTACT_INTERVIEW)
    # The other kind does not meet it, but the next one counts from it.
    assert [(o.due, o.met_on) for o in contacts] == [(d("2026-11-09"), None)]


@pytest.mark.parametrize("status", [S.NO_SHOW, S.CANCELLED, S.BOOKED])
def test_contact_interview_not_met_or_moved_unless_held(status: S) -> None:
    found = _participant(not_held(d("2026-11-03"), status, K.CONTACT))
    contact = pending(found, O.CONTACT_INTERVIEW)
    assert contact.due == d("2026-11-04")
    assert contact.state(d("2026-11-05")) is ObligationState.OVERDUE


def test_contact_interview_held_before_the_course_start_does_not_count() -> None:
    found = _participant(held(d("2026-10-20"), K.CONTACT))
    assert [(o.due, o.met_on) for o in of_kind(found, O.CONTACT_INTERVIEW)] == [
        (d("2026-11-04"), None)]
    before_course = owed(group=Group.PARTICIPANT, interviews=[held(d("2026-10-20"), K.CONTACT)])
    assert of_kind(before_course, O.CONTACT_INTERVIEW) == []


def test_contact_interviews_weekly_series() -> None:
    found = _participant(held(d("2026-11-04"), K.CONTACT), held(d("2026-11-12"), K.CONTACT),
                         held(d("2026-11-18"), K.CONTACT, M.PHONE))
    assert [(o.seq, o.due, o.met_on) for o in of_kind(found, O.CONTACT_INTERVIEW)] == [
        (1, d("2026-11-04"), d("2026-11-04")),
        (2, d("2026-11-11"), d("2026-11-12")),  # met a day late
        (3, d("2026-11-19"), d("2026-11-18")),
        (4, d("2026-11-25"), None),
    ]


def test_contact_interviews_stop_after_the_recorded_participation_end() -> None:
    ended = _participant(held(d("2026-11-04"), K.CONTACT),
                         participation_ended_on=d("2026-11-08"))
    assert [o.met_on for o in of_kind(ended, O.CONTACT_INTERVIEW)] == [d("2026-11-04")]
    still_running = _participant(held(d("2026-11-04"), K.CONTACT),
                                 participation_ended_on=d("2026-11-12"))
    assert pending(still_running, O.CONTACT_INTERVIEW).due == d("2026-11-11")


# -- active offer: 10 hours a week, running on the same day ------------------------------------

def _offer(*referrals, course: bool = True):
    interviews = [held(d("2026-10-28"))] if course else []
    return one(owed(group=Group.PARTICIPANT, interviews=interviews, referrals=referrals),
               O.ACTIVE_OFFER)


def test_active_offer_due_four_weeks_after_the_course_start() -> None:
    assert _offer().due == d("2026-11-25")
    assert _offer(course=False).due == d("2026-11-29")


def test_active_offer_due_moves_earlier_with_an_early_course_start() -> None:
    # By the table: 4 weeks after the course start, which may be before F + 83.
    found = owed(group=Group.PARTICIPANT, interviews=[held(d("2026-10-01"))])
    assert one(found, O.ACTIVE_OFFER).due == d("2026-10-29")


def test_active_offer_met_by_one_offer_of_ten_hours() -> None:
    assert _offer(referral(d("2026-11-10"), 10)).met_on == d("2026-11-10")


def test_active_offer_not_met_by_fewer_hours() -> None:
    assert _offer(referral(d("2026-11-10"), 9.5)).met_on is None


def test_active_offer_partial_return_and_offer_sum_on_the_day_both_run() -> None:
    partial_return = referral(d("2026-11-02"), 6)
    offer = referral(d("2026-11-16"), 4, d("2026-12-31"))
    assert _offer(partial_return, offer).met_on == d("2026-11-16")


def test_active_offer_two_overlapping_five_hour_referrals() -> None:
    first = referral(d("2026-11-10"), 5, d("2026-11-20"))
    second = referral(d("2026-11-15"), 5, d("2026-11-30"))
    assert _offer(first, second).met_on == d("2026-11-15")


def test_active_offer_five_hour_referrals_that_do_not_overlap() -> None:
    first = referral(d("2026-11-10"), 5, d("2026-11-14"))
    second = referral(d("2026-11-15"), 5, d("2026-11-30"))
    assert _offer(first, second).met_on is None


def test_active_offer_met_late() -> None:
    offer = _offer(referral(d("2026-12-01"), 12))
    assert offer.met_on == d("2026-12-01")
    assert offer.state(d("2026-11-30")) is ObligationState.OVERDUE
    assert offer.state(d("2026-12-01")) is ObligationState.MET


# -- end of participation: 4 calendar months after the course start ----------------------------

@pytest.mark.parametrize(("first_absence", "course_start", "end"), [
    ("2026-09-07", "2026-10-28", "2027-02-28"),
    ("2026-09-07", "2026-10-31", "2027-02-28"),  # clamped to the end of February
    ("2027-09-06", "2027-10-31", "2028-02-29"),  # leap year
    ("2026-06-01", "2026-07-31", "2026-11-30"),
    ("2026-09-07", "2026-11-15", "2027-03-15"),
])
def test_participation_end_four_calendar_months(first_absence: str, course_start: str,
                                                end: str) -> None:
    found = owed(first_absence_day=d(first_absence), group=Group.PARTICIPANT,
                 interviews=[held(d(course_start))])
    assert one(found, O.PARTICIPATION_END).due == d(end)


def test_participation_end_met_by_the_record() -> None:
    found = _participant(participation_ended_on=d("2027-02-20"))
    assert one(found, O.PARTICIPATION_END).met_on == d("2027-02-20")


# -- who owes what -----------------------------------------------------------------------------

@pytest.mark.parametrize(("group", "exempt"), [
    (Group.CONTROL, False), (Group.OUTSIDE, False), (Group.PARTICIPANT, True)])
def test_no_participant_obligations_for_control_outside_or_exempted(group: Group,
                                                                   exempt: bool) -> None:
    found = owed(group=group, exempt=exempt, categories=[cat(2, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28")), held(d("2026-11-04"), K.CONTACT)])
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.FOLLOW_UP}
    assert pending(found, O.FOLLOW_UP).due == d("2026-11-25")


def test_participant_owes_all_kinds() -> None:
    assert kinds(_participant()) == {O.FIRST_FOLLOW_UP, O.FOLLOW_UP} | PARTICIPANT_OBLIGATIONS


def test_closed_case_owes_nothing() -> None:
    assert owed(group=Group.PARTICIPANT, closed=True) == []
    assert owed(group=Group.PARTICIPANT, closed=True, interviews=[held(d("2026-10-28"))]) == []


def test_evaluate_gives_states_and_days_overdue() -> None:
    statuses = evaluate(facts(group=Group.PARTICIPANT), RULES, d("2026-11-03"))
    by_kind = {s.obligation.kind: s for s in statuses}
    assert by_kind[O.FIRST_FOLLOW_UP].state is ObligationState.OVERDUE
    assert by_kind[O.FIRST_FOLLOW_UP].days_overdue == 2
    assert by_kind[O.ACTIVE_OFFER].state is ObligationState.UPCOMING
    assert by_kind[O.ACTIVE_OFFER].days_overdue == 0


def test_obligations_sorted_by_due_date() -> None:
    found = _participant(held(d("2026-11-04"), K.CONTACT))
    assert [o.due for o in found] == sorted(o.due for o in found)
