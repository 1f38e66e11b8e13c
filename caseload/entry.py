"""The console script (``caseload``): ``caseload import`` is started without Typer
(``caseload.morning``: the morning batch must be quick), everything else by the Typer CLI
(``caseload.cli``)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["import"]:
        from caseload import morning

        morning.main(args[1:])  # returns only when Typer must read the options
    from caseload.cli import main as typed

    typed(args)
