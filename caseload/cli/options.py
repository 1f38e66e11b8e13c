"""Options shared by several commands, and reading them (bad values exit 2)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caseload.console import option_day

if TYPE_CHECKING:
    from caseload.pgurl import PostgresUrl

__all__ = ["DB_HELP", "db_option", "existing_db", "option_day"]

DB_HELP = "cli.common.db"  # a catalogue key (caseload.cli.localise)


# The options several commands share (help and metavars: catalogue keys).
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
AsUser = Annotated[str | None, typer.Option("--as", help="cli.common.as", show_default=False)]
AllTeam = Annotated[bool, typer.Option("--all", help="cli.common.all")]
On = Annotated[str | None, typer.Option("--today", help="cli.common.today", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="cli.common.json")]


def db_option() -> object:
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def existing_db(db: str | None) -> Path | PostgresUrl:
    """The database a command reads: ``--db`` (a path that does not exist is a usage
    error, exit 2), else ``$CASELOAD_DB``, else the user data directory. When none is
    configured and only the demo exists (after ``make demo``), say how to point at it."""
    from caseload.cli.output import ExitCode, fail
    from caseload.i18n import t
    from caseload.pgurl import is_postgres
    from caseload.services.db import resolve_db_path

    path = resolve_db_path(db)
    if is_postgres(path) or path.exists():
        return path
    if db:
        fail(t("cli.words.db_missing", path=path), ExitCode.USAGE)
    if not os.environ.get("CASELOAD_DB"):
        from caseload.cli.demo import default_demo_path

        demo = default_demo_path()
        if demo.is_file():
            fail(t("cli.words.only_demo", path=path, demo=demo))
    return path  # opening it says there is no database (exit 1)
