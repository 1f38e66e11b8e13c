"""Weeks of absence, calendar months and Danish working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseload.domain.calendar import (
    add_months,
    end_of_week,
    is_working_day,
    latest_working_day_on_or_before,
    week_of_absence,
)

from .builders import d

F = date(2026, 9, 7)


@pytest.mark.parametrize(("offset", "week"), [
    (-1, 0), (0, 1), (6, 1), (7, 2), (13, 2), (14, 3), (55, 8), (56, 9), (83, 12), (153, 22)])
def test_week_of_absence(offset: int, week: int) -> None:
    assert week_of_absence(F, F + timedelta(days=offset)) == week


@pytest.mark.parametrize(("n", "offset"), [(1, 6), (8, 55), (12, 83), (22, 153)])
def test_end_of_week_is_f_plus_7n_minus_1(n: int, offset: int) -> None:
    end = end_of_week(F, n)
    assert end == F + timedelta(days=offset)
    assert week_of_absence(F, end) == n
    assert week_of_absence(F, end + timedelta(days=1)) == n + 1


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2026-10-28", 4, "2027-02-28"),
    ("2026-10-31", 4, "2027-02-28"),  # clamped
    ("2027-10-31", 4, "2028-02-29"),  # leap year
    ("2026-01-31", 1, "2026-02-28"),
    ("2026-03-31", 1, "2026-04-30"),
    ("2026-08-31", 4, "2026-12-31"),
    ("2026-11-15", 2, "2027-01-15"),  # over the year end
    ("2026-12-31", 12, "2027-12-31"),
    ("2026-05-05", 0, "2026-05-05"),
])
def test_add_months_clamps_to_the_end_of_the_month(day: str, months: int, expected: str) -> None:
    assert add_months(d(day), months) == d(expected)


@pytest.mark.parametrize("day", [
    "2026-12-25", "2026-12-26",  # Christmas Day, Boxing Day
    "2027-01-01",
    "2027-03-25", "2027-03-26", "2027-03-29",  # Maundy Thursday, Good Friday, Easter Monday
    "2027-05-06",  # Ascension Day
    "2027-05-17",  # Whit Monday
])
def test_danish_public_holidays_are_not_working_days(day: str) -> None:
    assert not is_working_day(d(day))


@pytest.mark.parametrize("day", ["2026-12-23", "2026-12-24", "2027-03-24", "2027-03-30",
                                 "2026-05-01"])  # Store Bededag was abolished from 2024
def test_ordinary_weekdays_are_working_days(day: str) -> None:
    assert is_working_day(d(day))


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(d("2026-10-31"))  # Saturday
    assert not is_working_day(d("2026-11-01"))  # Sunday
    assert is_working_day(d("2026-10-30"))  # Friday


@pytest.mark.parametrize(("due", "book_by"), [
    ("2026-11-01", "2026-10-30"),  # Sunday → Friday
    ("2026-10-30", "2026-10-30"),  # a working day stays
    ("2026-12-27", "2026-12-24"),  # Sunday, Saturday and Christmas Day skipped
    ("2027-03-29", "2027-03-24"),  # Easter Monday back over Easter to the Wednesday
    ("2027-01-03", "2026-12-31"),  # Sunday, Saturday, New Year's Day, across the year
])
def test_book_by_skips_weekends_and_holidays(due: str, book_by: str) -> None:
    assert latest_working_day_on_or_before(d(due)) == d(book_by)
