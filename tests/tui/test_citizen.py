"""Pilot tests of the citizen screen: the plan (saving, the concurrent-edit case, errors),
revealing the CPR number, category, exemption and closing, asserting what is stored."""

from __future__ import annotations

import inspect
import io
from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import Input, Select, Static

from caseload.models import AuditEntry, Case, CategoryChangeRow, Exemption, ObligationRow
from caseload.screens.case_actions import CategoryDialog, CloseCaseDialog, ExemptionDialog
from caseload.screens.case_corrections import PurposeDialog
from caseload.screens.citizen import CitizenScreen
from caseload.screens.plan_conflict import PlanConflictDialog
from caseload.screens.plan_editor import PlanEditor, StepRow
from caseload.services import plans
from caseload.services.plans import StepInput
from caseload.store.uow import read_session, write_session
from caseload.tui.commands import ScreenActionsProvider
from tests.actors import LEAD

from .helpers import make_app, settle, until
from .sample import TODAY

SIZES = [(80, 24), (120, 40)]


async def open_citizen(app, pilot, case_id: int) -> CitizenScreen:  # noqa: ANN001
    await settle(pilot)
    app.open_citizen(case_id)
    await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
    await settle(pilot)
    return app.screen


def summary(screen: CitizenScreen) -> str:
    return str(screen.query_one("#citizen-summary", Static).render())


def facts_text(screen: CitizenScreen) -> str:
    """The key facts as shown (a Rich table, rendered to text)."""
    from rich.console import Console

    out = io.StringIO()
    Console(width=120, file=out).print(screen.query_one("#facts-body", Static).content)
    return out.getvalue()


def stored_plan(engine, case_id: int):  # noqa: ANN001, ANN201
    with read_session(engine) as session:
        plan = plans.current_plan(session, case_id, actor=LEAD)
        return plan, plans.plan_versions(session, case_id)


async def type_into(pilot, widget: Input, text: str) -> None:  # noqa: ANN001
    widget.focus()
    await pilot.pause()
    widget.value = ""
    await pilot.press(*text)


@pytest.mark.parametrize("size", SIZES)
async def test_edit_and_save_the_plan_makes_new_versions(engine, db_path, case_ids,
                                                         size) -> None:
    case_id = case_ids["Mette Hansen"]
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        assert screen.focused is editor.query_one("#plan-goal")
        await pilot.press(*"Tilbage i eget job")
        row = editor.query_one(StepRow)
        await type_into(pilot, row.query_one(".step-text", Input), "Ring til lederen")
        await type_into(pilot, row.query_one(".step-due", Input), "2026-11-20")
        row.query_one(".step-owner", Select).value = "caseworker"
        await pilot.press("ctrl+t")  # partial return: hours a week from a day
        await pilot.press(*"2026-11-09", "tab", *"12,5")
        assert editor.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty and editor.base_version == 1
        plan, versions = stored_plan(engine, case_id)
        assert versions == [1] and plan.created_by == "anna"
        assert plan.employment_goal == "Tilbage i eget job"
        assert plan.steps == (StepInput("Ring til lederen", "caseworker", date(2026, 11, 20),
                                        "open"),)
        assert plan.hours == ((date(2026, 11, 9), 12.5),)
        # a second save is a new version; the first is kept
        await pilot.press("ctrl+n", *"Status fra egen læge")
        await pilot.press("ctrl+s")
        await settle(pilot)
        plan, versions = stored_plan(engine, case_id)
        assert versions == [1, 2] and len(plan.steps) == 2
        assert plan.steps[1].text == "Status fra egen læge"
        assert "Version 2" in str(editor.query_one("#plan-version").render())


def save_from_elsewhere(engine, case_id: int, based_on: int | None, goal: str) -> None:  # noqa: ANN001
    with write_session(engine) as session:
        plans.save_plan(session, case_id=case_id, based_on_version=based_on,
                        employment_goal=goal, steps=[StepInput("Bo's step", "employer")],
                        hours=[], author="bo", actor=LEAD)


