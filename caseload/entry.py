"""The console script (``caseload``): ``caseload import`` is started without Typer
(``caseload.morning``: the morning batch must be quick), and so are ``caseload overdue`` and
``caseload today`` (``caseload.quickcheck``: the quick check must answer in a fraction of
taskwarrior's time), and the app when only root options are given (``caseload.app_start``:
its first paint must come soon after a bare Textual app's); everything else by the Typer
CLI (``caseload.cli``). Nothing but ``sys`` is imported before the command is known."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["import"]:
        from caseload import morning

        morning.main(args[1:])  # returns only when Typer must read the options
    if args[:1] in (["overdue"], ["today"]):  # caseload.quickcheck.COMMANDS
        from caseload.quickcheck import main as quick

        quick(args)
    if not args or args[0].startswith("--"):  # no command first: perhaps the app
        from caseload import app_start

        app_start.main(args)  # returns only when Typer must read the options
    from caseload.cli import main as typed

    typed(args)
