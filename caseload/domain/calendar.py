"""Counting days: weeks of absence, calendar months, Danish working days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache


def week_of_absence(first_absence_day: date, day: date) -> int:
    """Week 1 is F … F+6. Days before F count as week 0."""
    delta = (day - first_absence_day).days
    return delta // 7 + 1 if delta >= 0 else 0


def end_of_week(first_absence_day: date, n: int) -> date:
    """The end of week n is F + 7n − 1."""
    return first_absence_day + timedelta(days=7 * n - 1)


def add_months(day: date, months: int) -> date:
    """Calendar months; a day past the end of the target month is clamped to its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[date]:
    from holidays.countries.denmark import Denmark

    return frozenset(Denmark(years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def latest_working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
