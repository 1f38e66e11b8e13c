"""sdp-2025: every row of the table in rules.md and every example."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caseload.domain.model import Group, PredictableCourse, ReturnFact
from caseload.domain.rules import obligations, period_end
from caseload.rulesets import load

from .builders import F, K, M, O, S, cat, d, facts, held, kinds, not_held, of_kind, one, pending

RULES = load("sdp-2025")
H = d("2027-03-06")  # F + 6 months − 1 day


def owed(**kw: object):
    return obligations(facts(**kw), RULES)


def agreed(day: str, on: str, mode: M = M.IN_PERSON):
    """A follow-up held on ``day`` at which the next one was agreed for ``on``."""
    return replace(held(d(day), mode=mode), next_agreed_on=d(on))


def category_2(*interviews, **kw):
    return owed(categories=[cat(2, d("2026-10-28"))], interviews=list(interviews), **kw)


# -- the examples ------------------------------------------------------------------------------

def test_example_nothing_held() -> None:
    found = owed()
    first, reassessment = one(found, O.FIRST_FOLLOW_UP), one(found, O.REASSESSMENT)
    assert (first.due, first.book_by) == (d("2026-11-01"), d("2026-10-30"))
    assert (reassessment.due, reassessment.book_by) == (d("2027-02-07"), d("2027-02-05"))
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.REASSESSMENT}


def test_example_category_2_first_held_three_still_owed() -> None:
    assert period_end(F, 6) == H
    found = category_2(held(d("2026-10-28")))
    assert one(found, O.FIRST_FOLLOW_UP).met_on == d("2026-10-28")
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-10")  # 10-28 + ⌊129 / 3⌋


def test_example_then_second_held_two_still_owed() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-10")))
    assert [(o.due, o.met_on) for o in of_kind(found, O.FOLLOW_UP)] == [
        (d("2026-12-10"), d("2026-12-10")), (d("2027-01-22"), None)]  # 12-10 + ⌊86 / 2⌋


def test_example_category_1_expected_return_still_open() -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))], expected_return_date=d("2026-10-15"))
    assert one(found, O.FOLLOW_UP).due == d("2026-10-15")
    assert one(found, O.FIRST_FOLLOW_UP).due == d("2026-11-01")


# -- first follow-up: every open case, F + 55, in person (a home visit counts) -----------------

@pytest.mark.parametrize("categories", [[], [cat(1, d("2026-09-10"))], [cat(2, d("2026-09-10"))]])
def test_first_follow_up_every_open_case(categories: list) -> None:
    first = one(owed(categories=categories), O.FIRST_FOLLOW_UP)
    assert (first.due, first.requirement) == (d("2026-11-01"), "in_person")


@pytest.mark.parametrize(("mode", "met"), [(M.IN_PERSON, True), (M.HOME_VISIT, True),
                                           (M.PHONE, False), (M.VIDEO, False), (M.GROUP, False)])
def test_first_follow_up_in_person(mode: M, met: bool) -> None:
    first = one(owed(interviews=[held(d("2026-10-20"), mode=mode)]), O.FIRST_FOLLOW_UP)
    assert first.met_on == (d("2026-10-20") if met else None)


@pytest.mark.parametrize("status", [S.NO_SHOW, S.CANCELLED, S.BOOKED])
def test_first_follow_up_not_met_unless_held(status: S) -> None:
    assert one(owed(interviews=[not_held(d("2026-10-20"), status)]),
               O.FIRST_FOLLOW_UP).met_on is None


def test_closed_case_owes_nothing() -> None:
    assert owed(closed=True, categories=[cat(2, d("2026-09-10"))]) == []


# -- category 1: the expected return date; the return recorded or a held follow-up -------------

def _category_1(**kw):
    return owed(categories=[cat(1, d("2026-09-10"))], expected_return_date=d("2026-10-15"),
                **kw)


def test_category_1_met_by_the_recorded_return() -> None:
    found = _category_1(returns=[ReturnFact(d("2026-10-14"), happened=False)])
    assert one(found, O.FOLLOW_UP).met_on == d("2026-10-14")
    # Still open: the first follow-up interview applies (re-triage at the end of week 8).
    assert one(found, O.FIRST_FOLLOW_UP).met_on is None


@pytest.mark.parametrize("mode", [M.PHONE, M.VIDEO, M.IN_PERSON])
def test_category_1_met_by_a_held_follow_up_any_mode(mode: M) -> None:
    found = _category_1(interviews=[held(d("2026-10-10"), mode=mode)])
    assert one(found, O.FOLLOW_UP).met_on == d("2026-10-10")


def test_category_1_the_earlier_of_record_and_interview_meets_it() -> None:
    found = _category_1(interviews=[held(d("2026-10-12"), mode=M.PHONE)],
                        returns=[ReturnFact(d("2026-10-15"), happened=True)])
    assert one(found, O.FOLLOW_UP).met_on == d("2026-10-12")


def test_category_1_without_a_return_date_owes_only_the_first_follow_up() -> None:
    found = owed(categories=[cat(1, d("2026-09-10"))])
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.REASSESSMENT}


def test_category_1_retriaged_to_2_owes_the_category_2_rhythm() -> None:
    found = owed(categories=[cat(1, d("2026-09-10")), cat(2, d("2026-10-28"))],
                 expected_return_date=d("2026-10-15"), interviews=[held(d("2026-10-28"))])
    assert of_kind(found, O.FOLLOW_UP)[-1].due == d("2026-12-10")
    assert all(o.seq > 0 for o in of_kind(found, O.FOLLOW_UP))  # the return date is gone


# -- category 2: 4 held follow-ups in the first half year, spaced evenly ----------------------

def test_third_and_fourth_due_by_h() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-10"), mode=M.PHONE),
                       held(d("2027-01-22"), mode=M.VIDEO))
    assert pending(found, O.FOLLOW_UP).due == H  # 1 still owed: 01-22 + ⌊43 / 1⌋


def test_spacing_follows_the_day_actually_held() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-11-20"), mode=M.PHONE))
    # 2 still owed after 11-20: 11-20 + ⌊106 / 2⌋ = 2027-01-12.
    assert pending(found, O.FOLLOW_UP).due == d("2027-01-12")


def test_a_late_follow_up_still_counts() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-20")))
    follow_ups = of_kind(found, O.FOLLOW_UP)
    assert follow_ups[0].met_on == d("2026-12-20")
    assert follow_ups[-1].due == d("2027-01-27")  # 12-20 + ⌊76 / 2⌋


def test_after_four_none_agreed_four_weeks() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-10")), held(d("2027-01-22")),
                       held(d("2027-03-05")))
    assert pending(found, O.FOLLOW_UP).due == d("2027-04-02")


def test_after_the_half_year_the_agreed_day() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-10")), held(d("2027-01-22")),
                       agreed("2027-03-05", "2027-05-14", M.PHONE))
    assert pending(found, O.FOLLOW_UP).due == d("2027-05-14")


def test_agreed_day_met_by_any_mode_and_the_next_one_agreed_again() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-10")), held(d("2027-01-22")),
                       agreed("2027-03-05", "2027-05-14"),
                       agreed("2027-05-12", "2027-08-01", M.VIDEO))
    assert [(o.due, o.met_on) for o in of_kind(found, O.FOLLOW_UP)][-2:] == [
        (d("2027-05-14"), d("2027-05-12")), (d("2027-08-01"), None)]


def test_agreed_day_within_the_half_year_does_not_replace_the_spacing() -> None:
    found = category_2(held(d("2026-10-28")), agreed("2026-12-10", "2027-04-01"))
    assert pending(found, O.FOLLOW_UP).due == d("2027-01-22")


def test_fewer_than_four_by_h_then_four_weeks_after_the_last() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2027-03-10")))
    assert pending(found, O.FOLLOW_UP).due == d("2027-04-07")


def test_category_2_after_the_first_phone_or_video_as_the_citizen_chooses() -> None:
    found = category_2(held(d("2026-10-28")), held(d("2026-12-01"), mode=M.VIDEO))
    assert of_kind(found, O.FOLLOW_UP)[0].met_on == d("2026-12-01")
    assert all(o.requirement is None for o in of_kind(found, O.FOLLOW_UP))


def test_first_follow_up_by_phone_starts_no_rhythm() -> None:
    found = category_2(held(d("2026-10-28"), mode=M.PHONE))
    assert one(found, O.FIRST_FOLLOW_UP).met_on is None
    assert of_kind(found, O.FOLLOW_UP) == []


def test_one_day_before_h_with_three_owed_the_next_is_the_day_after() -> None:
    # ⌊1 / 3⌋ = 0 days would be due on the day held; the product asks for the next day.
    found = owed(categories=[cat(2, d("2027-03-05"))], interviews=[held(d("2027-03-05"))])
    assert pending(found, O.FOLLOW_UP).due == d("2027-03-06")


# -- category 3 is abolished: read as category 2 -----------------------------------------------

def test_category_3_read_as_2() -> None:
    three = owed(categories=[cat(3, d("2026-10-28"))], interviews=[held(d("2026-10-28"))])
    two = category_2(held(d("2026-10-28")))
    assert three == two
    assert O.REHABILITATION_TEAM not in kinds(three)


def test_rule_set_offers_categories_1_and_2() -> None:
    assert RULES.categories == (1, 2)
    assert RULES.read_category(3) == 2 and RULES.read_category(1) == 1
    assert RULES.read_category(None) is None


# -- § 13 f: the return check -------------------------------------------------------------------

def _marked(*interviews, returns=(), expected="2027-01-10"):
    return category_2(held(d("2026-10-28")), *interviews,
                      predictable_course=PredictableCourse(d("2026-10-28"), d(expected)),
                      returns=list(returns))


def test_return_check_due_the_expected_return_and_no_follow_ups() -> None:
    found = _marked()
    check = one(found, O.RETURN_CHECK)
    assert (check.due, check.met_on) == (d("2027-01-10"), None)
    assert of_kind(found, O.FOLLOW_UP) == []


def test_return_check_at_the_latest_13_weeks_minus_a_day_after_the_interview() -> None:
    found = _marked(expected="2027-03-01")
    assert one(found, O.RETURN_CHECK).due == d("2027-01-26")  # 10-28 + 91 − 1


def test_return_check_met_by_the_recorded_return() -> None:
    found = _marked(returns=[ReturnFact(d("2027-01-08"), happened=True)])
    assert one(found, O.RETURN_CHECK).met_on == d("2027-01-08")
    assert of_kind(found, O.FOLLOW_UP) == []


def test_return_that_did_not_happen_ends_13_f_rhythm_from_that_day() -> None:
    found = _marked(returns=[ReturnFact(d("2027-01-10"), happened=False)])
    assert one(found, O.RETURN_CHECK).met_on == d("2027-01-10")
    # 1 held, 3 still owed from 01-10: 01-10 + ⌊55 / 3⌋ = 01-28.
    assert pending(found, O.FOLLOW_UP).due == d("2027-01-28")


def test_follow_up_held_while_13_f_holds_counts_towards_the_four() -> None:
    found = _marked(held(d("2026-12-01"), mode=M.PHONE),
                    returns=[ReturnFact(d("2027-01-10"), happened=False)])
    assert pending(found, O.FOLLOW_UP).due == d("2027-02-06")  # 01-10 + ⌊55 / 2⌋


def test_a_return_recorded_before_the_mark_does_not_meet_the_check() -> None:
    found = _marked(returns=[ReturnFact(d("2026-10-01"), happened=False)])
    assert one(found, O.RETURN_CHECK).met_on is None


def test_no_return_check_without_the_mark_or_outside_category_2() -> None:
    assert O.RETURN_CHECK not in kinds(category_2(held(d("2026-10-28"))))
    course = PredictableCourse(d("2026-10-28"), d("2027-01-10"))
    found = owed(categories=[cat(1, d("2026-10-28"))], interviews=[held(d("2026-10-28"))],
                 predictable_course=course)
    assert O.RETURN_CHECK not in kinds(found)


def test_other_rule_sets_ignore_the_mark() -> None:
    course = PredictableCourse(d("2026-10-28"), d("2027-01-10"))
    base = facts(categories=[cat(2, d("2026-10-28"))], interviews=[held(d("2026-10-28"))])
    for name in ("aktive-2008", "sdp-2014"):
        rules = load(name)
        assert obligations(replace(base, predictable_course=course), rules) == \
            obligations(base, rules)


# -- reassessment and who owes what ------------------------------------------------------------

def test_reassessment_met_by_the_record() -> None:
    assert one(owed(reassessed_on=d("2027-01-20")), O.REASSESSMENT).met_on == d("2027-01-20")


def test_no_trial_obligations_and_no_groups() -> None:
    found = owed(group=Group.PARTICIPANT, categories=[cat(2, d("2026-10-28"))],
                 interviews=[held(d("2026-10-28")), held(d("2026-11-04"), K.CONTACT)])
    assert kinds(found) == {O.FIRST_FOLLOW_UP, O.FOLLOW_UP, O.REASSESSMENT}
    assert RULES.allocation == "none"


def test_category_not_set_keeps_the_category_2_rhythm() -> None:
    found = owed(interviews=[held(d("2026-10-28"))])
    assert pending(found, O.FOLLOW_UP).due == d("2026-12-10")
