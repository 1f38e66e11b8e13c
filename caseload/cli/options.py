"""Options shared by several commands, and reading them (bad values exit 2)."""

from __future__ import annotations

from datetime import date

import typer

DB_HELP = "Database file (default: $CASELOAD_DB, else the user data directory)."


def db_option() -> object:
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def option_day(value: str | None, option: str = "--today") -> date | None:
    """A day given to ``option`` (None: not given), read by the one
    ``caseload.domain.days.parse_day``; anything else exits 2 with a one-line message."""
    if value is None:
        return None
    from caseload.domain.days import parse_day

    found = parse_day(value, danish=False)
    if found is None:
        from caseload.cli.output import ExitCode, fail

        fail(f"{option} {value!r} is not a date (YYYY-MM-DD)", ExitCode.USAGE)
    return found
