"""CPR numbers: reading, masking and the birth date (century from the 7th digit).

Validation goes through python-stdnum; the modulus-11 check is never required (numbers
issued since 2007 may fail it).
"""

from __future__ import annotations

from datetime import date

from stdnum.dk import cpr as _cpr
from stdnum.exceptions import ValidationError


class CprError(ValueError):
    pass


def normalise(value: str) -> str:
    """``DDMMYYSSSS`` or ``DDMMYY-SSSS`` → 10 digits, else ``CprError``."""
    digits = _cpr.compact(value or "")
    if len(digits) != 10 or not digits.isdigit():
        raise CprError("a CPR number has 10 digits (DDMMYYSSSS or DDMMYY-SSSS)")
    return digits


def birth_date(value: str, *, today: date | None = None) -> date:
    """The birth date, century from the 7th digit; ``today`` rules out future dates."""
    digits = normalise(value)
    try:
        born = _cpr.get_birth_date(digits)
    except ValidationError:
        raise CprError("the first six digits of the CPR number are not a real date") from None
    if today is not None and born > today:
        raise CprError("the CPR number gives a birth date in the future")
    return born


def mask(value: str) -> str:
    """``150382-xxxx``: the birth date stays, the serial number is hidden."""
    digits = _cpr.compact(value or "")
    return f"{digits[:6]}-xxxx" if len(digits) >= 6 else "xxxxxx-xxxx"
