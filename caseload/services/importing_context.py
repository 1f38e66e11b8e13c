"""What every chunk of the morning batch shares (``Context``: the day, the rule set, who
runs the import and who gets new cases, the obligations of each kind of new case computed
once) and the cases a run opened (``Ranges``). The chunks themselves: ``importing_chunk``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from caseload.domain.model import CaseFacts, Group
from caseload.domain.rules import obligations
from caseload.domain.ruleset import RuleSet
from caseload.services.importing_sql import sql_value
from caseload.services.policy import ImportRight

__all__ = ["Context", "Ranges"]


class Ranges:
    """Ids in a few runs ``low``–``high`` (the cases a batch opened: one run a chunk), so a
    batch of any size keeps a handful of numbers, not one per case."""

    def __init__(self) -> None:
        self.runs: list[list[int]] = []

    def add(self, low: int, high: int) -> None:
        if self.runs and self.runs[-1][0] <= low <= self.runs[-1][1] + 1:
            self.runs[-1][1] = max(high, self.runs[-1][1])
        elif self.runs and self.runs[-1][1] + 1 == low:
            self.runs[-1][1] = high
        else:
            self.runs.append([low, high])

    def __contains__(self, value: object) -> bool:
        return any(low <= value <= high for low, high in self.runs)  # type: ignore[operator]


@dataclass
class Context:
    """What every chunk of a batch shares: the day, the rule set, who gets new cases."""

    today: date
    now: datetime
    rules: RuleSet
    assign_id: int | None
    by_day: dict[int, int]
    pause_mid_chunk: float = 0.0
    warnings: list[str] = field(default_factory=list)
    stamp: str = ""
    cache: dict[tuple, tuple[list[tuple], str | None]] = field(default_factory=dict)
    actor: str = "import"  # the login running the import, for the audit log
    right: ImportRight | None = None  # None: the tool itself (tests), every form
    # The real clock (aware): when each chunk's rows are stamped (audit entries,
    # imported_at). None: ``now`` (tests of the bulk path). Never moved by ``--today``.
    clock: Callable[[], datetime] | None = None
    created: Ranges = field(default_factory=Ranges)  # cases this run opened

    def __post_init__(self) -> None:
        self.stamp = str(sql_value(self.now))
        self.today_text = self.today.isoformat()

    def obligations(self, first: date, group: str,
                    expected_return: date | None) -> tuple[list[tuple], str | None]:
        """A new case's obligation rows (without case_id) and next due day, computed once
        per (first absence day, group, expected return) by the pure rules core."""
        key = (first, group, expected_return)
        found = self.cache.get(key)
        if found is None:
            facts = CaseFacts(first_absence_day=first, group=Group(group),
                              expected_return_date=expected_return)
            owed = obligations(facts, self.rules)
            rows = [(o.kind.value, o.seq, o.due.isoformat(), o.book_by.isoformat(),
                     o.met_on.isoformat() if o.met_on else None, o.requirement) for o in owed]
            dues = [o.due for o in owed if o.met_on is None]
            found = self.cache[key] = (rows, min(dues).isoformat() if dues else None)
        return found
