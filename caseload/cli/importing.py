"""``caseload import PATH...`` in Typer: its help, and its usage errors as every command's.
A run whose options are plain is started without Typer (``caseload.morning``, which says
what the command does); both go through ``caseload.morning.run``."""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP


def register(app: typer.Typer) -> None:
    app.command("import", help="cli.import.help")(import_forms)


def import_forms(
    paths: Annotated[list[str] | None, typer.Argument(
        help="cli.import.paths", metavar="cli.metavar.paths", show_default=False)] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    assign: Annotated[str | None, typer.Option(
        "--assign", help="cli.import.assign", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="cli.import.dry_run")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="cli.import.json")] = False,
    rejected: Annotated[bool, typer.Option("--rejected", help="cli.import.rejected")] = False,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli.import.today", show_default=False)] = None,
) -> None:
    """Import information forms (oplysningsskemaer): files, or every form file in folders."""
    from caseload.morning import Request, run

    run(Request(list(paths or []), db, assign, dry_run, as_json, rejected, today))
