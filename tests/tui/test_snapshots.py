"""Snapshots of Today, Overdue and Caseload on the demo data, frozen day, dark theme."""

from __future__ import annotations

import pytest

from caseload.app import CaseloadApp

from .helpers import settle
from .sample import TODAY
from .snapshot import assert_matches_snapshot

SCREENS = ("today", "overdue", "caseload")
SIZES = ((80, 24), (120, 40))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
async def test_screen_snapshot(demo_db, screen: str, size: tuple[int, int]) -> None:
    app = CaseloadApp(db=demo_db, login="mette", today=TODAY, start=screen, theme="dark")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.screen.loaded
        svg = app.export_screenshot(title=f"caseload {screen}")
    assert_matches_snapshot(f"{screen}_{size[0]}x{size[1]}", svg)
