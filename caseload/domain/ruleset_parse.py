"""Parsing a rule set from a plain dict (the TOML files in ``caseload/rulesets``), strictly:
every unknown key or value is a ``RuleSetError`` naming where it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caseload.domain.model import Group, InterviewKind, InterviewMode, ObligationKind
from caseload.domain.ruleset import (
    ALL_CATEGORIES,
    ALLOCATIONS,
    ANCHORS,
    COURSE_STARTS,
    RECORDS,
    SERIES_AFTER,
    SERIES_PAUSED_BY,
    SERIES_STARTS,
    SERIES_UNTIL,
    Applies,
    DueFrom,
    Interval,
    MetBy,
    Offset,
    Rule,
    RuleSet,
    RuleSetError,
    Series,
    Spread,
)


def parse(data: dict[str, Any]) -> tuple[RuleSet | None, list[RuleSetError]]:
    """The rule set, or every problem found in ``data`` (see ``RuleSet.from_dict``)."""
    problems: list[RuleSetError] = []
    name = data["name"] if isinstance(data.get("name"), str) else "rule set"

    def top(key: str, parse: Any, default: Any = None) -> Any:
        try:
            return parse()
        except RuleSetError as exc:
            exc.key = exc.key or key
            problems.append(exc)
            return default

    keys = {"name", "title", "in_person_modes", "course_start", "allocation", "obligation",
            "categories", "category_read_as", "predictable_course", "close_ahead_days"}
    top("name", lambda: _only(data, keys, name))
    top("name", lambda: _req(data, "name", "rule set"))

    def course_start() -> None:
        if data.get("course_start", "first_held_follow_up") not in COURSE_STARTS:
            raise RuleSetError(f"{name}: course_start must be one of {sorted(COURSE_STARTS)}")
    top("course_start", course_start)
    modes = top("in_person_modes", lambda: frozenset(
        _enum(InterviewMode, m, f"{name}: in_person_modes")
        for m in _list(data.get("in_person_modes", ["in_person"]),
                       f"{name}: in_person_modes")), frozenset())
    allocation = top("allocation", lambda: _choice(data.get("allocation", "none"),
                                                   ALLOCATIONS, f"{name}: allocation"))
    categories = top("categories", lambda: _categories(data, name), ALL_CATEGORIES)
    read_as = top("category_read_as", lambda: _read_as(data, categories, name), {})
    weeks = top("predictable_course", lambda: _predictable(data, name))
    ahead = top("close_ahead_days", lambda: _close_ahead(data, name), 0)
    context = _Parsing(categories=categories, predictable_course=weeks is not None)
    rules = []
    raw_rules = data.get("obligation", [])
    if not isinstance(raw_rules, list):
        raw_rules = []
        problems.append(RuleSetError(f"{name}: obligation: expected [[obligation]] tables",
                                     key="obligation"))
    for i, raw in enumerate(raw_rules):
        try:
            rules.append(_rule(raw, f"{name}: obligation {i + 1}", context))
        except RuleSetError as exc:
            exc.obligation = i
            problems.append(exc)
    if not raw_rules and not problems:
        problems.append(RuleSetError(f"{name}: no [[obligation]] entries", key="obligation"))
    if problems:
        return None, problems
    return RuleSet(name=name, title=data.get("title", name), in_person_modes=modes,
               rules=tuple(rules), allocation=allocation, categories=categories,
               read_as=read_as, predictable_course_weeks=weeks, close_ahead_days=ahead), []


def _close_ahead(data: dict[str, Any], name: str) -> int:
    ahead = data.get("close_ahead_days", 0)
    if isinstance(ahead, bool) or not isinstance(ahead, int) or ahead < 0:
        raise RuleSetError(f"{name}: close_ahead_days must be a whole number of days, 0 or more")
    return ahead


@dataclass(frozen=True, slots=True)
class _Parsing:
    """What the obligations are checked against: the rule set's own settings."""

    categories: tuple[int, ...]
    predictable_course: bool


