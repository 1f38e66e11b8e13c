"""Snapshots of the citizen screen (facts and plan tabs) and the offer picker on the demo
data, frozen day, dark theme; the citizen is the first row of the caseload screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from caseload.app import CaseloadApp
from caseload.screens.citizen import CitizenScreen
from caseload.screens.offer_picker import OfferPicker

from .helpers import settle, until
from .sample import TODAY
from .snapshot import assert_matches_snapshot

SIZES = ((80, 24), (120, 40))
VIEWS = {"citizen": (), "citizen_plan": ("p",), "offer_picker": ("h",),
         "citizen_timeline": ("l",), "close_confirm": ("a", "ctrl+s")}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
async def test_citizen_snapshot(demo_db, view: str, size: tuple[int, int]) -> None:
    app = CaseloadApp(db=demo_db, login="mette", today=TODAY, start="caseload", theme="dark")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first case on the list
        await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
        await pilot.press(*VIEWS[view])
        await settle(pilot)
        if view == "offer_picker":
            assert isinstance(app.screen, OfferPicker) and app.screen.loaded
        if isinstance(app.screen.focused, Input):  # a blinking cursor makes no stable picture
            app.screen.focused.cursor_blink = False
        await pilot.pause()
        svg = app.export_screenshot(title=f"caseload {view}")
    assert_matches_snapshot(f"{view}_{size[0]}x{size[1]}", svg)
