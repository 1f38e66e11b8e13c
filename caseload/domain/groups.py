"""Allocation to the trial's groups at intake, and category suggestions from a form."""

from __future__ import annotations

from datetime import date

from caseload.domain.model import Group


def allocate_group(birth: date, method: str = "odd_birth_year") -> Group:
    """The trial's default: born in an odd year → participant, even → control."""
    if method == "odd_birth_year":
        return Group.PARTICIPANT if birth.year % 2 else Group.CONTROL
    if method == "none":
        return Group.OUTSIDE
    raise ValueError(f"unknown allocation method {method!r}")


def suggest_category(expected_duration: str | None) -> int | None:
    """A suggestion only; the caseworker decides the category at the first follow-up.

    Under 8 weeks suggests category 1 (ready for work soon); over 8 weeks suggests 2; an
    unknown duration suggests nothing.
    """
    return {"under_8_weeks": 1, "over_8_weeks": 2}.get(expected_duration or "")
