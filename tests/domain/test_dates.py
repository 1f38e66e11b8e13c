"""The one parser for a typed day: Danish and English, relative days, weekday names."""

from __future__ import annotations

from datetime import date, time

import pytest

from caseload.domain.dates import parse_day, parse_time

TODAY = date(2026, 11, 4)  # a Wednesday


@pytest.mark.parametrize(("text", "day"), [
    ("2026-12-05", date(2026, 12, 5)), ("05.12.2026", date(2026, 12, 5)),
    ("5.12.2026", date(2026, 12, 5)), ("5-12-2026", date(2026, 12, 5)),
    ("5/12/2026", date(2026, 12, 5)), ("5/12/26", date(2026, 12, 5)),
    ("5/12", date(2026, 12, 5)), ("5.12.", date(2026, 12, 5)), (" 05.12 ", date(2026, 12, 5)),
    ("5. december 2026", date(2026, 12, 5)), ("5 dec", date(2026, 12, 5)),
    ("05 Dec 2026", date(2026, 12, 5)), ("1. maj 2027", date(2027, 5, 1)),
    ("i dag", TODAY), ("I  Morgen", date(2026, 11, 5)), ("tomorrow", date(2026, 11, 5)),
    ("i overmorgen", date(2026, 11, 6)), ("i går", date(2026, 11, 3)),
    ("+7", date(2026, 11, 11)), ("-3", date(2026, 11, 1)),
    ("mandag", date(2026, 11, 9)), ("fre", date(2026, 11, 6)), ("onsdag", date(2026, 11, 11)),
    ("lørdag", date(2026, 11, 7)), ("Monday", date(2026, 11, 9)),
])
def test_a_typed_day(text: str, day: date) -> None:
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize("text", ["", "31.02", "2026-13-01", "13/13", "blabla", "5 blabla",
                                  "+", "20261205"])
def test_not_a_day(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text, TODAY)


@pytest.mark.parametrize(("text", "at"), [("9", time(9)), ("9.30", time(9, 30)),
                                          ("09:30", time(9, 30)), ("14:05", time(14, 5))])
def test_a_typed_time(text: str, at: time) -> None:
    assert parse_time(text) == at


@pytest.mark.parametrize("text", ["", "25:00", "9:61", "nine"])
def test_not_a_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)