@pytest.mark.parametrize("size", SIZES)
async def test_a_concurrent_save_shows_both_and_keeping_mine_stores_a_new_version(
        engine, db_path, case_ids, size) -> None:
    case_id = case_ids["Jens Nielsen"]
    save_from_elsewhere(engine, case_id, None, "Version one")
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        assert editor.base_version == 1
        goal = editor.query_one("#plan-goal", Input)
        goal.value = ""
        await pilot.press(*"Anna's goal")
        save_from_elsewhere(engine, case_id, 1, "Bo's goal")  # someone saves meanwhile
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PlanConflictDialog))
        dialog = app.screen
        shown = [str(s.render()) for s in dialog.query(".conflict-plan")]
        assert "Bo's goal" in shown[0] and "Anna's goal" in shown[1]
        plan, versions = stored_plan(engine, case_id)
        assert versions == [1, 2] and plan.employment_goal == "Bo's goal"  # nothing overwritten
        await pilot.press("escape")  # back to editing: what I typed is still there
        await settle(pilot)
        assert goal.value == "Anna's goal" and editor.dirty
        assert "bo" in str(editor.query_one("#plan-error").render())
        await pilot.press("ctrl+s")  # asks again
        await until(pilot, lambda: isinstance(app.screen, PlanConflictDialog))
        await pilot.press("m")  # keep mine: saved on top of theirs
        await settle(pilot)
        plan, versions = stored_plan(engine, case_id)
        assert versions == [1, 2, 3] and plan.employment_goal == "Anna's goal"
        assert plan.created_by == "anna" and editor.base_version == 3 and not editor.dirty


async def test_taking_theirs_stores_nothing_and_shows_theirs(engine, db_path, case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p", *"Anna's first plan")
        save_from_elsewhere(engine, case_id, None, "Bo's first plan")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PlanConflictDialog))
        await pilot.press("a")
        await settle(pilot)
        editor = screen.query_one(PlanEditor)
        assert editor.query_one("#plan-goal", Input).value == "Bo's first plan"
        assert editor.base_version == 1 and not editor.dirty
    plan, versions = stored_plan(engine, case_id)
    assert versions == [1] and plan.employment_goal == "Bo's first plan"


async def test_a_refused_plan_keeps_what_was_typed(engine, db_path, case_ids) -> None:
    case_id = case_ids["Sofie Larsen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        editor = screen.query_one(PlanEditor)
        row = editor.query_one(StepRow)
        await type_into(pilot, row.query_one(".step-text", Input), "Kontakt jobcentret")
        await pilot.press("ctrl+s")  # no employment goal
        await settle(pilot)
        assert "employment goal" in str(editor.query_one("#plan-error").render())
        await type_into(pilot, row.query_one(".step-due", Input), "31.02.2026")
        editor.query_one("#plan-goal", Input).value = "Job som pædagog"
        await pilot.press("ctrl+s")  # a due day that is no date
        await settle(pilot)
        assert "31.02.2026" in str(editor.query_one("#plan-error").render())
        assert row.query_one(".step-text", Input).value == "Kontakt jobcentret"
        assert stored_plan(engine, case_id) == (None, [])
        # leaving with unsaved changes asks first
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen


def reveals(engine) -> list[tuple[str, int | None]]:  # noqa: ANN001
    with read_session(engine) as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "reveal_cpr")).all()
    return [(a.actor, a.case_id) for a in audit]


async def test_cpr_is_masked_until_revealed_and_the_reveal_is_audited(engine, db_path,
                                                                      case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        assert "070382-xxxx" in summary(screen) and "1234" not in summary(screen)
        assert "070382-xxxx" in facts_text(screen) and "1234" not in facts_text(screen)
        assert reveals(engine) == []
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PurposeDialog))  # why, first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "070382-1234" in summary(screen)
        assert "070382-1234" in facts_text(screen)
        await pilot.press("v")
        await settle(pilot)
        assert "070382-xxxx" in summary(screen)
    assert reveals(engine) == [("anna", case_id)]  # once: hiding it again is no reveal


