"""The report screen: opened by key and from the palette, the figures of the report, and
its snapshots at 80x24 and 120x40 (demo data, frozen day, dark theme)."""

from __future__ import annotations

import pytest

from caseload.app import CaseloadApp
from caseload.screens.report import ReportScreen

from .helpers import settle
from .sample import TODAY
from .snapshot import assert_matches_snapshot

LEAD = "hanne"  # the demo team's lead


def lead_app(demo_db, start: str = "today") -> CaseloadApp:  # noqa: ANN001
    return CaseloadApp(db=demo_db, login=LEAD, today=TODAY, start=start, show_all=True,
                       theme="dark")


def text(screen: ReportScreen, widget: str) -> str:
    from rich.console import Console

    console = Console(width=200, color_system=None, highlight=False)
    with console.capture() as captured:
        console.print(screen.query_one(widget).content)
    return captured.get()


async def test_key_4_opens_the_report_with_the_reports_figures(demo_db) -> None:  # noqa: ANN001
    from caseload.services.policy import Actor
    from caseload.services.report import trial_report
    from caseload.store.database import open_database
    from caseload.store.uow import read_session

    app = lead_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot, timeout=60)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.loaded
        heading = text(screen, "#report-heading")
        assert "Forsøget: deltagere og kontrolgruppe" in heading
        assert "hele teamet" in heading and "p = 0," in heading
        tables = text(screen, "#report-tables")
        engine = open_database(demo_db)
        with read_session(engine) as session:
            expected = trial_report(session, Actor(LEAD, 6, "team_lead"), today=TODAY).to_json()
        engine.dispose()
        assert screen.data["groups"] == expected["groups"]
        cases = [str(expected["groups"][g]["cases"]) for g in ("participant", "control")]
        assert any(line.split()[:3] == ["Sager", "i", "perioden"] and line.split()[3:5] == cases
                   for line in tables.splitlines())
        assert "Kontaktsamtale" in tables and "mette" in tables


async def test_the_palette_opens_the_report(demo_db) -> None:  # noqa: ANN001
    app = lead_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Rapport")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, timeout=60)
        assert isinstance(app.screen, ReportScreen) and app.screen.loaded


async def test_a_caseworker_sees_the_report_of_her_own_cases(demo_db) -> None:  # noqa: ANN001
    app = CaseloadApp(db=demo_db, login="mette", today=TODAY, start="report", theme="dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, timeout=60)
        assert "sagerne hos mette" in text(app.screen, "#report-heading")
        assert [w["caseworker"] for w in app.screen.data["caseworkers"]] == ["mette"]


@pytest.mark.parametrize("size", ((80, 24), (120, 40)), ids=lambda s: f"{s[0]}x{s[1]}")
async def test_report_snapshot(demo_db, size: tuple[int, int]) -> None:  # noqa: ANN001
    app = lead_app(demo_db, start="report")
    async with app.run_test(size=size) as pilot:
        await settle(pilot, timeout=60)
        assert app.screen.loaded
        svg = app.export_screenshot(title="caseload report")
    assert_matches_snapshot(f"report_{size[0]}x{size[1]}", svg)
