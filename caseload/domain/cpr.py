"""CPR numbers: reading, masking and the birth date (century from the 7th digit).

Reading the number goes through python-stdnum where it is not plain ASCII. The birth date
follows the CPR office's table for the 7th digit (as python-stdnum's
``stdnum.dk.cpr.get_birth_date`` does; ``tests/domain/test_cpr.py`` compares the two over
every day and 7th digit), written out here because the morning batch asks it for every
form and importing and calling stdnum cost a tenth of the batch. The modulus-11 check is
never required (numbers issued since 2007 may fail it).
"""

from __future__ import annotations

from datetime import date


class CprError(ValueError):
    pass


_PLAIN = frozenset("0123456789 -")


def compact(value: str) -> str:
    """``value`` without spaces and dashes: python-stdnum's ``compact`` (which also reads
    Unicode dashes and digits as ASCII), taken only when ``value`` is not plain ASCII."""
    if _PLAIN.issuperset(value):
        return value.replace(" ", "").replace("-", "")
    from stdnum.dk.cpr import compact as full

    return full(value)


def normalise(value: str) -> str:
    """``DDMMYYSSSS`` or ``DDMMYY-SSSS`` → 10 digits, else ``CprError``."""
    digits = compact(value or "")
    if len(digits) != 10 or not digits.isdigit():
        raise CprError("a CPR number has 10 digits (DDMMYYSSSS or DDMMYY-SSSS)")
    return digits


def century_year(year: int, seventh: str) -> int:
    """The full year of a two-digit ``year`` by the 7th digit (the CPR office's table)."""
    if seventh in "5678" and year >= 58:
        return 1800 + year
    if seventh in "0123" or (seventh in "49" and year >= 37):
        return 1900 + year
    return 2000 + year


def birth_of(digits: str) -> date:
    """The birth date of 10 digits (``normalise``d); ``CprError`` when not a real date."""
    try:
        return date(century_year(int(digits[4:6]), digits[6]), int(digits[2:4]),
                    int(digits[0:2]))
    except ValueError:
        raise CprError("the first six digits of the CPR number are not a real date") from None


def birth_date(value: str, *, today: date | None = None) -> date:
    """The birth date, century from the 7th digit; ``today`` rules out future dates."""
    born = birth_of(normalise(value))
    if today is not None and born > today:
        raise CprError("the CPR number gives a birth date in the future")
    return born


def mask(value: str) -> str:
    """``150382-xxxx``: the birth date stays, the serial number is hidden."""
    digits = compact(value or "")
    return f"{digits[:6]}-xxxx" if len(digits) >= 6 else "xxxxxx-xxxx"
