"""Keys and words: letters type into text fields (the tabs have Alt+letter), Ctrl+Z undoes,
the palette offers the product's commands in the language in use, the theme is kept."""

from __future__ import annotations

import stat

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, TabbedContent

from caseload.screens.citizen import CitizenScreen
from caseload.services import plans
from caseload.store.uow import read_session
from caseload.tui import preferences
from caseload.tui.commands import ScreenActionsProvider
from tests.actors import LEAD

from .helpers import make_app, settle, until


async def open_citizen(app, pilot, case_id: int) -> CitizenScreen:  # noqa: ANN001
    await settle(pilot)
    app.open_citizen(case_id)
    await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
    await settle(pilot)
    return app.screen


async def test_plan_fields_take_every_letter_undo_and_alt_tabs(engine, db_path,
                                                              case_ids) -> None:
    case_id = case_ids["Lone Berg"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await pilot.press("p")
        await settle(pilot)
        goal = screen.query_one("#plan-goal", Input)
        assert app.focused is goal
        await pilot.press(*"plod", "1", "b", "x", "q")  # tab keys, screen keys, quit
        assert goal.value == "plod1bxq"
        assert screen.query_one(TabbedContent).active == "plan" and app.screen is screen
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert goal.value == "plod1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("alt+l")  # the timeline, from inside the field
        assert screen.query_one(TabbedContent).active == "timeline"
        await pilot.press("alt+p")
        assert screen.query_one(TabbedContent).active == "plan"
    with read_session(engine) as session:
        assert plans.current_plan(session, case_id, actor=LEAD).employment_goal == "plod1"


async def test_the_palette_offers_only_the_products_commands_in_danish(engine, db_path,
                                                                      case_ids) -> None:
    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        labels = [label for label, _ in ScreenActionsProvider(app.screen)._commands()]
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert "Overskredet: Book forslag (b)" in labels
        assert not any("Cursor" in x or "Page" in x or "Scroll" in x for x in labels)
        assert system == ["Lyst/mørkt", "Afslut"]
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        assert app.screen.query_one(Input).placeholder.startswith("Søg borger")
        await pilot.press(*"zzqqxx")
        await pilot.pause(1.0)
        await settle(pilot)
        shown = [str(o.prompt.renderable) if hasattr(o.prompt, "renderable") else str(o.prompt)
                 for o in app.screen.query_one(CommandList).options]
        assert any("Intet fundet" in text for text in shown)


async def test_the_theme_is_in_the_footer_and_remembered(engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = {active.binding.key for active in app.screen.active_bindings.values()
                if active.binding.show}
        assert "t" in keys
        await pilot.press("t")
        await settle(pilot)
        assert app.theme == "textual-light"
    assert preferences.theme() == "light"
    assert stat.S_IMODE(preferences.path().stat().st_mode) == 0o600
    from caseload.cli import main

    seen = {}

    def fake_run(self, headless=False):  # noqa: ANN001, ANN202
        seen["theme"] = self.theme_name

    import caseload.app

    original = caseload.app.CaseloadApp.run
    caseload.app.CaseloadApp.run = fake_run
    try:
        main(["--db", str(db_path), "--today", "2026-11-04"])
    except SystemExit as exc:
        assert not exc.code
    finally:
        caseload.app.CaseloadApp.run = original
    assert seen == {"theme": "light"}  # the next session opens light
