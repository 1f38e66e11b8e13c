"""sdp-2014: every row of the table in rules.md."""

from __future__ import annotations

import pytest

from caseload.domain.model import Group, ObligationState
from caseload.domain.rules import obligations
from caseload.rulesets import load

from .builders import F, K, M, O, cat, d, facts, held, kinds, of_kind, one, pending, plus

RULES = load("sdp-2014")


def owed(**kw: object):
    return obligations(facts(**kw), RULES)


# -- follow-up, category 1: the expected return date, otherwise F + 55; digital allowed ----------

def test_category_1_due_on_the_expected_return_date() -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))], expected_return_date=d("2026-10-01"))
    first = one(found, O.FIRST_FOLLOW_UP)
    assert (first.due, first.requirement, first.met_on) == (d("2026-10-01"), None, None)


def test_category_1_without_expected_return_date_due_f_plus_55() -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))])
    assert one(found, O.FIRST_FOLLOW_UP).due == plus(F, 55) == d("2026-11-01")


@pytest.mark.parametrize("mode", [M.PHONE, M.VIDEO, M.IN_PERSON])
def test_category_1_met_by_a_follow_up_in_any_mode_before_the_date(mode: M) -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))], expected_return_date=d("2026-10-01"),
                 interviews=[held(d("2026-09-25"), mode=mode)])
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-09-25")


def test_category_1_owes_no_recurring_follow_up() -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))],
                 interviews=[held(d("2026-09-25"), mode=M.PHONE)])
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.REASSESSMENT}


# -- first follow-up, category 2, 3 or not set: F + 55, in person --------------------------------

@pytest.mark.parametrize("categories", [[], [cat(2, d("2026-09-10"))], [cat(3, d("2026-09-10"))]])
def test_first_follow_up_in_person_f_plus_55(categories: list) -> None:
    first = one(owed(categories=categories, expected_return_date=d("2026-10-01")),
                O.FIRST_FOLLOW_UP)
    assert (first.due, first.book_by, first.requirement) == (
        d("2026-11-01"), d("2026-10-30"), "in_person")


@pytest.mark.parametrize("mode", [M.PHONE, M.VIDEO, M.GROUP])
def test_first_follow_up_not_met_remotely(mode: M) -> None:
    found = owed(categories=[cat(2, d("2026-09-10"))],
                 interviews=[held(d("2026-10-20"), mode=mode)])
    first = one(found, O.FIRST_FOLLOW_UP)
    assert first.met_on is None
    assert first.state(d("2026-11-02")) is ObligationState.OVERDUE
    assert of_kind(found, O.FOLLOW_UP) == []


@pytest.mark.parametrize("mode", [M.IN_PERSON, M.HOME_VISIT])
def test_first_follow_up_met_in_person(mode: M) -> None:
    found = owed(categories=[cat(2, d("2026-09-10"))],
                 interviews=[held(d("2026-10-20"), mode=mode)])
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-20")


# -- follow-up, category 2 or 3: 4 weeks after the last held follow-up, in person ---------------

@pytest.mark.parametrize("category", [2, 3])
def test_follow_up_every_four_weeks_in_person(category: int) -> None:
    found = owed(categories=[cat(category, d("2026-09-10"))], interviews=[
        held(d("2026-10-28")),
        held(d("2026-11-20"), mode=M.PHONE),  # does not meet, does not restart the clock
        held(d("2026-11-24")),
    ])
    follow_ups = of_kind(found, O.FOLLOW_UP)
    assert [(o.due, o.met_on, o.requirement) for o in follow_ups] == [
        (d("2026-11-25"), d("2026-11-24"), "in_person"),
        (d("2026-12-22"), None, "in_person"),
    ]


# -- rehabilitation team: category 3, 4 weeks after the day put in category 3 ---------------------

def test_rehabilitation_team_four_weeks_after_category_3() -> None:
    found = owed(categories=[cat(2, d("2026-09-20")), cat(3, d("2026-11-10"))])
    team = one(found, O.REHABILITATION_TEAM)
    assert (team.due, team.met_on) == (d("2026-12-08"), None)


