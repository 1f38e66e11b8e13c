"""``caseload`` with no command: the caseworker's app, started without Typer.

The console script (``caseload.entry``) hands a command line of the root options alone
(``--db``, ``--as``, ``--all``, ``--today``, ``--screen``, ``--theme``, ``--lang``) here
before Typer is imported: Typer and the tree of every command take a third of a bare
Textual app's start. Anything this reader is not sure of (a command, ``--help``,
``--version``, an unknown option, a missing or bad value, a database that is not there)
goes to Typer instead (``caseload.cli``), which words every usage error as for every
command. Both open the app through ``launch``: one way in.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caseload.pgurl import PostgresUrl

SCREENS = ("today", "overdue", "caseload")
THEMES = ("dark", "light")
VALUES = {"--db": "db", "--as": "as_user", "--today": "on", "--screen": "screen",
          "--theme": "theme", "--lang": "lang"}
FLAGS = {"--all": "all_"}


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The root options as Typer reads them (the last one given counts); None for anything
    else."""
    found: dict[str, Any] = {"all_": False, "screen": "today"}
    args = iter(argv)
    for arg in args:
        name, eq, value = arg.partition("=")
        if name in VALUES:
            if not eq:
                value = next(args, None)
                if value is None or value.startswith("-"):
                    return None  # a missing value (Typer says so)
            found[VALUES[name]] = value
        elif name in FLAGS and not eq:
            found[FLAGS[name]] = True
        else:
            return None  # a command, --help, --version, an unknown option
    return found


def theme_of(theme: str | None) -> str:
    """``--theme``, else ``$CASELOAD_THEME``, else the person's last choice, else dark."""
    from caseload.tui import preferences

    return theme or os.environ.get("CASELOAD_THEME") or preferences.theme() or "dark"


def main(argv: list[str]) -> None:
    """Open the app for ``caseload ARGV`` and exit; return (having done nothing) when Typer
    must read the options."""
    found = parse(argv)
    if found is None:
        return
    from caseload import i18n

    lang = found.pop("lang", None)
    if lang is not None:  # as caseload.cli.main: the language of every message, and child's
        try:
            os.environ["CASELOAD_LANG"] = i18n.language_from_env(lang)
        except ValueError:
            return
    i18n.set_language(i18n.language_from_env())
    theme = theme_of(found.pop("theme", None))
    if found["screen"] not in SCREENS or theme not in THEMES:
        return
    from caseload.console import guarded
    from caseload.pgurl import is_postgres
    from caseload.services.db import resolve_db_path

    path = resolve_db_path(found.pop("db", None))
    if not is_postgres(path) and not path.exists():
        return  # Typer's path says which file is missing, or how to reach the demo
    guarded(lambda: _open(path, theme=theme, **found))
    sys.exit(0)


def _open(path: Path | PostgresUrl, *, on: str | None = None, as_user: str | None = None,
          all_: bool, screen: str, theme: str) -> None:
    from caseload.clock import today
    from caseload.console import option_day

    real_today = today()
    launch(path, as_user=as_user, all_=all_, today=option_day(on) or real_today,
           real_today=real_today, screen=screen, theme=theme)


def launch(path: Path | PostgresUrl, *, as_user: str | None, all_: bool, today: date,
           real_today: date, screen: str, theme: str) -> None:
    """Run the app until the caseworker quits; a user error ends it with exit code 1."""
    from caseload.app import EXIT_AFTER_FIRST_PAINT, CaseloadApp
    from caseload.console import fail
    from caseload.identity import current_login

    app = CaseloadApp(db=path, login=current_login(), as_user=as_user, today=today,  # type: ignore[arg-type]
                      show_all=all_, start=screen, theme=theme, real_today=real_today)
    app.run(headless=os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1")
    if app.error_message:
        fail(app.error_message)
    if app.return_code:
        raise SystemExit(app.return_code)
