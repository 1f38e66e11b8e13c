"""``caseload overdue`` and ``caseload today``: the quick check (being filled in)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("overdue")(overdue)
    app.command("today")(today)


def overdue() -> None:
    """What the rules say should have happened and has not."""
    raise NotImplementedError


def today(db: str | None = None, as_user: str | None = None, all_: bool = False,
          on: str | None = None, as_json: bool = False) -> None:
    """Today's interviews and what falls due today."""
    raise NotImplementedError
