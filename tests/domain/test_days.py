"""The one reading of a written day."""

from __future__ import annotations

from datetime import date

import pytest

from caseload.domain.days import parse_day


@pytest.mark.parametrize("text", ["2026-11-04", " 2026-11-04 ", "04-11-2026", "04.11.2026"])
def test_iso_and_danish_days(text: str) -> None:
    assert parse_day(text) == date(2026, 11, 4)


@pytest.mark.parametrize("text", ["", "2026-02-30", "04-11.2026", "4.11.2026", "20261104",
                                  "2026-11-4", "i morgen"])
def test_anything_else_is_none(text: str) -> None:
    assert parse_day(text) is None


def test_the_command_line_takes_iso_only() -> None:
    assert parse_day("04-11-2026", danish=False) is None
    assert parse_day("2026-11-04", danish=False) == date(2026, 11, 4)
