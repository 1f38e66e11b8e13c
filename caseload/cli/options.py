"""Options shared by several commands, and reading them (bad values exit 2)."""

from __future__ import annotations

from datetime import date

import typer

DB_HELP = "Database file (default: $CASELOAD_DB, else the user data directory)."


def db_option() -> object:
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def parse_day(value: str | None) -> date | None:
    """``--today YYYY-MM-DD``; anything else is a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
