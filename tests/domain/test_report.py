"""The report's plain arithmetic: duties on time, quiet cases, weeks, the "<5" rule."""

from __future__ import annotations

from datetime import date

from caseload.domain.report import (
    CaseRecord,
    DutyRecord,
    Period,
    duty_figures,
    is_quiet,
    share,
    suppress,
    week_figures,
)

TODAY = date(2026, 12, 28)
PERIOD = Period(since=date(2026, 9, 1), until=TODAY, today=TODAY)


def test_suppress_and_share() -> None:
    assert [suppress(n) for n in (0, 1, 4, 5, 17)] == [0, "<5", "<5", 5, 17]
    assert share(0, 0) is None
    assert share(3, 40) == "<5" and share(6, 4) == "<5"
    assert share(10, 40) == 0.25 and share(0, 12) == 0.0


def test_duties_met_on_time_late_and_unmet() -> None:
    duties = [
        # participant 1: both contact interviews on time
        DutyRecord(1, "contact_interview", date(2026, 11, 2), date(2026, 11, 2)),
        DutyRecord(1, "contact_interview", date(2026, 11, 9), date(2026, 11, 6)),
        # participant 2: one met 3 days late, one 10 days late: worst lateness 10
        DutyRecord(2, "contact_interview", date(2026, 11, 2), date(2026, 11, 5)),
        DutyRecord(2, "contact_interview", date(2026, 11, 12), date(2026, 11, 22)),
        # participant 3: still unmet, due 2026-12-20: 8 days late on the asked day
        DutyRecord(3, "contact_interview", date(2026, 12, 20), None),
        # not yet due: not counted
        DutyRecord(4, "contact_interview", date(2026, 12, 30), None),
        # before the period: not counted
        DutyRecord(5, "contact_interview", date(2026, 8, 20), date(2026, 8, 20)),
        DutyRecord(1, "active_offer", date(2026, 11, 29), date(2026, 11, 20)),
    ]
    found = duty_figures(duties, PERIOD)
    contact = found["contact_interview"]
    assert (contact.participants, contact.on_time, contact.late) == (3, 1, 2)
    assert (contact.late_days_median, contact.late_days_max) == (9, 10)
    offer = found["active_offer"]
    assert (offer.participants, offer.on_time, offer.late) == (1, 1, 0)
    assert found["participation_end"].participants == 0


def test_quiet_cases() -> None:
    quiet = CaseRecord(1, "control", "bo", date(2026, 9, 7), last_activity=date(2026, 12, 14))
    busy = CaseRecord(2, "control", "bo", date(2026, 9, 7), last_activity=date(2026, 12, 15))
    closed = CaseRecord(3, "control", "bo", date(2026, 9, 7), closed_on=date(2026, 12, 1))
    fresh = CaseRecord(4, "control", "bo", date(2026, 12, 20))
    assert is_quiet(quiet, TODAY, 14) and not is_quiet(busy, TODAY, 14)
    assert not is_quiet(closed, TODAY, 14) and not is_quiet(fresh, TODAY, 14)


def test_week_by_week_returns_and_partial_hours() -> None:
    cases = [
        CaseRecord(1, "participant", "a", date(2026, 9, 7), closed_on=date(2026, 12, 16),
                   close_reason="return_to_work",
                   partial=((date(2026, 12, 1), None, 10.0),)),
        CaseRecord(2, "participant", "a", date(2026, 9, 7),
                   partial=((date(2026, 12, 8), date(2026, 12, 20), 15.0),
                            (date(2026, 12, 14), None, 5.0))),
    ]
    weeks = {w.week: w for w in week_figures(cases, Period(date(2026, 11, 30), TODAY, TODAY))}
    assert list(weeks) == ["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    assert weeks["2026-W51"].returns == 1 and weeks["2026-W50"].returns == 0
    assert (weeks["2026-W49"].partial_cases, weeks["2026-W49"].partial_hours) == (1, 10.0)
    assert (weeks["2026-W50"].partial_cases, weeks["2026-W50"].partial_hours) == (2, 12.5)
    assert (weeks["2026-W51"].partial_cases, weeks["2026-W51"].partial_hours) == (2, 15.0)
    assert (weeks["2026-W52"].partial_cases, weeks["2026-W52"].partial_hours) == (1, 5.0)
