"""A caseworker's calendar as plain data: is a slot free, and which slots are.

Pure: the busy periods, the working hours and ``today`` are given; nothing here reads a
clock or a database. Working days (no weekend, no Danish public holiday) come from
``caseload.domain.calendar``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from caseload.domain.calendar import is_working_day

# How long an interview takes when the configuration says nothing (minutes).
DEFAULT_MINUTES = {
    "follow_up": 45,
    "contact": 30,
    "round_table": 90,
    "information_meeting": 60,
    "rehabilitation_team": 60,
}


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """When interviews may be booked, the step between offered slots and each kind's
    length (minutes)."""

    start: time = time(8, 0)
    end: time = time(16, 0)
    step_minutes: int = 15
    minutes: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MINUTES))

    def length(self, kind: str) -> timedelta:
        return timedelta(minutes=self.minutes.get(kind, DEFAULT_MINUTES.get(kind, 45)))


@dataclass(frozen=True, slots=True)
class Busy:
    """A booked period of the calendar."""

    start: datetime
    end: datetime
    ref: int | None = None  # the interview's id
    case_id: int | None = None


class Refusal(StrEnum):
    PAST = "past"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    HOURS = "hours"
    OVERLAP = "overlap"


def refusal(start: datetime, length: timedelta, busy: Iterable[Busy], hours: WorkingHours,
            today: date) -> tuple[Refusal, Busy | None] | None:
    """Why ``start`` (lasting ``length``) cannot be booked, with the clashing period for an
    overlap; None when it can."""
    day = start.date()
    if day < today:
        return Refusal.PAST, None
    if day.weekday() >= 5:
        return Refusal.WEEKEND, None
    if not is_working_day(day):
        return Refusal.HOLIDAY, None
    end = start + length
    if start.time() < hours.start or end > datetime.combine(day, hours.end):
        return Refusal.HOURS, None
    for period in busy:
        if period.start < end and start < period.end:
            return Refusal.OVERLAP, period
    return None


def free_slots(after: datetime, length: timedelta, busy: Sequence[Busy],
               hours: WorkingHours, today: date, *, count: int = 3,
               days: int = 60) -> list[datetime]:
    """The first ``count`` starts on or after ``after`` (on the step grid, within working
    hours on working days from ``today`` on) that fit ``length`` without an overlap; each
    at least ``length`` after the one before."""
    found: list[datetime] = []
    step = timedelta(minutes=hours.step_minutes)
    day = max(after.date(), today)
    for _ in range(days):
        if is_working_day(day):
            moment = datetime.combine(day, hours.start)
            while moment + length <= datetime.combine(day, hours.end):
                if moment >= after and refusal(moment, length, busy, hours, today) is None:
                    found.append(moment)
                    if len(found) == count:
                        return found
                    moment += length  # offer different times, not 08:00, 08:15, 08:30
                    continue
                moment += step
        day += timedelta(days=1)
    return found


def week_of(day: date) -> list[date]:
    """Monday to Friday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(5)]


@dataclass(frozen=True, slots=True)
class Gap:
    start: datetime
    end: datetime


def free_gaps(day: date, busy: Sequence[Busy], hours: WorkingHours,
              min_length: timedelta) -> list[Gap]:
    """The free periods of a working day at least ``min_length`` long (none on a weekend
    or holiday)."""
    if not is_working_day(day):
        return []
    cursor = datetime.combine(day, hours.start)
    close = datetime.combine(day, hours.end)
    gaps: list[Gap] = []
    for period in sorted(busy, key=lambda b: b.start):
        if period.end <= cursor or period.start >= close:
            continue
        if period.start - cursor >= min_length:
            gaps.append(Gap(cursor, period.start))
        cursor = max(cursor, period.end)
    if close - cursor >= min_length:
        gaps.append(Gap(cursor, close))
    return gaps
