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