def _categories(data: dict[str, Any], name: str) -> tuple[int, ...]:
    raw = _list(data.get("categories", list(ALL_CATEGORIES)), f"{name}: categories")
    found = tuple(sorted({_category(c, f"{name}: categories") for c in raw} - {None}))
    if not found:
        raise RuleSetError(f"{name}: categories: give at least one of 1, 2, 3")
    return found  # type: ignore[return-value]


def _read_as(data: dict[str, Any], categories: tuple[int, ...], name: str) -> dict[int, int]:
    raw = data.get("category_read_as", {})
    _only(raw, {"1", "2", "3"}, f"{name}: category_read_as")
    read_as = {}
    for key, value in raw.items():
        where = f"{name}: category_read_as.{key}"
        if int(key) in categories:
            raise RuleSetError(f"{where}: category {key} is in use (categories) and "
                               "cannot be read as another")
        if isinstance(value, bool) or value not in categories:
            raise RuleSetError(f"{where}: {value!r} is not one of the categories "
                               f"{list(categories)}")
        read_as[int(key)] = value
    return read_as


def _predictable(data: dict[str, Any], name: str) -> int | None:
    if "predictable_course" not in data:
        return None
    raw = data["predictable_course"]
    where = f"{name}: predictable_course"
    _only(raw, {"weeks"}, where)
    weeks = _req(raw, "weeks", where)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise RuleSetError(f"{where}: weeks must be a whole number ≥ 1")
    return weeks


def _section(key: str, parse: Any, *args: Any) -> Any:
    """``parse(*args)``; an error it raises is located at ``key`` (unless it says better)."""
    try:
        return parse(*args)
    except RuleSetError as exc:
        exc.key = exc.key or key
        raise


def _rule(raw: dict[str, Any], where: str, context: _Parsing) -> Rule:
    _only(raw, {"kind", "applies", "due", "series", "every", "met_by"}, where)
    kind = _section("kind", lambda: _enum(ObligationKind, _req(raw, "kind", where),
                                          f"{where}: kind"))
    where = f"{where} ({kind})"
    has_due, has_series = "due" in raw, "series" in raw
    if has_due == has_series:
        raise RuleSetError(f"{where}: give exactly one of 'due' and 'series'", key="kind")
    if has_due and "every" in raw:
        raise RuleSetError(f"{where}: 'every' goes with 'series', not with 'due'", key="every")
    applies = _section("applies", lambda: _applies(raw.get("applies", {}), where, context))
    met_by = _section("met_by", lambda: _met_by(_req(raw, "met_by", where), where))
    rule = Rule(kind=kind, applies=applies, met_by=met_by)
    if has_due:
        dues = _section("due", lambda: tuple(
            _due_from(d, f"{where}: due", context) for d in _list(raw["due"], f"{where}: due")))
        if not dues:
            raise RuleSetError(f"{where}: 'due' is empty", key="due")
        return Rule(**{**_fields(rule), "due": dues})
    s = _section("series", lambda: _series(raw["series"], where, context))
    every = {}
    raw_every = _section("every", lambda: _req(raw, "every", where))
    if not isinstance(raw_every, dict):
        raise RuleSetError(f"{where}: every: expected a table", key="every")
    for key, value in raw_every.items():
        interval = _section(f"every.{key}", _interval, value, f"{where}: every.{key}")
        for category in _section(f"every.{key}", _category_keys, key, where, context):
            every[category] = interval
    return Rule(**{**_fields(rule), "series": s, "every": every})


def _series(series: Any, where: str, context: _Parsing) -> Series:
    _only(series, {"after", "starts", "until", "paused_by"}, f"{where}: series")
    paused_by = None
    if "paused_by" in series:
        paused_by = _choice(series["paused_by"], SERIES_PAUSED_BY, f"{where}: series.paused_by")
        if not context.predictable_course:
            raise RuleSetError(f"{where}: series.paused_by: the rule set has no "
                               "predictable_course = { weeks = … }")
    return Series(
        after=_choice(_req(series, "after", where), SERIES_AFTER, f"{where}: series.after"),
        starts=_choice(series.get("starts", "first_met"), SERIES_STARTS,
                       f"{where}: series.starts"),
        until=_choice(series["until"], SERIES_UNTIL, f"{where}: series.until")
        if "until" in series else None,
        paused_by=paused_by)


