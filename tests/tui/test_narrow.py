"""At 80x24 a long name is shown whole: it wraps in its column (Today, Overdue, Caseload,
the week) and in the citizen screen's header, before anything else is cut."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest

from caseload.screens.citizen import CitizenScreen
from caseload.screens.week import WeekScreen

from .helpers import make_app, settle, until

LONG = "Anne-Marie Christiansen Bech-Kowalski"


def screen_lines(svg: str) -> list[str]:
    """The text of an exported screenshot, one string per terminal line."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>',
                         svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    return ["".join(t for _, t in sorted(cells)).replace("\xa0", " ")
            for _, cells in sorted(rows.items())]


@pytest.fixture
def long_named(db_path, case_ids) -> int:  # noqa: ANN001
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE citizens SET name = ? WHERE name = 'Mette Hansen'", (LONG,))
    conn.close()
    return case_ids["Mette Hansen"]


def assert_whole(svg: str) -> None:
    lines = screen_lines(svg)
    words = " ".join(lines)
    for word in LONG.split():
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", words), (word, lines)
    assert "070382-xxxx" in words  # the CPR column beside it is whole too


@pytest.mark.parametrize("start", ["today", "overdue", "caseload"])
async def test_a_long_name_wraps_on_the_lists(db_path, long_named, start: str) -> None:  # noqa: ANN001
    app = make_app(db_path, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert_whole(app.export_screenshot())


async def test_a_long_name_wraps_in_the_citizen_header_and_the_week(
        db_path, long_named) -> None:  # noqa: ANN001
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_citizen(long_named)
        await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
        await settle(pilot)
        header = " ".join(screen_lines(app.export_screenshot())[1:3])
        assert LONG in header and "070382-xxxx" in header
        await pilot.press("escape", "5")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await settle(pilot)
        words = " ".join(screen_lines(app.export_screenshot()))
        assert all(word in words for word in LONG.split())
