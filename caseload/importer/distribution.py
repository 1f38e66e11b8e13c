"""Who gets a new case: jobcentres commonly split by the citizen's day of birth.

Each caseworker's ``birth_days`` is a list of days or ranges of days of the month, e.g.
``"1-10"`` or ``"1-5, 20-31"``. Where two caseworkers claim the same day, the first by
login wins (and a warning says so); a day nobody claims leaves the case unassigned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from caseload.i18n import t

_PART = re.compile(r"\s*([0-9]{1,2})\s*(?:-\s*([0-9]{1,2})\s*)?")


class DistributionError(ValueError):
    pass


def parse_days(spec: str) -> set[int]:
    """``"1-10, 15"`` → {1, …, 10, 15}; anything else is a ``DistributionError``."""
    days: set[int] = set()
    for part in spec.split(","):
        match = _PART.fullmatch(part)
        if not match:
            raise DistributionError(t("import_reason.days_list", spec=spec))
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if not 1 <= low <= high <= 31:
            raise DistributionError(t("import_reason.days_range", spec=spec))
        days.update(range(low, high + 1))
    return days


def by_day(caseworkers: Iterable[tuple[int, str, str | None]]) -> tuple[dict[int, int],
                                                                         list[str]]:
    """``(id, login, birth_days)`` of the active caseworkers → day → caseworker id, warnings."""
    table: dict[int, int] = {}
    owner: dict[int, str] = {}
    warnings: list[str] = []
    for worker_id, login, spec in sorted(caseworkers, key=lambda w: w[1]):
        if not spec or not spec.strip():
            continue
        try:
            days = parse_days(spec)
        except DistributionError as exc:
            warnings.append(t("import_reason.birth_days", login=login, reason=exc))
            continue
        for day in sorted(days):
            if day in table:
                warnings.append(t("import_reason.day_taken", login=login, day=day,
                                  owner=owner[day]))
                continue
            table[day], owner[day] = worker_id, login
    return table, warnings
