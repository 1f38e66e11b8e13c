"""A rule set in words (for ``caseload rules show``) and the lines of a file's problems (for
``caseload rules check``). Every word comes from the i18n catalogue."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from rich.table import Table

from caseload.domain.ruleset import (
    Applies,
    DueFrom,
    Interval,
    MetBy,
    Offset,
    Rule,
    RuleSet,
    RuleSetError,
)
from caseload.i18n import t

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER = re.compile(r"^\s*\[\[\s*obligation\s*\]\]")


# -- show ----------------------------------------------------------------------------------

def rules_table(rules: RuleSet) -> Table:
    table = Table(title=t("rules.title", title=rules.title, name=rules.name),
                  caption=_caption(rules), show_lines=True)
    for key in ("obligation", "applies", "due", "met_by"):
        table.add_column(t(f"rules.col_{key}"), overflow="fold")
    for rule in rules.rules:
        table.add_row(t(f"obligation.{rule.kind.value}"), _applies(rule.applies),
                      _due(rule, rules), _met_by(rule.met_by))
    return table


def _caption(rules: RuleSet) -> str:
    lines = [t("rules.categories", categories=", ".join(map(str, rules.categories)))]
    for old, new in sorted(rules.read_as.items()):
        lines.append(t("rules.read_as", old=old, new=new))
    modes = ", ".join(t(f"mode.{m.value}") for m in sorted(rules.in_person_modes))
    lines.append(t("rules.in_person", modes=modes))
    lines.append(t(f"rules.allocation_{rules.allocation}"))
    if rules.predictable_course_weeks:
        lines.append(t("rules.predictable", weeks=rules.predictable_course_weeks))
    return "\n".join(lines)


def _category(value: int | None) -> str:
    return t("category.value", n=value) if value is not None else t("category.none")


def _applies(applies: Applies) -> str:
    parts = []
    if applies.categories is not None:
        cats = sorted(applies.categories, key=lambda c: (c is None, c or 0))
        parts.append(", ".join(_category(c) for c in cats))
    if applies.groups is not None:
        parts.append(", ".join(t(f"group.{g.value}") for g in sorted(applies.groups)))
    if applies.exempt is False:
        parts.append(t("rules.not_exempt"))
    elif applies.exempt:
        parts.append(t("rules.exempt"))
    return "\n".join(parts) or t("rules.every_case")


def _offset(offset: Offset) -> str:
    parts = [t(f"rules.{unit}", n=n) for unit, n in
             (("months", offset.months), ("weeks", offset.weeks), ("days", offset.days)) if n]
    return " + ".join(parts)


def _due_from(due: DueFrom) -> str:
    anchor = t(f"rules.anchor_{due.anchor}")
    offset = _offset(due.offset)
    return t("rules.after", offset=offset, anchor=anchor) if offset else anchor


def _due(rule: Rule, rules: RuleSet) -> str:
    if rule.due:
        return t("rules.otherwise").join(_due_from(d) for d in rule.due)
    assert rule.series is not None and rule.every is not None
    after = t(f"rules.series_{rule.series.after}")
    by_interval: dict[Interval, list[int | None]] = {}
    for category, interval in rule.every.items():
        by_interval.setdefault(interval, []).append(category)
    lines = []
    for interval, categories in by_interval.items():
        cats = sorted(categories, key=lambda c: (c is None, c or 0))
        line = t("rules.every", offset=_offset(interval.offset), after=after)
        if interval.agreed_day:
            line = t("rules.agreed_day") + " " + line
        if interval.spread is not None:
            line = t("rules.spread", held=interval.spread.held,
                     months=interval.spread.months) + "; " + t("rules.then") + " " + line
        if interval.in_person:
            line += "; " + t("rules.in_person_each")
        if interval.in_person_after_remote:
            line += "; " + t("rules.in_person_after_remote")
        every = set(cats) == {*rules.categories, None}
        who = t("rules.any_category") if every else ", ".join(_category(c) for c in cats)
        lines.append(f"{who}: {line}")
    if rule.series.starts == "course_start":
        lines.append(t("rules.starts_course"))
    if rule.series.until:
        lines.append(t("rules.until_participation_end"))
    if rule.series.paused_by:
        lines.append(t("rules.paused_by_predictable_course"))
    return "\n".join(lines)


def _met_by(met_by: MetBy) -> str:
    if met_by.weekly_hours is not None:
        return t("rules.weekly_hours", hours=f"{met_by.weekly_hours:g}")
    if met_by.record:
        return t(f"rules.record_{met_by.record}")
    kinds = ", ".join(t(f"kind.{k.value}") for k in sorted(met_by.interviews))
    text = t("rules.held", kinds=kinds)
    if met_by.in_person:
        text += " " + t("rules.held_in_person")
    if met_by.or_record:
        text += "\n" + t("rules.or") + " " + t(f"rules.record_{met_by.or_record}")
    return text


# -- check ---------------------------------------------------------------------------------

def problems(path: Path) -> list[tuple[int, str]]:
    """Every problem of the rule set file as (line, message); [] when it can be used."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [(raw[:exc.start].count(b"\n") + 1, t("rules.not_utf8"))]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        return [(int(found.group(1)) if found else 1, _TOML_POSITION.sub("", str(exc)).strip())]
    lines = text.splitlines()
    return [(line_of(lines, p), str(p)) for p in RuleSet.problems(data)]


def line_of(lines: list[str], problem: RuleSetError) -> int:
    """The line (1-based) of the key a problem is about: within its ``[[obligation]]`` table
    (or the top of the file), the line that sets the key; else the table's header."""
    headers = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    if problem.obligation is not None and problem.obligation < len(headers):
        start = headers[problem.obligation]
        later = [h for h in headers if h > start]
        end = later[0] if later else len(lines)
    else:
        start, end = 0, headers[0] if headers else len(lines)
    key = problem.key or ""
    head, _, rest = key.partition(".")
    patterns = []
    if rest:
        patterns.append(rf"^\s*{re.escape(head)}\s*\.\s*\"?{re.escape(rest)}\"?\s*=")
    if head:
        patterns.append(rf"^\s*{re.escape(head)}\s*[=.]")
        patterns.append(rf"^\s*\[\s*obligation\s*\.\s*{re.escape(head)}\b")
    for pattern in patterns:
        for i in range(start, end):
            if re.match(pattern, lines[i]):
                return i + 1
    return start + 1
