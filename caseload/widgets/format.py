"""Turning the views' plain values into the words and dates a caseworker reads."""

from __future__ import annotations

from datetime import date, datetime

from caseload.i18n import t
from caseload.safety.text import escape


def text(value: str | None) -> str:
    """Text from the database (a name, a note, a purpose) as the screen may show it:
    control characters and bidi overrides escaped (``caseload.safety.text.escape``)."""
    return escape(value) if value else ""

WIDEST_DAY = date(2026, 12, 25)  # a day as wide as any, to size date columns


def day(value: date | None) -> str:
    return value.strftime(t("format.date")) if value else ""


def short_day(value: date | None) -> str:
    return value.strftime(t("format.short_date")) if value else ""


def clock(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def when(value: datetime | None) -> str:
    return f"{short_day(value)} {clock(value)}" if value else ""


def kind(value: str) -> str:
    return t(f"kind.{value}")


def kind_short(value: str) -> str:
    return t(f"kind_short.{value}")


def mode(value: str) -> str:
    return t(f"mode.{value}")


def status(value: str) -> str:
    return t(f"status.{value}")


def obligation(value: str | None) -> str:
    return t(f"obligation.{value}") if value else ""


def group(value: str) -> str:
    return t(f"group.{value}")


def category(value: int | None) -> str:
    return str(value) if value else "–"


def mid_day(value: date | None) -> str:
    return value.strftime(t("format.mid_date")) if value else ""


def obligation_short(value: str | None) -> str:
    return t(f"obligation_short.{value}") if value else ""


def group_short(value: str) -> str:
    return t(f"group_short.{value}")


def when_long(value: datetime | None) -> str:
    """A day and a time with the whole date (``05.12.2026 09:00``)."""
    return f"{day(value)} {clock(value)}" if value else ""


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday(value: date) -> str:
    """The weekday's short name in the language in use (not the C locale's)."""
    return t(f"weekday.{WEEKDAYS[value.weekday()]}")
