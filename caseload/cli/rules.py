"""``caseload rules show [NAME]`` and ``caseload rules check FILE``: what the tool applies,
and whether a jobcentre's own copy of a rule set can be used (every error with its line)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseload.cli.options import DB_HELP

rules_app = typer.Typer(help="cli.rules.help", no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")


@rules_app.command("show", help="cli.rules.show_help")
def show(
    name: Annotated[str | None, typer.Argument(
        help="cli.rules.name", metavar="cli.metavar.rules", show_default=False)] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
) -> None:
    """Print a rule set as a table: each obligation, whom it applies to, when it is due and
    what meets it (in the language of ``--lang``, which ``caseload.cli.main`` reads)."""
    from rich.console import Console

    from caseload.cli.rules_text import rules_table
    from caseload.domain.ruleset import RuleSetError
    from caseload.rulesets import load

    if name is None:
        name = _in_force(db)
    try:
        rules = load(name)
    except RuleSetError as exc:
        raise typer.BadParameter(str(exc)) from None
    Console(highlight=False, markup=False, emoji=False).print(rules_table(rules))


def _in_force(db: str | None) -> str:
    from caseload.services.db import open_database, read_session, resolve_db_path
    from caseload.services.settings import rules_name

    engine = open_database(resolve_db_path(db))
    try:
        with read_session(engine) as session:
            return rules_name(session)
    finally:
        engine.dispose()


@rules_app.command("check", help="cli.rules.check_help")
def check(
    file: Annotated[Path, typer.Argument(help="cli.rules.file", metavar="cli.metavar.file",
                                         exists=True, dir_okay=False, show_default=False)],
) -> None:
    """Check a rule set file; print every error as FILE:LINE: message (exit 1 if any)."""
    from caseload.cli.output import ExitCode, message
    from caseload.cli.rules_text import problems
    from caseload.i18n import t

    found = problems(file)
    for line, text in found:
        message(t("rules.check_error", file=file, line=line, message=text))
    if found:
        raise typer.Exit(ExitCode.DOMAIN)
    message(t("rules.check_ok", file=file))