async def test_set_the_category(engine, db_path, case_ids) -> None:
    case_id = case_ids["Ahmed Ali"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))
        app.screen.query_one("#case-category", Select).value = "2"
        app.screen.query_one("#case-reason", Input).value = "Forventes rask inden 8 uger"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Kategori 2" in summary(screen)
    with read_session(engine) as session:
        case = session.get(Case, case_id)
        change = session.exec(select(CategoryChangeRow).where(
            CategoryChangeRow.case_id == case_id)).one()
    assert case.category == 2
    assert (change.category, change.changed_on, change.changed_by, change.reason) == (
        2, TODAY, "anna", "Forventes rask inden 8 uger")


async def test_set_an_exemption_needs_a_text_for_another_reason(engine, db_path,
                                                                case_ids) -> None:
    case_id = case_ids["Jens Nielsen"]  # a participant: owes an active offer until exempted
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ExemptionDialog))
        dialog = app.screen
        dialog.query_one("#case-exemption", Select).value = "other"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: says why, stays open
        assert "Anden grund" in str(dialog.query_one("#case-error").render())
        dialog.query_one("#case-text", Input).value = "Udredning på sygehuset"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Friholdt" in summary(screen)
    with read_session(engine) as session:
        exemption = session.exec(select(Exemption).where(Exemption.case_id == case_id)).one()
        kinds = {o.kind for o in session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id)).all()}
    assert (exemption.reason, exemption.reason_text, exemption.decided_by) == (
        "other", "Udredning på sygehuset", "anna")
    assert "active_offer" not in kinds  # the obligations were recomputed


async def test_close_the_case_asks_twice(engine, db_path, case_ids) -> None:
    case_id = case_ids["Lone Berg"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CloseCaseDialog))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CloseCaseDialog)  # the first press only asks
        with read_session(engine) as session:
            assert session.get(Case, case_id).status == "open"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Lukket" in summary(screen)
        assert not screen.check_action("category", ())  # a closed case takes no changes
    with read_session(engine) as session:
        case = session.get(Case, case_id)
    assert (case.status, case.closed_on, case.close_reason) == ("closed", TODAY,
                                                                "return_to_work")


async def test_the_palette_lists_the_citizen_actions(engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_citizen(app, pilot, case_ids["Mette Hansen"])
        provider = ScreenActionsProvider(screen)
        labels = [label for label, _ in provider._commands()]
        for action in ("Vis CPR", "Kategori", "Friholdelse", "Luk sag", "Henvis",
                       "Opfølgningsplan", "Gem plan"):
            assert any(f"Borger: {action}" in label for label in labels), action
        run = next(r for label, r in provider._commands() if "Opfølgningsplan" in label)
        result = run()
        if inspect.isawaitable(result):  # a binding's action runs as a coroutine
            await result
        await settle(pilot)
        assert screen.query_one("#citizen-tabs").active == "plan"


async def test_the_citizen_screen_in_english(engine, db_path, case_ids) -> None:
    from caseload import i18n

    i18n.set_language("en")
    try:
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_citizen(app, pilot, case_ids["Jens Nielsen"])
            assert summary(screen) == ("Jens Nielsen · 150279-xxxx · 47 years · week 9 · "
                                       "Not triaged · Participant")
            text = facts_text(screen)
            assert "0 h/week today · required of participants: 10 h/week" in text
            labels = [label for label, _ in ScreenActionsProvider(screen)._commands()]
            assert "Citizen: Follow-up plan (p)" in labels and "Citizen: Refer (h)" in labels
    finally:
        i18n.set_language("da")
