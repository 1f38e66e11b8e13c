"""The plan editor keeps what is typed on disk: after a crash the case shows it again, saving
it goes through the normal conflict check, and saving or giving it up removes the draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from caseload.i18n import t
from caseload.notes import drafts
from caseload.screens.plan_conflict import PlanConflictDialog
from caseload.screens.plan_draft import DraftKeeper, RawPlan, dumps, loads, plan_draft_key
from caseload.screens.plan_editor import PlanEditor, StepRow

from .helpers import db_identity, make_app, settle, until
from .test_citizen import open_citizen, save_from_elsewhere, stored_plan


@pytest.fixture(autouse=True)
def _quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlanEditor, "DRAFT_DELAY", 0.05)


def kept(db: Path, case_id: int) -> RawPlan | None:
    text = drafts.load_draft(plan_draft_key(db_identity(db), case_id))
    return None if text is None else loads(text)


async def type_and_crash(db: Path, case_id: int, goal: str, due: str = "") -> RawPlan:
    """Type into the plan, wait until the draft is on disk, end the app without saving."""
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        editor.query_one("#plan-goal", Input).value = ""
        await pilot.press(*goal)
        if due:
            editor.query_one(StepRow).query_one(".step-due", Input).value = due
        await until(pilot, lambda: (k := kept(db, case_id)) is not None and k.goal == goal
                    and (not due or k.steps[0][2] == due))
        await settle(pilot)
    raw = kept(db, case_id)
    assert raw is not None
    return raw


async def test_a_crash_keeps_the_typed_plan_and_saving_removes_the_draft(
        engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    raw = await type_and_crash(db_path, case_id, "Tilbage i eget job", due="20.11")
    assert raw.based_on is None and raw.steps[0][2] == "20.11"  # half-typed, kept as typed
    assert stored_plan(engine, case_id) == (None, [])
    path = drafts.drafts_dir() / f"{plan_draft_key(db_identity(db_path), case_id)}.draft"
    assert path.stat().st_mode & 0o777 == 0o600
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        assert editor.query_one("#plan-goal", Input).value == "Tilbage i eget job"
        due = editor.query_one(StepRow).query_one(".step-due", Input)
        assert due.value == "20.11" and editor.dirty and editor.base_version is None
        assert t("plan.draft_restored") in [n.message for n in app._notifications]
        due.value = "2026-11-20"
        editor.query_one(StepRow).query_one(".step-text", Input).value = "Ring til lederen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        plan, versions = stored_plan(engine, case_id)
        assert versions == [1] and plan.employment_goal == "Tilbage i eget job"
        assert not editor.dirty and not path.exists()
        await pilot.pause(0.1)  # the changes of showing the saved plan keep no draft
        await settle(pilot)
        assert not path.exists()


async def test_a_draft_on_an_old_version_meets_a_colleagues_save(engine, db_path,
                                                                  case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]
    save_from_elsewhere(engine, case_id, None, "Version one")
    raw = await type_and_crash(db_path, case_id, "Anna's goal")
    assert raw.based_on == 1
    save_from_elsewhere(engine, case_id, 1, "Bo's goal")  # saved while Anna's app was down
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        assert editor.query_one("#plan-goal", Input).value == "Anna's goal"
        assert editor.base_version == 1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PlanConflictDialog))
        shown = [str(s.render()) for s in app.screen.query(".conflict-plan")]
        assert "Bo's goal" in shown[0] and "Anna's goal" in shown[1]
        assert kept(db_path, case_id) is not None  # not resolved yet: still kept
        await pilot.press("a")  # take the saved one: the draft is given up
        await settle(pilot)
        assert editor.query_one("#plan-goal", Input).value == "Bo's goal"
        assert kept(db_path, case_id) is None
    plan, versions = stored_plan(engine, case_id)
    assert versions == [1, 2] and plan.employment_goal == "Bo's goal"


async def test_leaving_without_saving_on_purpose_removes_the_draft(engine, db_path,
                                                                   case_ids) -> None:
    case_id = case_ids["Sofie Larsen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p", *"Job som pædagog")
        await until(pilot, lambda: kept(db_path, case_id) is not None)
        await pilot.press("escape")
        assert app.screen is screen and kept(db_path, case_id) is not None
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen and kept(db_path, case_id) is None


def test_the_draft_format_round_trips_and_refuses_damage(tmp_path: Path) -> None:
    raw = RawPlan(3, "Mål æøå", (("Ring", "caseworker", "04.11", "open"),),
                  (("2026-11-09", "12,5"),))
    assert loads(dumps(raw)) == raw
    for bad in ("", "{", "[]",
                '{"format": 2, "based_on": 1, "goal": "", "steps": [], "hours": []}',
                '{"format": 1, "based_on": true, "goal": "", "steps": [], "hours": []}',
                '{"format": 1, "based_on": null, "goal": "", "steps": [["a"]], "hours": []}'):
        assert loads(bad) is None
    assert plan_draft_key("aaaa", 7) != plan_draft_key("bbbb", 7)
    assert plan_draft_key("aaaa", 7) == "plan-aaaa-case-7"


def test_a_save_started_before_a_discard_brings_nothing_back(tmp_path: Path) -> None:
    keeper = DraftKeeper(plan_draft_key("aaaa", 1), directory=tmp_path)
    raw = RawPlan(None, "goal")
    ticket = keeper.ticket()
    keeper.save(raw, ticket)
    assert keeper.load() == raw
    keeper.discard()
    keeper.save(raw, ticket)  # a slow save from before the discard
    assert keeper.load() is None
    keeper.save(raw, keeper.ticket())
    assert keeper.load() == raw
