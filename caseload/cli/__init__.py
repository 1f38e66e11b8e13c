"""The command line (Typer). Commands live in one module each and import heavy things
(SQLModel, Textual) inside their functions, so ``caseload overdue`` stays quick.

Exit codes: 0 ok, 1 a domain error, 2 usage, 130 interrupted. No traceback for any user
error, and never one that shows a citizen's data.
"""

from __future__ import annotations

import os
import sys

import typer

from caseload import __version__
from caseload.cli import (
    admin,
    audit,
    backup,
    demo,
    fastparams,
    importing,
    notes,
    quick,
    report,
    rules,
    team,
)
from caseload.cli.output import ExitCode, fail

fastparams.install()  # plain options without Pydantic: keeps start-up quick

app = typer.Typer(
    name="caseload",
    help="Caseload manager for sickness benefit follow-up (sygedagpenge).",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"caseload {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    db: str | None = typer.Option(None, "--db", help="Database file (app)."),
    as_user: str | None = typer.Option(None, "--as", help="Open the app as this caseworker."),
    all_: bool = typer.Option(False, "--all", help="The app shows the whole team's cases."),
    lang: str | None = typer.Option(None, "--lang", help="da (default) or en; else $LANG."),
    on: str | None = typer.Option(None, "--today", help="Freeze today (YYYY-MM-DD)."),
    screen: str = typer.Option("today", "--screen", help="today, overdue or caseload."),
    theme: str | None = typer.Option(None, "--theme", help="dark (default) or light."),
) -> None:
    """With no command: open the caseworker's app."""
    if lang is not None and ctx.invoked_subcommand is not None:  # caseload --lang en import …
        from caseload import i18n

        try:
            i18n.set_language(i18n.language_from_env(lang))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--lang") from None
    if ctx.invoked_subcommand is None:
        from caseload.cli.tui import open_app

        open_app(db=db, as_user=as_user, all_=all_, lang=lang, on=on, screen=screen,
                 theme=theme)


admin.register(app)
quick.register(app)
notes.register(app)
importing.register(app)
demo.register(app)
team.register(app)
audit.register(app)
backup.register(app)
report.register(app)
rules.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning user errors into a message and an exit code.

    Typer runs without its standalone mode so that a usage error (a bad flag or value) is
    reported here on one line, exit 2, instead of Click's usage block.
    """
    from typer import Abort
    from typer._click.exceptions import ClickException

    from caseload import i18n
    from caseload.errors import CaseloadError

    i18n.set_language(i18n.language_from_env())
    try:
        code = app(args=argv, prog_name="caseload", standalone_mode=False)
    except ClickException as exc:
        command = exc.ctx.command_path if getattr(exc, "ctx", None) else "caseload"
        text = " ".join(exc.format_message().split())
        fail(f"{text} (see '{command} --help')", exc.exit_code)
    except Abort:
        fail("aborted", ExitCode.DOMAIN)
    except CaseloadError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", ExitCode.INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(ExitCode.OK)
    except Exception as exc:  # noqa: BLE001 - every failure is a sentence, never a traceback
        from caseload.cli.errors import translate, unexpected

        found = translate(exc)
        if found is None:
            if os.environ.get("CASELOAD_DEBUG"):
                raise
            fail(unexpected(exc), ExitCode.DOMAIN)
        fail(*found)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)
