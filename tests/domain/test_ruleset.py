"""Rule sets as data: the shipped ones parse; a broken one says where it is broken."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from caseload import rulesets
from caseload.domain.model import Group, InterviewMode, ObligationKind
from caseload.domain.ruleset import RuleSet, RuleSetError


def shipped(name: str) -> dict[str, Any]:
    text = resources.files(rulesets).joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_shipped_rule_sets_available() -> None:
    assert rulesets.available() == ["aktive-2008", "sdp-2014", "sdp-2025"]
    assert rulesets.DEFAULT == "aktive-2008"


def test_aktive_2008_parses() -> None:
    rules = rulesets.load("aktive-2008")
    assert rules.name == "aktive-2008"
    assert rules.allocation == "odd_birth_year"
    assert rules.in_person_modes == {InterviewMode.IN_PERSON, InterviewMode.HOME_VISIT}
    assert [r.kind for r in rules.rules] == [
        ObligationKind.FIRST_FOLLOW_UP, ObligationKind.FOLLOW_UP,
        ObligationKind.CONTACT_INTERVIEW, ObligationKind.ACTIVE_OFFER,
        ObligationKind.PARTICIPATION_END]
    follow_up = rules.rules[1]
    assert follow_up.every is not None
    assert follow_up.every[2].offset.weeks == 4 and follow_up.every[2].in_person_after_remote
    assert follow_up.every[1].offset.weeks == 8 and not follow_up.every[1].in_person_after_remote
    contact = rules.rules[2]
    assert contact.applies.groups == {Group.PARTICIPANT} and contact.applies.exempt is False


def test_sdp_2014_parses() -> None:
    rules = rulesets.load("sdp-2014")
    assert rules.allocation == "none"
    assert {r.kind for r in rules.rules} == {
        ObligationKind.FIRST_FOLLOW_UP, ObligationKind.FOLLOW_UP,
        ObligationKind.REHABILITATION_TEAM, ObligationKind.REASSESSMENT}
    assert rules.rules[0].applies.categories == {1}
    assert rules.rules[1].applies.categories == {2, 3, None}


def test_load_default_and_by_path(tmp_path: Path) -> None:
    assert rulesets.load() == rulesets.load("aktive-2008")
    text = resources.files(rulesets).joinpath("sdp-2014.toml").read_text("utf-8")
    copy_path = tmp_path / "mine.toml"
    copy_path.write_text(text.replace('name = "sdp-2014"', 'name = "mine"'), "utf-8")
    assert rulesets.load(str(copy_path)).name == "mine"


def test_load_unknown_name() -> None:
    with pytest.raises(RuleSetError, match="unknown rule set 'nope'"):
        rulesets.load("nope")


def test_load_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("name = \n", "utf-8")
    with pytest.raises(RuleSetError, match="broken.toml"):
        rulesets.load(str(path))


def _broken(change) -> str:  # noqa: ANN001
    data = copy.deepcopy(shipped("aktive-2008"))
    change(data)
    with pytest.raises(RuleSetError) as info:
        RuleSet.from_dict(data)
    return str(info.value)


def _set(path: str, value: Any):  # noqa: ANN202
    """A change setting ``obligation.<i>.<key>...`` (or a top-level key) to ``value``."""
    def change(data: dict[str, Any]) -> None:
        keys = path.split(".")
        target: Any = data
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value
    return change


def _delete(path: str):  # noqa: ANN202
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        target: Any = data
        for key in head:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_set("colour", "blue"), "aktive-2008: unknown key(s) ['colour']"),
    (_delete("name"), "rule set: 'name' is missing"),
    (_set("obligation", []), "aktive-2008: no [[obligation]] entries"),
    (_set("course_start", "first_contact"), "aktive-2008: course_start"),
    (_set("allocation", "random"), "aktive-2008: allocation: 'random'"),
    (_set("in_person_modes", ["in_person", "telepathy"]), "in_person_modes: 'telepathy'"),
    (_set("obligation.0.colour", 1), "aktive-2008: obligation 1: unknown key(s) ['colour']"),
    (_set("obligation.0.kind", "lunch"), "obligation 1: kind: 'lunch'"),
    (_delete("obligation.0.kind"), "obligation 1: 'kind' is missing"),
    (_delete("obligation.0.met_by"), "obligation 1 (first_follow_up): 'met_by' is missing"),
    (_set("obligation.0.due", [{"from": "birthday", "days": 55}]),
     "obligation 1 (first_follow_up): due: from: 'birthday' is not one of"),
    (_set("obligation.0.due", {"from": "first_absence_day"}),
     "obligation 1 (first_follow_up): due: expected a list"),
    (_set("obligation.0.due", []), "obligation 1 (first_follow_up): 'due' is empty"),
    (_set("obligation.0.due", [{"from": "first_absence_day", "days": -1}]),
     "obligation 1 (first_follow_up): due: days must be a whole number"),
    (_set("obligation.0.due", [{"from": "first_absence_day", "fortnights": 4}]),
     "obligation 1 (first_follow_up): due: unknown key(s) ['fortnights']"),
    (_set("obligation.0.series", {"after": "met_follow_up"}),
     "obligation 1 (first_follow_up): give exactly one of 'due' and 'series'"),
    (_set("obligation.0.every", {"1": {"weeks": 8}}),
     "obligation 1 (first_follow_up): 'every' goes with 'series'"),
    (_set("obligation.0.met_by", {"interviews": ["follow_up", "chat"]}),
     "obligation 1 (first_follow_up): met_by.interviews: 'chat'"),
    (_set("obligation.0.met_by", {}), "met_by needs exactly one of"),
    (_set("obligation.0.met_by", {"interviews": ["follow_up"], "record": "reassessed"}),
     "met_by needs exactly one of"),
    (_set("obligation.0.met_by", {"record": "birthday_party"}), "met_by.record: 'birthday_party'"),
    (_set("obligation.0.met_by", {"colour": "red"}), "met_by: unknown key(s) ['colour']"),
    (_set("obligation.3.met_by", {"weekly_hours": "ten"}),
     "obligation 4 (active_offer): met_by.weekly_hours must be a number"),
    (_set("obligation.3.met_by", {"weekly_hours": 0}), "met_by.weekly_hours must be a number > 0"),
    (_set("obligation.0.applies", {"categories": [4]}), "applies.categories: 4"),
    (_set("obligation.0.applies", {"categories": [True]}), "applies.categories: True"),
    (_set("obligation.0.applies", {"categories": "1"}), "applies.categories: expected a list"),
    (_set("obligation.0.applies", {"groups": ["vip"]}), "applies.groups: 'vip'"),
    (_set("obligation.0.applies", {"exempt": "no"}), "applies.exempt must be true or false"),
    (_set("obligation.0.applies", {"age": 30}), "applies: unknown key(s) ['age']"),
    (_delete("obligation.1.every"), "obligation 2 (follow_up): 'every' is missing"),
    (_set("obligation.1.every", 4), "obligation 2 (follow_up): every: expected a table"),
    (_set("obligation.1.every", {"4": {"weeks": 8}}), "every.4: the key must be 1, 2, 3, none"),
    (_set("obligation.1.every", {"1": {"weeks": 8, "by_pigeon": True}}),
     "every.1: unknown key(s) ['by_pigeon']"),
    (_set("obligation.1.every", {"1": {"weeks": 1.5}}), "every.1: weeks must be a whole number"),
    (_set("obligation.1.series", {"after": "lunch"}), "series.after: 'lunch'"),
    (_set("obligation.1.series", {"after": "met_follow_up", "starts": "monday"}),
     "series.starts: 'monday'"),
    (_set("obligation.1.series", {"after": "met_follow_up", "until": "forever"}),
     "series.until: 'forever'"),
    (_set("obligation.1.series", {"after": "met_follow_up", "colour": 1}),
     "series: unknown key(s) ['colour']"),
    (_set("obligation.1.series", {}), "obligation 2 (follow_up): 'after' is missing"),
])
def test_broken_rule_set_names_where(change, message: str) -> None:  # noqa: ANN001
    error = _broken(change)
    assert message in error


def test_sdp_2025_parses() -> None:
    rules = rulesets.load("sdp-2025")
    assert rules.categories == (1, 2) and rules.read_as == {3: 2}
    assert rules.predictable_course_weeks == 13 and rules.agrees_next_day
    series = rules.rules[2]
    assert series.series is not None and series.series.paused_by == "predictable_course"
    assert series.every is not None and 3 not in series.every
    spread = series.every[2].spread
    assert spread is not None and (spread.held, spread.months) == (4, 6)
    assert rules.rules[1].met_by.or_record == "return"
    assert not rulesets.load("aktive-2008").agrees_next_day


def _every_2(key: str, value: Any):  # noqa: ANN202
    def change(data: dict[str, Any]) -> None:
        data["obligation"][2]["every"]["2"][key] = value
    return change


def _broken_2025(change) -> RuleSetError:  # noqa: ANN001
    data = copy.deepcopy(shipped("sdp-2025"))
    change(data)
    with pytest.raises(RuleSetError) as info:
        RuleSet.from_dict(data)
    return info.value


@pytest.mark.parametrize(("change", "message", "where"), [
    (_set("categories", [1, 4]), "sdp-2025: categories: 4", (None, "categories")),
    (_set("categories", []), "categories: give at least one", (None, "categories")),
    (_set("category_read_as", {"3": 3}), "category_read_as.3: 3 is not one of the categories",
     (None, "category_read_as")),
    (_set("category_read_as", {"2": 1}), "category 2 is in use", (None, "category_read_as")),
    (_set("predictable_course", {"weeks": 0}), "predictable_course: weeks must be",
     (None, "predictable_course")),
    (_delete("predictable_course"), "series.paused_by: the rule set has no", (2, "series")),
    (_set("obligation.2.every.3", {"weeks": 4}), "every.3: category 3 is not one of",
     (2, "every.3")),
    (_every_2("spread", {"held": 0, "months": 6}), "every.2: spread.held must be",
     (2, "every.2")),
    (_every_2("spread", {"held": 4}), "'months' is missing", (2, "every.2")),
    (_every_2("agreed_day", "yes"), "agreed_day must be true or false", (2, "every.2")),
    (_set("obligation.2.series.paused_by", "summer"), "series.paused_by: 'summer'",
     (2, "series")),
    (_set("obligation.1.applies", {"categories": [3]}), "category 3 is not one of",
     (1, "applies")),
    (_set("obligation.1.met_by", {"or_record": "return"}), "or_record goes with interviews",
     (1, "met_by")),
    (_set("obligation.1.met_by", {"interviews": ["follow_up"], "or_record": "lunch"}),
     "met_by.or_record: 'lunch'", (1, "met_by")),
])
def test_broken_sdp_2025_names_where(change, message: str, where: tuple) -> None:  # noqa: ANN001
    error = _broken_2025(change)
    assert message in str(error)
    assert (error.obligation, error.key) == where


def test_every_problem_is_listed_not_only_the_first() -> None:
    data = copy.deepcopy(shipped("sdp-2025"))
    data["allocation"] = "random"
    data["obligation"][0]["kind"] = "lunch"
    data["obligation"][4]["met_by"] = {"record": "birthday"}
    problems = RuleSet.problems(data)
    assert [(p.obligation, p.key) for p in problems] == [
        (None, "allocation"), (0, "kind"), (4, "met_by")]
    assert RuleSet.problems(shipped("sdp-2025")) == []
