"""The app's start-up path: ``caseload`` with root options alone opens the app without Typer
(``caseload.app_start``), and what it loads up to its first paint: no ORM, no Pydantic, no
Typer (they load in a worker after the rows are shown, or at the first write)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from caseload import app_start
from caseload.app import EXIT_AFTER_FIRST_PAINT
from tests.probe import loaded

from . import sample

# What the first paint must do without (each costs 0.05-0.3 s to load here).
NOT_AT_FIRST_PAINT = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "typer")
DAY = sample.TODAY.isoformat()


@pytest.fixture
def team_db(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database in which whoever runs the tests is a team lead."""
    from caseload.demo.writer import add_team_lead
    from caseload.identity import current_login

    path = tmp_path / "team.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    add_team_lead(path, current_login())
    return path


def opened(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(
            "SELECT detail FROM audit_log WHERE detail LIKE 'app opened%' ORDER BY id")]


@pytest.mark.parametrize("screen", app_start.SCREENS)
def test_the_first_paint_loads_no_orm_pydantic_or_typer(team_db: Path, screen: str,
                                                        monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(EXIT_AFTER_FIRST_PAINT, "1")  # headless, exit once the rows are in
    before = opened(team_db)  # the demo database may have been opened by other tests
    report = loaded((*NOT_AT_FIRST_PAINT, "textual"), "--db", team_db, "--as", "mette",
                    "--today", DAY, "--screen", screen)
    assert report == {"code": 0, "heavy": ["textual"]}
    assert opened(team_db) == [*before, "app opened: mette's cases"]


def test_what_the_fast_reader_is_unsure_of_goes_to_typer(team_db: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(EXIT_AFTER_FIRST_PAINT, "1")
    before = opened(team_db)
    report = loaded(("typer",), "--db", team_db, "--screen", "week")
    assert report == {"code": 2, "heavy": ["typer"]}  # Typer's usage error names the choices
    assert loaded(("typer",), "--version") == {"code": 0, "heavy": ["typer"]}
    missing = team_db.with_name("missing.db")
    assert loaded(("typer",), "--db", missing) == {"code": 2, "heavy": ["typer"]}
    assert opened(team_db) == before  # no app was opened


def test_the_reader_takes_the_root_options_as_typer_does() -> None:
    assert app_start.parse(["--db", "x.db", "--as=mette", "--all", "--today", "+1",
                            "--screen", "overdue", "--theme", "light", "--lang", "en",
                            "--db=y.db"]) == {
        "db": "y.db", "as_user": "mette", "all_": True, "on": "+1", "screen": "overdue",
        "theme": "light", "lang": "en"}
    assert app_start.parse([]) == {"all_": False, "screen": "today"}
    for unsure in (["report"], ["--db", "x.db", "team", "list"], ["--help"], ["--version"],
                   ["--db"], ["--as", "--all"], ["--all=yes"], ["--nope"], ["-h"]):
        assert app_start.parse(unsure) is None, unsure
