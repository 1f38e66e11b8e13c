"""The CLI's ``overdue --json`` and the app's Overdue screen read the same use case: on the
same database they list the same obligations, row for row, in the same order."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from caseload import identity
from caseload.screens.overdue import load_overdue
from caseload.tui.context import AppContext
from tests.cli.conftest import DAY

DAYS = (DAY, date(2026, 11, 5), date(2026, 11, 15))  # today, and two days in the past


def app_overdue(db: Path, on: date, **scope: object) -> list[dict[str, object]]:
    """What the app's Overdue screen loads, its overdue band as the CLI's JSON objects."""
    from caseload.clock import today as real_today

    # As the app is started (cli/tui.py): a past day is answered as of it, like the CLI.
    ctx = AppContext(db=db, login=identity.current_login(), today=on, real_today=real_today(),
                     **scope)
    try:
        rows = load_overdue(ctx, None)
    finally:
        ctx.close()
    assert {r.band for r in rows} <= {"overdue", "due_today", "due_soon"}
    return [r.to_json() for r in rows if r.band == "overdue"]


@pytest.mark.parametrize("on", DAYS, ids=str)
@pytest.mark.parametrize(("flags", "scope"), [(["--all"], {"show_all": True}),
                                              (["--as", "anna"], {"as_user": "anna"}),
                                              (["--as", "bo"], {"as_user": "bo"})],
                         ids=["all", "anna", "bo"])
def test_cli_and_app_overdue_agree_row_for_row(cli, caseload_db: Path, on: date,
                                               flags: list[str], scope: dict) -> None:
    code, out, err = cli("overdue", "--db", caseload_db, "--today", on.isoformat(), "--json",
                         *flags)
    assert (code, err) == (0, "")
    from_cli = json.loads(out)
    from_app = app_overdue(caseload_db, on, **scope)
    assert from_cli == from_app
    if on == DAY and flags == ["--all"]:
        assert len(from_cli) == 4  # the comparison is not of two empty lists