def test_rehabilitation_team_met_by_a_recorded_meeting() -> None:
    categories = [cat(2, d("2026-09-20")), cat(3, d("2026-11-10"))]
    met = owed(categories=categories,
               interviews=[held(d("2026-12-01"), K.REHABILITATION_TEAM)])
    assert one(met, O.REHABILITATION_TEAM).met_on == d("2026-12-01")
    # A meeting before the case was put in category 3 is not the one owed.
    earlier = owed(categories=categories,
                   interviews=[held(d("2026-11-05"), K.REHABILITATION_TEAM)])
    assert one(earlier, O.REHABILITATION_TEAM).met_on is None
    # Nor is an interview of another kind.
    other = owed(categories=categories, interviews=[held(d("2026-12-01"), K.ROUND_TABLE)])
    assert one(other, O.REHABILITATION_TEAM).met_on is None


@pytest.mark.parametrize("categories", [[], [cat(1, d("2026-09-10"))], [cat(2, d("2026-09-10"))],
                                        [cat(3, d("2026-09-10")), cat(2, d("2026-10-01"))]])
def test_no_rehabilitation_team_outside_category_3(categories: list) -> None:
    assert of_kind(owed(categories=categories), O.REHABILITATION_TEAM) == []


# -- reassessment: every open case, F + 153 -----------------------------------------------------

def test_reassessment_end_of_week_22() -> None:
    reassessment = one(owed(), O.REASSESSMENT)
    assert reassessment.due == plus(F, 153) == d("2027-02-07")  # a Sunday
    assert reassessment.book_by == d("2027-02-05")
    assert reassessment.met_on is None


def test_reassessment_met_by_the_record() -> None:
    assert one(owed(reassessed_on=d("2027-01-20")), O.REASSESSMENT).met_on == d("2027-01-20")


# -- who owes what, and category changes ---------------------------------------------------------

def test_no_participant_obligations_under_sdp_2014() -> None:
    found = owed(group=Group.PARTICIPANT, categories=[cat(2, d("2026-09-10"))],
                 interviews=[held(d("2026-10-28"))])
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.FOLLOW_UP, O.REASSESSMENT}


def test_closed_case_owes_nothing() -> None:
    assert owed(closed=True, categories=[cat(3, d("2026-09-10"))]) == []


def test_met_first_follow_up_stays_met_after_a_category_change() -> None:
    found = owed(categories=[cat(1, d("2026-09-10")), cat(2, d("2026-11-06"))],
                 interviews=[held(d("2026-10-27"), mode=M.PHONE)])
    first = one(found, O.FIRST_FOLLOW_UP)
    assert (first.met_on, first.requirement) == (d("2026-10-27"), None)
    nxt = pending(found, O.FOLLOW_UP)
    assert (nxt.due, nxt.requirement) == (d("2026-11-24"), "in_person")


def test_follow_ups_held_in_category_1_still_count_as_the_last_held() -> None:
    found = owed(categories=[cat(1, d("2026-09-10")), cat(2, d("2026-11-15"))],
                 interviews=[held(d("2026-10-20"), mode=M.PHONE),
                             held(d("2026-11-10"), mode=M.PHONE)])
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-08")


def test_open_first_follow_up_follows_the_category_now() -> None:
    # Category 1 with a return date that passed; the caseworker moves the case to category 2.
    found = owed(categories=[cat(1, d("2026-09-10")), cat(2, d("2026-10-05"))],
                 expected_return_date=d("2026-10-01"))
    first = one(found, O.FIRST_FOLLOW_UP)
    assert (first.due, first.requirement) == (d("2026-11-01"), "in_person")


def test_only_one_first_follow_up_when_both_rules_were_met() -> None:
    found = owed(categories=[cat(1, d("2026-09-10")), cat(2, d("2026-10-21"))],
                 interviews=[held(d("2026-10-20"), mode=M.PHONE), held(d("2026-10-30"))])
    first = one(found, O.FIRST_FOLLOW_UP)
    assert first.met_on == d("2026-10-20")
    # The series counts from the first follow-up; the in-person one on 10-30 meets its first.
    assert [(o.due, o.met_on) for o in of_kind(found, O.FOLLOW_UP)] == [
        (d("2026-11-17"), d("2026-10-30")), (d("2026-11-27"), None)]
