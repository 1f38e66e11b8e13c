"""Reading a day or a time as a person types it, in Danish or English: the one parser
behind every place a day is typed (the app's fields, the CLI's ``--today``/``--since``).

Pure: ``today`` is a parameter. Accepted days:

- ``2026-12-05`` (ISO), ``05.12.2026``, ``5.12.2026``, ``5-12-2026``, ``5/12/2026``,
  ``5/12/26``; without a year (``5/12``, ``5.12``, ``5.12.``) the year of ``today``;
- ``5. december 2026``, ``5 dec``, ``5 Dec 2026`` (Danish or English month names);
- ``i dag``/``today``, ``i morgen``/``tomorrow``, ``i overmorgen``, ``i går``/``yesterday``;
- ``+7``/``-3`` (days from today);
- weekday names (``mandag``, ``man``, ``monday``, ``mon`` …): the next such day after today.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

WEEKDAYS = {
    **{name: n for n, names in enumerate((
        ("mandag", "man", "monday", "mon"), ("tirsdag", "tir", "tirs", "tuesday", "tue"),
        ("onsdag", "ons", "wednesday", "wed"), ("torsdag", "tor", "tors", "thursday", "thu"),
        ("fredag", "fre", "friday", "fri"), ("lørdag", "lør", "saturday", "sat"),
        ("søndag", "søn", "sunday", "sun"))) for name in names},
}
MONTHS = {
    name: n + 1 for n, names in enumerate((
        ("januar", "jan", "january"), ("februar", "feb", "february"),
        ("marts", "mar", "march"), ("april", "apr"), ("maj", "may"), ("juni", "jun", "june"),
        ("juli", "jul", "july"), ("august", "aug"), ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"), ("november", "nov"),
        ("december", "dec"))) for name in names
}
RELATIVE = {
    "i dag": 0, "idag": 0, "today": 0,
    "i morgen": 1, "imorgen": 1, "tomorrow": 1,
    "i overmorgen": 2, "overmorgen": 2,
    "i går": -1, "igår": -1, "yesterday": -1,
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{2}|\d{4}))?\.?")
_NAMED = re.compile(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?(?:\s+(\d{4}))?")
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names (see the module doc); ``ValueError`` when it names none."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValueError("no day given")
    if raw in RELATIVE:
        return today + timedelta(days=RELATIVE[raw])
    if raw in WEEKDAYS:
        ahead = (WEEKDAYS[raw] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    if match := _OFFSET.fullmatch(raw):
        sign, days = match.groups()
        return today + timedelta(days=int(days) if sign == "+" else -int(days))
    if match := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _NUMERIC.fullmatch(raw):
        day, month, year = match.groups()
        return date(_year(year, today), int(month), int(day))
    if (match := _NAMED.fullmatch(raw)) and match.group(2) in MONTHS:
        day, month, year = match.groups()
        return date(_year(year, today), MONTHS[month], int(day))
    raise ValueError(f"not a day: {text!r}")


def _year(text: str | None, today: date) -> int:
    if text is None:
        return today.year
    year = int(text)
    return 2000 + year if year < 100 else year


def parse_time(text: str) -> time:
    """``9``, ``9.30``, ``09:30`` → a time of day; ``ValueError`` otherwise."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a time: {text!r}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute)
