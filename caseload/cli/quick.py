"""``caseload overdue`` and ``caseload today``: the quick check (filled in next)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
