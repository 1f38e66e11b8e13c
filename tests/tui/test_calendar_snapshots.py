"""Snapshots of the week view (key 5) and the booking dialog (``v`` on Overdue) on the demo
data, frozen day, dark theme: at 80x24 and 120x40 in Danish, and at 120x40 in English (the
week's header and the dialog's labels are whole)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input

from caseload import i18n
from caseload.app import CaseloadApp
from caseload.screens.booking import BookingDialog
from caseload.screens.week import WeekScreen

from .helpers import settle, until
from .sample import TODAY
from .snapshot import assert_matches_snapshot

CASES = [("da", (80, 24)), ("da", (120, 40)), ("en", (120, 40))]


@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


def _name(view: str, lang: str, size: tuple[int, int]) -> str:
    return f"{view}_{size[0]}x{size[1]}" + ("" if lang == "da" else f"_{lang}")


async def snapshot(db, lang: str, size: tuple[int, int], start: str, key: str,  # noqa: ANN001
                   screen: type, title: str) -> str:
    """Open the app on ``start`` in ``lang``, press ``key``, wait for ``screen``: its SVG."""
    i18n.set_language(lang)
    app = CaseloadApp(db=db, login="mette", today=TODAY, start=start, theme="dark")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, screen))
        await settle(pilot)
        if isinstance(app.screen, WeekScreen):
            assert app.screen.rows  # interviews are listed
        for field in app.screen.query(Input):  # a blinking cursor makes no stable picture
            field.cursor_blink = False
        await pilot.pause()
        return app.export_screenshot(title=f"caseload {title}")


@pytest.mark.parametrize(("lang", "size"), CASES, ids=lambda c: str(c))
async def test_week_snapshot(demo_db, language, lang: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    svg = await snapshot(demo_db, lang, size, "today", "5", WeekScreen, "week")
    assert_matches_snapshot(_name("week", lang, size), svg)


@pytest.mark.parametrize(("lang", "size"), CASES, ids=lambda c: str(c))
async def test_booking_dialog_snapshot(demo_db, language, lang: str,  # noqa: ANN001
                                       size: tuple[int, int]) -> None:
    svg = await snapshot(demo_db, lang, size, "overdue", "v", BookingDialog, "booking")
    assert_matches_snapshot(_name("booking", lang, size), svg)


async def test_a_refused_booking_wraps_its_message_and_free_slots(db_path, case_ids) -> None:  # noqa: ANN001
    """80x24: the refusal and the next free slots wrap inside the dialog, nothing cut."""
    from .helpers import make_app
    from .test_narrow import screen_lines

    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "b")  # Sofie Larsen: 09:00 is taken
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        await settle(pilot)
        dialog = app.screen
        for field in dialog.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        free = dialog.query_one("#book-free").render().plain
        assert free.count(":") >= 3  # several free slots are offered
        svg = app.export_screenshot(title="caseload booking refused")
    shown = " ".join(line.strip("█ ") for line in screen_lines(svg))
    for slot in free.split(": ", 1)[1].split(", "):
        assert slot in shown, slot
    assert_matches_snapshot("booking_refused_80x24", svg)
