"""A rule set as data: parsed from a plain dict (the TOML files in ``caseload/rulesets``).

Parsing is strict: an unknown key or value is a ``RuleSetError`` naming where it is, so a
jobcentre that edits its copy learns at once what is wrong instead of getting silent defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caseload.domain.model import Group, InterviewKind, InterviewMode, ObligationKind

ANCHORS = {"first_absence_day", "course_start", "expected_return_date", "category_3_since"}
SERIES_AFTER = {"met_follow_up", "any_held_interview"}
SERIES_STARTS = {"course_start", "first_met"}
SERIES_UNTIL = {"participation_end"}
RECORDS = {"participation_ended", "reassessed"}
COURSE_STARTS = {"first_held_follow_up"}
ALLOCATIONS = {"odd_birth_year", "none"}


class RuleSetError(ValueError):
    pass


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
class Interval:
    offset: Offset
    in_person: bool = False  # every instance must be held in person
    in_person_after_remote: bool = False  # where the last was not in person, the next must be


@dataclass(frozen=True, slots=True)
class MetBy:
    interviews: frozenset[InterviewKind] = frozenset()
    in_person: bool = False
    weekly_hours: float | None = None
    record: str | None = None


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        keys = {"name", "title", "in_person_modes", "course_start", "allocation", "obligation"}
        _only(data, keys, data["name"] if isinstance(data.get("name"), str) else "rule set")
        name = _req(data, "name", "rule set")
        if data.get("course_start", "first_held_follow_up") not in COURSE_STARTS:
            raise RuleSetError(f"{name}: course_start must be one of {sorted(COURSE_STARTS)}")
        modes = frozenset(_enum(InterviewMode, m, f"{name}: in_person_modes") for m in
                          data.get("in_person_modes", ["in_person"]))
        rules = tuple(
            _rule(raw, f"{name}: obligation {i + 1}")
            for i, raw in enumerate(data.get("obligation", []))
        )
        if not rules:
            raise RuleSetError(f"{name}: no [[obligation]] entries")
        allocation = _choice(data.get("allocation", "none"), ALLOCATIONS, f"{name}: allocation")
        return cls(name=name, title=data.get("title", name), in_person_modes=modes, rules=rules,
                   allocation=allocation)


def _rule(raw: dict[str, Any], where: str) -> Rule:
    _only(raw, {"kind", "applies", "due", "series", "every", "met_by"}, where)
    kind = _enum(ObligationKind, _req(raw, "kind", where), f"{where}: kind")
    where = f"{where} ({kind})"
    has_due, has_series = "due" in raw, "series" in raw
    if has_due == has_series:
        raise RuleSetError(f"{where}: give exactly one of 'due' and 'series'")
    if has_due and "every" in raw:
        raise RuleSetError(f"{where}: 'every' goes with 'series', not with 'due'")
    rule = Rule(kind=kind, applies=_applies(raw.get("applies", {}), where),
                met_by=_met_by(_req(raw, "met_by", where), where))
    if has_due:
        dues = tuple(_due_from(d, f"{where}: due") for d in _list(raw["due"], f"{where}: due"))
        if not dues:
            raise RuleSetError(f"{where}: 'due' is empty")
        return Rule(**{**_fields(rule), "due": dues})
    series = raw["series"]
    _only(series, {"after", "starts", "until"}, f"{where}: series")
    s = Series(after=_choice(_req(series, "after", where), SERIES_AFTER, f"{where}: series.after"),
               starts=_choice(series.get("starts", "first_met"), SERIES_STARTS,
                              f"{where}: series.starts"),
               until=_choice(series["until"], SERIES_UNTIL, f"{where}: series.until")
               if "until" in series else None)
    every = {}
    raw_every = _req(raw, "every", where)
    if not isinstance(raw_every, dict):
        raise RuleSetError(f"{where}: every: expected a table")
    for key, value in raw_every.items():
        _only(value, {"days", "weeks", "months", "in_person", "in_person_after_remote"},
              f"{where}: every.{key}")
        interval = Interval(offset=_offset(value, f"{where}: every.{key}"),
                            in_person=bool(value.get("in_person", False)),
                            in_person_after_remote=bool(value.get("in_person_after_remote", False)))
        for category in (_category_keys(key, where)):
            every[category] = interval
    return Rule(**{**_fields(rule), "series": s, "every": every})


def _category_keys(key: str, where: str) -> list[int | None]:
    if key == "all":
        return [1, 2, 3, None]
    if key == "none":
        return [None]
    if key in {"1", "2", "3"}:
        return [int(key)]
    raise RuleSetError(f"{where}: every.{key}: the key must be 1, 2, 3, none or all")


def _applies(raw: dict[str, Any], where: str) -> Applies:
    _only(raw, {"categories", "groups", "exempt"}, f"{where}: applies")
    cats = None
    if "categories" in raw:
        cats = frozenset(_category(c, f"{where}: applies.categories")
                         for c in _list(raw["categories"], f"{where}: applies.categories"))
    groups = None
    if "groups" in raw:
        groups = frozenset(_enum(Group, g, f"{where}: applies.groups")
                           for g in _list(raw["groups"], f"{where}: applies.groups"))
    exempt = raw.get("exempt")
    if exempt is not None and not isinstance(exempt, bool):
        raise RuleSetError(f"{where}: applies.exempt must be true or false")
    return Applies(categories=cats, groups=groups, exempt=exempt)


def _category(value: Any, where: str) -> int | None:
    if value == "none":
        return None
    if isinstance(value, bool) or value not in {1, 2, 3}:
        raise RuleSetError(f"{where}: {value!r} is not one of 1, 2, 3, 'none'")
    return value


def _met_by(raw: dict[str, Any], where: str) -> MetBy:
    _only(raw, {"interviews", "in_person", "weekly_hours", "record"}, f"{where}: met_by")
    kinds = frozenset(_enum(InterviewKind, k, f"{where}: met_by.interviews")
                      for k in raw.get("interviews", []))
    record = raw.get("record")
    if record is not None:
        _choice(record, RECORDS, f"{where}: met_by.record")
    hours = raw.get("weekly_hours")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float)
                              or hours <= 0):
        raise RuleSetError(f"{where}: met_by.weekly_hours must be a number > 0")
    if sum(x is not None and x != frozenset() for x in (kinds or None, record, hours)) != 1:
        raise RuleSetError(f"{where}: met_by needs exactly one of interviews, weekly_hours, record")
    return MetBy(interviews=kinds, in_person=bool(raw.get("in_person", False)),
                 weekly_hours=float(hours) if hours is not None else None, record=record)


def _due_from(raw: dict[str, Any], where: str) -> DueFrom:
    _only(raw, {"from", "days", "weeks", "months"}, where)
    return DueFrom(anchor=_choice(_req(raw, "from", where), ANCHORS, f"{where}: from"),
                   offset=_offset(raw, where))


def _offset(raw: dict[str, Any], where: str) -> Offset:
    values = {k: raw.get(k, 0) for k in ("days", "weeks", "months")}
    for k, v in values.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise RuleSetError(f"{where}: {k} must be a whole number ≥ 0")
    return Offset(**values)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise RuleSetError(f"{where}: expected a list")
    return value


def _fields(rule: Rule) -> dict[str, Any]:
    return {f: getattr(rule, f) for f in Rule.__dataclass_fields__}


def _req(raw: dict[str, Any], key: str, where: str) -> Any:
    if key not in raw:
        raise RuleSetError(f"{where}: '{key}' is missing")
    return raw[key]


def _only(raw: Any, allowed: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise RuleSetError(f"{where}: expected a table")
    unknown = set(raw) - allowed
    if unknown:
        raise RuleSetError(f"{where}: unknown key(s) {sorted(unknown)}")


def _choice(value: Any, allowed: set[Any], where: str) -> Any:
    if value not in allowed:
        raise RuleSetError(f"{where}: {value!r} is not one of {sorted(map(str, allowed))}")
    return value


def _enum(enum: Any, value: Any, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise RuleSetError(
            f"{where}: {value!r} is not one of {[e.value for e in enum]}"
        ) from None
