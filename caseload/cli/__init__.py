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
    importing,
    notes,
    quick,
    report,
    rules,
    team,
)
from caseload.cli.output import ExitCode, fail

app = typer.Typer(
    name="caseload",
    help="cli.root.help",  # catalogue keys: caseload.cli.localise puts them in words
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
                                 help="cli.root.version"),
    db: str | None = typer.Option(None, "--db", help="cli.root.db", show_default=False),
    as_user: str | None = typer.Option(None, "--as", help="cli.root.as", show_default=False),
    all_: bool = typer.Option(False, "--all", help="cli.root.all"),
    lang: str | None = typer.Option(None, "--lang", help="cli.root.lang",
                                    show_default=False),
    on: str | None = typer.Option(None, "--today", help="cli.root.today", show_default=False),
    screen: str = typer.Option("today", "--screen", help="cli.root.screen"),
    theme: str | None = typer.Option(None, "--theme", help="cli.root.theme",
                                     show_default=False),
) -> None:
    """With no command: open the caseworker's app. (``--lang`` is read by ``main`` before
    anything is parsed, wherever it stands, so it never reaches this function.)"""
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


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` (or ``--lang=X``) wherever it stands in ``argv`` (before a ``--``), and
    the arguments without it: the language must be known before Typer builds the help.
    The last one given counts; a missing value is a usage error."""
    lang, rest = None, []
    items = iter(enumerate(argv))
    for position, arg in items:
        if arg == "--":
            rest.extend(argv[position:])
            break
        if arg == "--lang":
            found = next(items, None)
            if found is None:
                fail_usage("cli.usage.needs_value", option="'--lang'")
            lang = found[1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
        else:
            rest.append(arg)
    return lang, rest


def fail_usage(key: str, **values: object) -> None:
    from caseload.i18n import t

    fail(t(key, **values), ExitCode.USAGE)


def command(lang: str | None = None):  # noqa: ANN201
    """The Click command tree of ``app`` in ``lang`` (default: the current language)."""
    from typer.main import get_command

    from caseload import i18n
    from caseload.cli.localise import localise

    if lang is not None:
        i18n.set_language(lang)
    return localise(get_command(app))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning user errors into a message and an exit code.

    Typer runs without its standalone mode so that a usage error (a bad flag or value) is
    reported here on one line, exit 2, instead of Click's usage block. ``--lang`` is taken
    out first and passed on as ``$CASELOAD_LANG``, so every command (and any process it
    starts) speaks it.
    """
    before = os.environ.get("CASELOAD_LANG")
    try:
        _run(argv)
    finally:  # as it was, for a caller that runs main() again in the same process (tests)
        if before is None:
            os.environ.pop("CASELOAD_LANG", None)
        else:
            os.environ["CASELOAD_LANG"] = before


def _run(argv: list[str] | None) -> None:
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from caseload import i18n
    from caseload.errors import CaseloadError
    from caseload.quickcheck import COMMANDS

    lang, args = take_language(sys.argv[1:] if argv is None else list(argv))
    i18n.set_language(i18n.language_from_env())
    if lang is not None:
        try:
            os.environ["CASELOAD_LANG"] = i18n.language_from_env(lang)
        except ValueError:
            fail_usage("cli.usage.bad_lang", value=lang)
        i18n.set_language(i18n.language_from_env())
    if args and args[0] in COMMANDS:  # the quick check reads its own options
        from caseload.quickcheck import main as quick

        quick(args)
    try:
        code = command()(args=args, prog_name="caseload", standalone_mode=False)
    except NoArgsIsHelpError as exc:  # a group without its command: its help, exit 2
        print(exc.format_message(), file=sys.stderr)
        sys.exit(ExitCode.USAGE)
    except ClickException as exc:
        from caseload.cli.localise import usage_message
        from caseload.i18n import t

        where = exc.ctx.command_path if getattr(exc, "ctx", None) else "caseload"
        text = " ".join(usage_message(exc).split())
        fail(t("cli.usage.see_help", text=text, command=where), exc.exit_code)
    except Abort:
        fail(i18n.t("cli.run.aborted"), ExitCode.DOMAIN)
    except CaseloadError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail(i18n.t("cli.run.interrupted"), ExitCode.INTERRUPTED)
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
