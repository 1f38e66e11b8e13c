"""``caseload overdue`` and ``caseload today`` in Typer's command list.

The quick check itself is ``caseload.quickcheck``: the console script (``caseload.entry``)
runs it before Typer is imported. Typer only lists the two commands in ``caseload --help``
and hands them on when it is reached first (``caseload --lang en overdue ...``, or
``caseload.cli.main``). The option types below are shared with ``caseload report``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP

Db = Annotated[str | None, typer.Option("--db", metavar="PATH", help=DB_HELP,
                                        show_default=False)]
AsUser = Annotated[str | None, typer.Option(
    "--as", metavar="USER", show_default=False,
    help="The caseworker (login name) whose cases to show (team leads); default: yours.")]
AllTeam = Annotated[bool, typer.Option("--all", help="The whole team's cases (team leads).")]
On = Annotated[str | None, typer.Option(
    "--today", metavar="YYYY-MM-DD", show_default=False,
    help="Answer as of this day instead of today.")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.")]


_PASS_ON = {"allow_extra_args": True, "ignore_unknown_options": True,
            "help_option_names": []}


def register(app: typer.Typer) -> None:
    for command in ("overdue", "today"):  # help: a catalogue key (caseload.cli.localise)
        app.command(command, context_settings=_PASS_ON, add_help_option=False,
                    help=f"quick_cli.{command}")(_pass_on(command))


def _pass_on(command: str):  # noqa: ANN202
    def run(ctx: typer.Context) -> None:
        from caseload.quickcheck import main

        main([command, *ctx.args])

    run.__name__ = command
    return run


def _console():  # noqa: ANN202
    """A Rich console on stdout (``caseload report`` draws its tables like these)."""
    from caseload.quickcheck import tables

    return tables.console()


def _table(title: str, subtitle: str):  # noqa: ANN202
    from caseload.quickcheck import tables

    return tables.table(title, subtitle)
