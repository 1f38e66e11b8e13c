"""Reading one value of a form: text, dates, date-times, enums, booleans, numbers.

Each reader returns the normalised value or raises ``Invalid`` with a message that says what
was expected. Messages never repeat the value itself: a misplaced cell may hold a CPR number
or health text, and rejection lines end up in cron mail.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from caseload.domain.days import parse_day
from caseload.i18n import t
from caseload.safety.text import forbidden

DANISH = ZoneInfo("Europe/Copenhagen")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# The longest text a field may hold (README, "The morning batch"): free text (the
# descriptions, remarks) 10,000 characters, every other text field 500.
MAX_TEXT, MAX_FREE_TEXT = 500, 10_000


class Invalid(ValueError):
    pass


def text(value: object) -> str:
    """A string (a JSON integer is taken as its digits; anything else is not text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Invalid(t("import_reason.not_text"))


def short_text(value: object) -> str:
    """Text of one line, at most ``MAX_TEXT`` characters, no control characters."""
    if type(value) is str and len(value) <= MAX_TEXT and forbidden(value) is None:
        return value  # the common case, checked once
    return _checked(text(value), MAX_TEXT, lines=False)


def free_text(value: object) -> str:
    """Free text: lines and tabs allowed, at most ``MAX_FREE_TEXT`` characters."""
    if type(value) is str and len(value) <= MAX_FREE_TEXT and \
            forbidden(value, lines=True) is None:
        return value
    return _checked(text(value), MAX_FREE_TEXT, lines=True)


def _checked(value: str, limit: int, *, lines: bool) -> str:
    if len(value) > limit:
        raise Invalid(t("import_check.too_long", limit=limit))
    code = forbidden(value, lines=lines)
    if code is not None:
        raise Invalid(t("import_check.control_character", code=code))
    return value


_DIGITS = {n: re.compile(rf"[0-9]{{{n}}}") for n in (4, 8)}


def digits(value: object, count: int) -> str:
    result = text(value)
    if not _DIGITS[count].fullmatch(result):
        raise Invalid(t("import_reason.digits", count=count))
    return result


def day(value: object) -> date:
    """``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DD.MM.YYYY``."""
    if not isinstance(value, str):
        raise Invalid(t("import_reason.date_type", formats=t("import_reason.date_formats")))
    found = _parse_day(value)
    if found is None:
        raise Invalid(t("import_reason.not_a_date", formats=t("import_reason.date_formats")))
    return found


@lru_cache(maxsize=4096)  # a batch's dates repeat (received today, absent since …)
def _parse_day(value: str) -> date | None:
    if value != value.strip():  # a form's field is exact
        return None
    found = parse_day(value)
    return found if found is not None and EARLIEST_YEAR <= found.year <= LATEST_YEAR else None


_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*")


def moment(value: object) -> date | datetime:
    """A date (as ``day``) or an ISO 8601 date-time, returned aware and in UTC.

    A date-time without a zone is Danish local time (Europe/Copenhagen).
    """
    if not isinstance(value, str):
        raise Invalid(t("import_reason.moment_type", formats=t("import_reason.date_formats")))
    found = _parse_day(value)
    if found is not None:
        return found
    if _ISO_DATETIME.fullmatch(value):
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            stamp = None
        if stamp is not None and EARLIEST_YEAR <= stamp.year <= LATEST_YEAR:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=DANISH)
            return stamp.astimezone(UTC)
    raise Invalid(t("import_reason.not_a_moment", formats=t("import_reason.date_formats")))


def local_day(value: date | datetime) -> date:
    """The Danish calendar day of a date or an aware date-time."""
    if isinstance(value, datetime):
        return value.astimezone(DANISH).date()
    return value


def _key(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def choice(value: object, allowed: dict[str, str], label: str) -> str:
    """One of an enum's values, or a synonym of one (case, spaces and hyphens ignored)."""
    if isinstance(value, bool) and "yes" in allowed.values():
        return "yes" if value else "no"
    if isinstance(value, str):
        found = allowed.get(value) or allowed.get(_key(value))  # as written, else loosely
        if found is not None:
            return found
    raise Invalid(t("import_reason.one_of", values=label))


_TRUE = {"true", "ja", "yes", "1"}
_FALSE = {"false", "nej", "no", "0"}


def boolean(value: object) -> bool:
    """A JSON boolean, or true/false, ja/nej, yes/no, 1/0 (as text or as a JSON 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise Invalid(t("import_reason.boolean"))


def _between(low: float, high: float) -> str:
    return t("import_reason.between", low=f"{low:g}", high=f"{high:g}")


_NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?")


def number(value: object, low: float, high: float) -> float:
    """A JSON number or a decimal written with ``.`` or ``,``, within ``low``–``high``."""
    if isinstance(value, bool):
        raise Invalid(t("import_reason.number"))
    if isinstance(value, int):
        if not low <= value <= high:
            raise Invalid(_between(low, high))
        return float(value)
    if isinstance(value, float) and math.isfinite(value):
        result = value
    elif isinstance(value, str) and _NUMBER.fullmatch(value):
        result = float(value.replace(",", "."))
    else:
        raise Invalid(t("import_reason.number"))
    if not low <= result <= high:
        raise Invalid(_between(low, high))
    return result
