"""CPR numbers: normalising, the century rule, masking, invalid dates."""

from __future__ import annotations

from datetime import date

import pytest

from caseload.domain.cpr import CprError, birth_date, mask, normalise


@pytest.mark.parametrize("value", ["150382-1234", "1503821234", " 150382-1234 ", "150382 1234"])
def test_normalise_to_ten_digits(value: str) -> None:
    assert normalise(value) == "1503821234"


@pytest.mark.parametrize("value", ["", None, "15038-1234", "150382-12345", "15038212", "abcdefghij",
                                   "150382/1234", "15038x-1234"])
def test_normalise_rejects_other_shapes(value: str | None) -> None:
    with pytest.raises(CprError):
        normalise(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "born"), [
    ("0101901235", date(1990, 1, 1)),  # 7th digit 0–3: 1900s
    ("0101003000", date(1900, 1, 1)),
    ("3112993999", date(1999, 12, 31)),
    ("0101364000", date(2036, 1, 1)),  # 7th digit 4, year 00–36: 2000s
    ("0101374000", date(1937, 1, 1)),  # 7th digit 4, year 37–99: 1900s
    ("0101369000", date(2036, 1, 1)),  # 7th digit 9 as 4
    ("0101379000", date(1937, 1, 1)),
    ("0101575000", date(2057, 1, 1)),  # 7th digit 5–8, year 00–57: 2000s
    ("0101585000", date(1858, 1, 1)),  # 7th digit 5–8, year 58–99: 1800s
    ("0101108999", date(2010, 1, 1)),
])
def test_century_from_the_seventh_digit(value: str, born: date) -> None:
    assert birth_date(value) == born


def test_birth_date_in_the_future_rejected_given_today() -> None:
    assert birth_date("0101364000") == date(2036, 1, 1)
    with pytest.raises(CprError, match="future"):
        birth_date("0101364000", today=date(2026, 11, 1))
    assert birth_date("0101205000", today=date(2026, 11, 1)) == date(2020, 1, 1)


@pytest.mark.parametrize("value", ["3102901234", "0013901234", "0000901234", "2902014000",
                                   "3204901234"])
def test_invalid_dates_rejected(value: str) -> None:
    with pytest.raises(CprError, match="not a real date"):
        birth_date(value)


def test_leap_day_accepted() -> None:
    assert birth_date("2902004000") == date(2000, 2, 29)


def test_modulus_11_not_required() -> None:
    # 0101901235 fails the old modulus-11 check (numbers since 2007 may): still accepted.
    from stdnum.dk.cpr import checksum

    assert checksum("0101901235") != 0
    assert normalise("010190-1235") == "0101901235"
    assert birth_date("010190-1235") == date(1990, 1, 1)


@pytest.mark.parametrize("value", ["150382-1234", "1503821234", " 150382 1234"])
def test_mask_keeps_the_birth_date_only(value: str) -> None:
    masked = mask(value)
    assert masked == "150382-xxxx"
    assert "1234" not in masked


@pytest.mark.parametrize("value", ["", None, "1503"])
def test_mask_of_short_input_hides_everything(value: str | None) -> None:
    assert mask(value) == "xxxxxx-xxxx"  # type: ignore[arg-type]


def test_birth_date_is_stdnums_for_every_day_and_seventh_digit() -> None:
    """The century table written out in ``domain.cpr`` gives python-stdnum's birth date
    (or its refusal) for every two-digit year and 7th digit, on the days and months where
    dates begin, end or do not exist (leap days included)."""
    from stdnum.dk.cpr import get_birth_date
    from stdnum.exceptions import ValidationError

    for seventh in "0123456789":
        for year in range(100):
            for month in (0, 1, 2, 4, 12, 13):
                for day in (0, 1, 28, 29, 30, 31, 32):
                    digits = f"{day:02d}{month:02d}{year:02d}{seventh}000"
                    try:
                        expected: date | None = get_birth_date(digits)
                    except ValidationError:
                        expected = None
                    try:
                        found: date | None = birth_date(digits)
                    except CprError:
                        found = None
                    assert found == expected, digits


@pytest.mark.parametrize("value", ["150382–1234", "１５０３８２-１２３４", "150382—1234"])
def test_unicode_dashes_and_digits_read_as_stdnum_reads_them(value: str) -> None:
    assert normalise(value) == "1503821234"
