"""Names and notes from outside that look like markup (issue 14): a citizen named
``[bold red]X[/]`` or ``[@click=app.quit]…`` is shown as typed on Today, Overdue, the
caseload, the citizen's summary, facts and timeline, in a notification, and clicking it
runs nothing. Also: the screens take ``Label``/``Static`` from ``caseload.widgets.plain``."""

from __future__ import annotations

import ast
import io
import random
import sqlite3
from pathlib import Path

from rich.console import Console
from textual.content import Content

from caseload.safety.text import literal
from caseload.screens.citizen import CitizenScreen
from caseload.widgets.plain import Static
from caseload.widgets.tables import StyledTable

from .helpers import make_app, settle, until

NAME = "[bold red]Mette[/] [@click=app.quit]Hansen[/] [$accent]x\\[b]"
NOTE = "Klik [@click=app.quit]her[/] og [reverse]notat[/reverse]."


def _hostile(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE citizens SET name = ? WHERE name = 'Mette Hansen'", (NAME,))
    conn.close()


def _note(engine, case_id: int) -> None:  # noqa: ANN001
    from caseload.services.notes import write_note
    from caseload.store.uow import write_session
    from tests.actors import LEAD

    with write_session(engine) as session:
        write_note(session, case_id=case_id, author="anna", body=NOTE, actor=LEAD)


def cells(table: StyledTable) -> list[str]:
    """Every cell of a table as the plain text it shows (as DataTable renders a cell: a
    string is read as Rich markup)."""
    from textual.widgets._data_table import default_cell_formatter

    return [default_cell_formatter(cell).plain for row in range(table.row_count)
            for cell in table.get_row_at(row)]


def plain(widget: Static) -> str:
    visual = widget.visual
    if isinstance(visual, Content):
        return visual.plain
    out = io.StringIO()
    Console(width=200, file=out).print(widget.content)
    return out.getvalue()


async def test_a_hostile_name_and_note_are_shown_as_typed(engine, db_path, case_ids) -> None:  # noqa: ANN001
    _note(engine, case_ids["Mette Hansen"])
    _hostile(db_path)
    for start, table_id in (("today", "#interviews"), ("overdue", "#overdue"),
                            ("caseload", "#cases")):
        app = make_app(db_path, start=start)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await until(pilot, lambda app=app, table_id=table_id: app.screen.query(table_id)
                        and app.screen.query_one(table_id, StyledTable).row_count > 0)
            shown = cells(app.screen.query_one(table_id, StyledTable))
            assert NAME in shown, (start, shown)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.open_citizen(case_ids["Mette Hansen"])
        await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
        await settle(pilot)
        screen = app.screen
        assert plain(screen.query_one("#citizen-summary", Static)).startswith(NAME)
        assert NAME in plain(screen.query_one("#facts-body", Static))
        screen.action_tab("timeline")
        await settle(pilot)
        timeline = cells(screen.query_one("#timeline-table", StyledTable))
        assert any(NOTE in cell for cell in timeline), timeline
        app.notify(f"Gemt: {NAME}")
        await settle(pilot)
        [toast] = [n for n in app._notifications if NAME in n.message]
        assert toast.markup is False
        # clicking where "[@click=app.quit]" stands runs no action: the app keeps running
        await pilot.click("#citizen-summary", offset=(20, 0))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, CitizenScreen)


def test_literal_shows_any_text_as_typed_in_textual_and_rich_markup() -> None:
    from rich.text import Text

    rng = random.Random(14)
    alphabet = "[]\\/@$=#ab "
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert Content.from_markup(literal(text)).plain == text, text
        assert Text.from_markup(literal(text, rich=True), emoji=False).plain == text, text
    assert literal("\x1b[2J[b]") == "\\x1b\\[2J\\[b]"  # controls escaped as everywhere


def test_the_screens_take_label_and_static_from_plain() -> None:
    """A screen that imported Textual's own ``Label``/``Static`` would read names as markup."""
    root = Path(__file__).parents[2] / "caseload"
    offenders = []
    for path in [*(root / "screens").glob("*.py"), *(root / "tui").glob("*.py"),
                 root / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets":
                offenders += [f"{path.name}: {a.name}" for a in node.names
                              if a.name in ("Label", "Static")]
    assert offenders == []
