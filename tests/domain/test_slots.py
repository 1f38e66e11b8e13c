"""The calendar's pure rules: working days and hours, overlaps, the next free slots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from caseload.domain.slots import (
    Busy,
    Refusal,
    WorkingHours,
    free_gaps,
    free_slots,
    refusal,
    week_of,
)

HOURS = WorkingHours(start=time(8, 0), end=time(16, 0), step_minutes=15)
TODAY = date(2026, 11, 4)  # a Wednesday
MIN45 = timedelta(minutes=45)
TAKEN = [Busy(datetime(2026, 11, 4, 9, 0), datetime(2026, 11, 4, 9, 45), 1)]


def test_refusals() -> None:
    assert refusal(datetime(2026, 11, 3, 10), MIN45, [], HOURS, TODAY) == (Refusal.PAST, None)
    assert refusal(datetime(2026, 11, 7, 10), MIN45, [], HOURS, TODAY)[0] is Refusal.WEEKEND
    assert refusal(datetime(2026, 12, 25, 10), MIN45, [], HOURS, TODAY)[0] is Refusal.HOLIDAY
    assert refusal(datetime(2026, 11, 4, 7, 45), MIN45, [], HOURS, TODAY)[0] is Refusal.HOURS
    assert refusal(datetime(2026, 11, 4, 15, 30), MIN45, [], HOURS, TODAY)[0] is Refusal.HOURS
    assert refusal(datetime(2026, 11, 4, 8, 30), MIN45, TAKEN, HOURS, TODAY) == (
        Refusal.OVERLAP, TAKEN[0])
    assert refusal(datetime(2026, 11, 4, 8, 15), MIN45, TAKEN, HOURS, TODAY) is None  # ends 9:00
    assert refusal(datetime(2026, 11, 4, 9, 45), MIN45, TAKEN, HOURS, TODAY) is None
    assert refusal(datetime(2026, 11, 4, 15, 15), MIN45, [], HOURS, TODAY) is None  # ends 16:00


def test_free_slots_skip_the_taken_the_weekend_and_the_evening() -> None:
    assert free_slots(datetime(2026, 11, 4, 9, 0), MIN45, TAKEN, HOURS, TODAY) == [
        datetime(2026, 11, 4, 9, 45), datetime(2026, 11, 4, 10, 30),
        datetime(2026, 11, 4, 11, 15)]
    assert free_slots(datetime(2026, 11, 6, 15, 30), MIN45, [], HOURS, TODAY, count=2) == [
        datetime(2026, 11, 9, 8, 0), datetime(2026, 11, 9, 8, 45)]  # Friday late -> Monday


def test_a_past_start_offers_from_today() -> None:
    assert free_slots(datetime(2026, 11, 1, 8), MIN45, [], HOURS, TODAY, count=1) == [
        datetime(2026, 11, 4, 8, 0)]


def test_week_and_gaps() -> None:
    assert week_of(date(2026, 11, 8)) == [date(2026, 11, d) for d in range(2, 7)]
    gaps = free_gaps(TODAY, TAKEN, HOURS, timedelta(minutes=30))
    assert [(g.start.time(), g.end.time()) for g in gaps] == [
        (time(8, 0), time(9, 0)), (time(9, 45), time(16, 0))]
    assert free_gaps(date(2026, 12, 25), [], HOURS, MIN45) == []
