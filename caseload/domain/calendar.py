"""Counting days: weeks of absence, calendar months, Danish working days.

Danish public holidays come from a provider: by default the ``holidays`` package, imported
when first needed. An outer layer may install another source of the same dates with
``use_holidays`` (``caseload.holiday_cache`` does: a cached copy, so a command need not
import the package); the core itself reads no file.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache

HolidayProvider = Callable[[int], Iterable[date]]  # a year -> its Danish public holidays


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


def package_holidays(year: int) -> Iterable[date]:
    """Denmark's public holidays in ``year`` from the ``holidays`` package."""
    from holidays.countries.denmark import Denmark

    return Denmark(years=year).keys()


_provider: HolidayProvider = package_holidays


def use_holidays(provider: HolidayProvider | None) -> None:
    """Take the holidays from ``provider`` from now on (None: the ``holidays`` package)."""
    global _provider
    _provider = provider or package_holidays
    _danish_holidays.cache_clear()


@lru_cache(maxsize=256)
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(_provider(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def latest_working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