def _interval(value: Any, where: str) -> Interval:
    _only(value, {"days", "weeks", "months", "in_person", "in_person_after_remote", "spread",
                  "agreed_day"}, where)
    spread = None
    if "spread" in value:
        raw = value["spread"]
        _only(raw, {"held", "months"}, f"{where}: spread")
        numbers = {}
        for key in ("held", "months"):
            number = _req(raw, key, f"{where}: spread")
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise RuleSetError(f"{where}: spread.{key} must be a whole number ≥ 1")
            numbers[key] = number
        spread = Spread(**numbers)
    flags = {}
    for key in ("in_person", "in_person_after_remote", "agreed_day"):
        flag = value.get(key, False)
        if not isinstance(flag, bool):
            raise RuleSetError(f"{where}: {key} must be true or false")
        flags[key] = flag
    return Interval(offset=_offset(value, where), spread=spread, **flags)


def _category_keys(key: str, where: str, context: _Parsing) -> list[int | None]:
    if key == "all":
        return [*context.categories, None]
    if key == "none":
        return [None]
    if key in {"1", "2", "3"}:
        return [_in_use(int(key), f"{where}: every.{key}", context)]
    raise RuleSetError(f"{where}: every.{key}: the key must be 1, 2, 3, none or all")


def _in_use(category: int | None, where: str, context: _Parsing) -> int | None:
    if category is not None and category not in context.categories:
        raise RuleSetError(f"{where}: category {category} is not one of this rule set's "
                           f"categories {list(context.categories)}")
    return category


def _applies(raw: dict[str, Any], where: str, context: _Parsing) -> Applies:
    _only(raw, {"categories", "groups", "exempt"}, f"{where}: applies")
    cats = None
    if "categories" in raw:
        here = f"{where}: applies.categories"
        cats = frozenset(_in_use(_category(c, here), here, context)
                         for c in _list(raw["categories"], here))
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
    _only(raw, {"interviews", "in_person", "weekly_hours", "record", "or_record"},
          f"{where}: met_by")
    kinds = frozenset(_enum(InterviewKind, k, f"{where}: met_by.interviews")
                      for k in _list(raw.get("interviews", []), f"{where}: met_by.interviews"))
    record = raw.get("record")
    if record is not None:
        _choice(record, RECORDS, f"{where}: met_by.record")
    or_record = raw.get("or_record")
    if or_record is not None:
        _choice(or_record, RECORDS, f"{where}: met_by.or_record")
        if not kinds:
            raise RuleSetError(f"{where}: met_by.or_record goes with interviews")
    hours = raw.get("weekly_hours")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float)
                              or hours <= 0):
        raise RuleSetError(f"{where}: met_by.weekly_hours must be a number > 0")
    if sum(x is not None and x != frozenset() for x in (kinds or None, record, hours)) != 1:
        raise RuleSetError(f"{where}: met_by needs exactly one of interviews, weekly_hours, record")
    return MetBy(interviews=kinds, in_person=bool(raw.get("in_person", False)),
                 weekly_hours=float(hours) if hours is not None else None, record=record,
                 or_record=or_record)


def _due_from(raw: dict[str, Any], where: str, context: _Parsing) -> DueFrom:
    _only(raw, {"from", "days", "weeks", "months"}, where)
    anchor = _choice(_req(raw, "from", where), ANCHORS, f"{where}: from")
    if anchor == "predictable_return_date" and not context.predictable_course:
        raise RuleSetError(f"{where}: from: predictable_return_date needs "
                           "predictable_course = { weeks = … } at the top of the rule set")
    return DueFrom(anchor=anchor, offset=_offset(raw, where))


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
