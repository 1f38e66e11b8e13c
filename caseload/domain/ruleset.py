"""A rule set as data: parsed from a plain dict (the TOML files in ``caseload/rulesets``).

Parsing is strict: an unknown key or value is a ``RuleSetError`` naming where it is, so a
jobcentre that edits its copy learns at once what is wrong instead of getting silent defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseload.domain.model import Group, InterviewKind, InterviewMode, ObligationKind

ANCHORS = {"first_absence_day", "course_start", "expected_return_date", "category_3_since",
           "predictable_return_date"}
SERIES_AFTER = {"met_follow_up", "any_held_interview"}
SERIES_STARTS = {"course_start", "first_met"}
SERIES_UNTIL = {"participation_end"}
SERIES_PAUSED_BY = {"predictable_course"}
RECORDS = {"participation_ended", "reassessed", "return"}
COURSE_STARTS = {"first_held_follow_up"}
ALLOCATIONS = {"odd_birth_year", "none"}
ALL_CATEGORIES = (1, 2, 3)


class RuleSetError(ValueError):
    """What is wrong, and where: ``obligation`` (0-based index of the ``[[obligation]]``
    table, None at the top level) and ``key`` (the key in it), so a checker can find the line."""

    def __init__(self, message: str, *, obligation: int | None = None,
                 key: str | None = None) -> None:
        super().__init__(message)
        self.obligation = obligation
        self.key = key


@dataclass(frozen=True, slots=True)
class Offset:
    days: int = 0
    weeks: int = 0
    months: int = 0


@dataclass(frozen=True, slots=True)
class DueFrom:
    anchor: str
    offset: Offset


@dataclass(frozen=True, slots=True)
class Spread:
    """At least ``held`` held interviews within the first ``months`` calendar months counted
    from the first day of absence (the period ends F + months − 1 day); the ones still owed
    are spaced evenly up to the end of the period."""

    held: int
    months: int


@dataclass(frozen=True, slots=True)
class Interval:
    offset: Offset
    in_person: bool = False  # every instance must be held in person
    in_person_after_remote: bool = False  # where the last was not in person, the next must be
    spread: Spread | None = None  # within the period, the spacing instead of ``offset``
    agreed_day: bool = False  # outside it, the day agreed at the last interview, if recorded


@dataclass(frozen=True, slots=True)
class MetBy:
    interviews: frozenset[InterviewKind] = frozenset()
    in_person: bool = False
    weekly_hours: float | None = None
    record: str | None = None
    or_record: str | None = None  # with interviews: a record meets it too (the earlier wins)


@dataclass(frozen=True, slots=True)
class Applies:
    categories: frozenset[int | None] | None = None  # None: every category
    groups: frozenset[Group] | None = None
    exempt: bool | None = None  # False: only cases that are not exempted


@dataclass(frozen=True, slots=True)
class Series:
    after: str
    starts: str = "first_met"
    until: str | None = None
    paused_by: str | None = None  # "predictable_course": nothing owed while § 13 f holds


@dataclass(frozen=True, slots=True)
class Rule:
    kind: ObligationKind
    applies: Applies
    met_by: MetBy
    due: tuple[DueFrom, ...] = ()
    series: Series | None = None
    every: dict[int | None, Interval] | None = None  # key None: no category; "all" → every key


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str
    title: str
    in_person_modes: frozenset[InterviewMode]
    rules: tuple[Rule, ...]
    allocation: str = "none"  # how a new case is placed in a group (caseload.domain.groups)
    categories: tuple[int, ...] = ALL_CATEGORIES  # the categories a caseworker may set
    read_as: dict[int, int] = field(default_factory=dict)  # an old category read as another
    predictable_course_weeks: int | None = None  # § 13 f: return expected within n weeks
    close_ahead_days: int = 0  # how many days after today a case may be closed on

    @property
    def agrees_next_day(self) -> bool:
        """Does any rhythm follow a next follow-up day agreed with the citizen?"""
        return any(interval.agreed_day for rule in self.rules
                   for interval in (rule.every or {}).values())

    def interview_matches(self) -> tuple[tuple[str, str], ...]:
        """``(obligation kind, interview kind)`` for every kind of interview that meets an
        obligation (``met_by.interviews``); whether its mode must be in person is the
        obligation's own ``requirement``."""
        return tuple(sorted({(rule.kind.value, kind.value) for rule in self.rules
                             for kind in rule.met_by.interviews}))

    def read_category(self, category: int | None) -> int | None:
        """The category as this rule set reads it (e.g. sdp-2025 reads 3 as 2)."""
        return self.read_as.get(category, category) if category is not None else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        from caseload.domain.ruleset_parse import parse

        rules, problems = parse(data)
        if problems:
            raise problems[0]
        assert rules is not None
        return rules

    @classmethod
    def problems(cls, data: dict[str, Any]) -> list[RuleSetError]:
        """Every problem of the rule set (one per top-level key and per obligation)."""
        from caseload.domain.ruleset_parse import parse

        return parse(data)[1]
