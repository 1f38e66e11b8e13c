"""The one place that reads the clock. The rules core never does; services take ``today``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DANISH = ZoneInfo("Europe/Copenhagen")


def today() -> date:
    """Today in Denmark."""
    return datetime.now(DANISH).date()


def now_local() -> datetime:
    """Danish wall-clock time, naive (how interviews are booked)."""
    return datetime.now(DANISH).replace(tzinfo=None, microsecond=0)


def now_utc() -> datetime:
    return datetime.now(UTC)
