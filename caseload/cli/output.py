"""One place for what the CLI prints: errors on stderr, JSON alone on stdout (written in
``caseload.console``, which the commands started without Typer use too)."""

from __future__ import annotations

from caseload.console import ExitCode, fail, message, print_json

__all__ = ["ExitCode", "fail", "message", "print_json"]
