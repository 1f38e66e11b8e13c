"""Boundaries of aktive-2008 and sdp-2014 (and sdp-2025 where it counts months) that random
cases hit and hand-picked ones miss: each test states the product's answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from caseload.domain.calendar import add_months
from caseload.domain.model import Group, ObligationState
from caseload.domain.rules import obligations, period_end
from caseload.rulesets import load

from .builders import K, M, O, cat, d, facts, held, kinds, of_kind, one, pending, referral

AKTIVE, SDP_2014, SDP_2025 = load("aktive-2008"), load("sdp-2014"), load("sdp-2025")


# -- a category changed on the day a follow-up falls due ---------------------------------------

def test_aktive_category_changed_on_the_due_day_does_not_move_the_due_date_back() -> None:
    # Category 1, phone follow-up 10-28: next due 12-23. Changed to 2 on 12-23 itself: the
    # change applies from that due date on (in person now), not from 11-25, a day already past.
    found = obligations(facts(categories=[cat(1, d("2026-10-28")), cat(2, d("2026-12-23"))],
                              interviews=[held(d("2026-10-28"), mode=M.PHONE)]), AKTIVE)
    nxt = pending(found, O.FOLLOW_UP)
    assert (nxt.due, nxt.requirement) == (d("2026-12-23"), "in_person")
    assert nxt.state(d("2026-12-23")) is ObligationState.DUE_TODAY


def test_aktive_category_changed_after_the_due_day_is_due_the_day_of_the_change() -> None:
    found = obligations(facts(categories=[cat(1, d("2026-10-28")), cat(2, d("2026-12-01"))],
                              interviews=[held(d("2026-10-28"), mode=M.PHONE)]), AKTIVE)
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-01")


def test_aktive_interview_after_a_change_the_met_one_counts_from_the_change() -> None:
    found = obligations(facts(categories=[cat(1, d("2026-10-28")), cat(2, d("2026-12-23"))],
                              interviews=[held(d("2026-10-28"), mode=M.PHONE),
                                          held(d("2026-12-24"))]), AKTIVE)
    assert [(o.due, o.met_on) for o in of_kind(found, O.FOLLOW_UP)] == [
        (d("2026-12-23"), d("2026-12-24")), (d("2027-01-21"), None)]


def test_sdp_2014_open_first_follow_up_after_a_change_is_not_due_before_it() -> None:
    # Category 2, then moved to 1 on 10-20 with a return date 10-01 already past.
    found = obligations(facts(categories=[cat(2, d("2026-09-10")), cat(1, d("2026-10-20"))],
                              expected_return_date=d("2026-10-01")), SDP_2014)
    first = one(found, O.FIRST_FOLLOW_UP)
    assert (first.due, first.requirement) == (d("2026-10-20"), None)


# -- an interview held on the due day itself ---------------------------------------------------

@pytest.mark.parametrize("rules", [AKTIVE, SDP_2014, SDP_2025], ids=lambda r: r.name)
def test_first_follow_up_held_on_the_due_day_is_met_on_time(rules) -> None:  # noqa: ANN001
    first = one(obligations(facts(interviews=[held(d("2026-11-01"))]), rules), O.FIRST_FOLLOW_UP)
    assert first.due == first.met_on == d("2026-11-01")
    assert first.state(d("2026-11-01")) is ObligationState.MET
    assert first.days_overdue(d("2026-11-02")) == 0


def test_aktive_follow_up_and_contact_interview_held_on_their_due_days() -> None:
    found = obligations(facts(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                              interviews=[held(d("2026-10-28")), held(d("2026-11-04"), K.CONTACT),
                                          held(d("2026-11-25"))]), AKTIVE)
    assert [(o.due, o.met_on) for o in of_kind(found, O.FOLLOW_UP)] == [
        (d("2026-11-25"), d("2026-11-25")), (d("2026-12-23"), None)]
    contacts = of_kind(found, O.CONTACT_INTERVIEW)
    assert (contacts[0].due, contacts[0].met_on) == (d("2026-11-04"), d("2026-11-04"))


def test_sdp_2014_category_1_held_on_the_return_date() -> None:
    found = obligations(facts(categories=[cat(1, d("2026-09-10"))],
                              expected_return_date=d("2026-10-01"),
                              interviews=[held(d("2026-10-01"), mode=M.VIDEO)]), SDP_2014)
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-01")


# -- an exemption given and later lifted -------------------------------------------------------

def test_aktive_exemption_lifted_brings_the_participant_obligations_back_as_they_were() -> None:
    # The facts know the exemption in force, not its history: lifted, the case owes what a
    # participant never exempted owes, due dates unchanged (rules.md: "7 days after the last
    # held interview"), so a contact interview due during the exemption is overdue at once.
    base = facts(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28"))])
    exempted, lifted = replace(base, exempt=True), replace(base, exempt=False)
    assert kinds(obligations(exempted, AKTIVE)) == {O.FIRST_FOLLOW_UP, O.FOLLOW_UP}
    back = obligations(lifted, AKTIVE)
    assert back == obligations(base, AKTIVE)
    assert pending(back, O.CONTACT_INTERVIEW).due == d("2026-11-04")
    assert one(back, O.ACTIVE_OFFER).due == d("2026-11-25")
    assert one(back, O.PARTICIPATION_END).due == d("2027-02-28")


# -- referrals that overlap, start on a weekend, end the day before the due date ---------------

def _offer(*referrals):
    return one(obligations(facts(group=Group.PARTICIPANT, interviews=[held(d("2026-10-28"))],
                                 referrals=list(referrals)), AKTIVE), O.ACTIVE_OFFER)


def test_referrals_overlapping_on_one_day_only_sum_on_that_day() -> None:
    first = referral(d("2026-11-02"), 5, d("2026-11-16"))
    second = referral(d("2026-11-16"), 5, d("2026-12-31"))  # overlaps on 11-16 (inclusive)
    assert _offer(first, second).met_on == d("2026-11-16")


def test_referral_starting_on_a_saturday_counts_from_that_day() -> None:
    saturday = d("2026-11-14")
    assert saturday.weekday() == 5
    offer = _offer(referral(saturday, 10))
    assert (offer.due, offer.met_on) == (d("2026-11-25"), saturday)


def test_referral_ending_the_day_before_the_due_date_met_it() -> None:
    # "the first such day on or before the due date": 10 h a week from 11-10 to 11-24.
    offer = _offer(referral(d("2026-11-10"), 10, d("2026-11-24")))
    assert (offer.due, offer.met_on) == (d("2026-11-25"), d("2026-11-10"))


def test_referrals_ending_before_the_other_starts_never_sum() -> None:
    assert _offer(referral(d("2026-11-02"), 6, d("2026-11-15")),
                  referral(d("2026-11-16"), 6)).met_on is None


# -- a case closed and reopened ----------------------------------------------------------------

@pytest.mark.parametrize("rules", [AKTIVE, SDP_2014, SDP_2025], ids=lambda r: r.name)
def test_closed_owes_nothing_reopened_owes_what_it_did_from_the_same_facts(rules) -> None:  # noqa: ANN001
    open_ = facts(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                  interviews=[held(d("2026-10-28"))])
    assert obligations(replace(open_, closed=True), rules) == []
    reopened = obligations(replace(replace(open_, closed=True), closed=False), rules)
    assert reopened == obligations(open_, rules) != []
    assert one(reopened, O.FIRST_FOLLOW_UP).due == d("2026-11-01")  # still counted from F


# -- month arithmetic: 29 February, 31 January, 31 October -------------------------------------

@pytest.mark.parametrize(("course_start", "end"), [
    ("2026-10-31", "2027-02-28"),  # "4 calendar months after 31 October": 28 February
    ("2027-10-31", "2028-02-29"),  # ... 29 February in a leap year
    ("2027-01-31", "2027-05-31"),
    ("2028-02-29", "2028-06-29"),
    ("2026-11-30", "2027-03-30"),
])
def test_aktive_end_of_participation_four_calendar_months(course_start: str, end: str) -> None:
    start = d(course_start)
    first_absence = start - timedelta(days=40)
    found = obligations(facts(first_absence_day=first_absence, group=Group.PARTICIPANT,
                              interviews=[held(start)]), AKTIVE)
    assert one(found, O.PARTICIPATION_END).due == d(end)


@pytest.mark.parametrize(("first", "follow_up", "offer", "reassessment"), [
    ("2028-02-29", "2028-04-24", "2028-05-22", "2028-07-31"),
    ("2027-01-31", "2027-03-27", "2027-04-24", "2027-07-03"),
])
def test_day_counts_from_29_february_and_31_january(first: str, follow_up: str, offer: str,
                                                   reassessment: str) -> None:
    f = facts(first_absence_day=d(first), group=Group.PARTICIPANT)
    assert one(obligations(f, AKTIVE), O.FIRST_FOLLOW_UP).due == d(follow_up)  # F + 55
    assert one(obligations(f, AKTIVE), O.ACTIVE_OFFER).due == d(offer)  # F + 83
    assert one(obligations(f, SDP_2014), O.REASSESSMENT).due == d(reassessment)  # F + 153


@pytest.mark.parametrize(("first", "half_year_end"), [
    ("2028-02-29", "2028-08-28"),  # + 6 months = 08-29, − 1 day
    ("2027-01-31", "2027-07-30"),
    ("2026-08-31", "2027-02-27"),  # + 6 months clamps to 02-28, − 1 day
    ("2026-09-07", "2027-03-06"),  # the example of rules.md
])
def test_sdp_2025_half_year_end(first: str, half_year_end: str) -> None:
    assert period_end(d(first), 6) == d(half_year_end)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 48))
def test_calendar_months_follow_dateutil_relativedelta(day: date, months: int) -> None:
    """The documented rule (README): dateutil's relativedelta, a day past the end of the
    target month clamped to its last day."""
    assert add_months(day, months) == day + relativedelta(months=months)
