"""Reading a day written by a person or a file: the one ``parse_day``."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DANISH = re.compile(r"([0-9]{2})([-.])([0-9]{2})\2([0-9]{4})")
FORMATS = "YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY"


def parse_day(text: str, *, danish: bool = True, today: date | None = None) -> date | None:
    """``YYYY-MM-DD``, or as Danes write it, ``DD-MM-YYYY`` / ``DD.MM.YYYY`` (not with
    ``danish=False``: the command line's options); surrounding spaces ignored. With
    ``today`` (a person typing, not a file) also ``5/12``, ``5. dec``, ``i morgen``, ``+7``,
    ``mandag`` … (``caseload.domain.dates``). None when ``text`` names no day."""
    if today is not None:
        from caseload.domain.dates import parse_day as typed

        try:
            return typed(text, today)
        except ValueError:
            return None
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, dom = match.groups()
    elif danish and (match := _DANISH.fullmatch(text)):
        dom, _sep, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(dom))
    except ValueError:
        return None
