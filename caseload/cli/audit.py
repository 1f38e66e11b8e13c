"""``caseload audit``: one citizen's access history (the citizen may ask for it), and the
retention of the audit log. For team leads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from caseload.cli.options import DB_HELP


def register(app: typer.Typer) -> None:
    app.command("audit", help="cli.audit.help")(audit)


def audit(
    citizen: Annotated[str | None, typer.Argument(
        help="cli.audit.citizen", metavar="cli.metavar.citizen", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="cli.common.json")] = False,
    out: Annotated[str | None, typer.Option(
        "--out", help="cli.audit.out", show_default=False)] = None,
    purpose: Annotated[str | None, typer.Option(
        "--purpose", help="cli.audit.purpose", show_default=False)] = None,
    prune: Annotated[bool, typer.Option("--prune", help="cli.audit.prune")] = False,
    retention_days: Annotated[int | None, typer.Option(
        "--retention-days", metavar="cli.metavar.n", help="cli.audit.retention",
        show_default=False)] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
) -> None:
    """Show who has read or changed a citizen's data, when and why."""
    from caseload.cli.output import ExitCode, fail, message
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.services import audit as service

    if citizen is None and not prune and retention_days is None:
        fail(t("cli.audit.what"), ExitCode.USAGE)
    if retention_days is not None:
        if retention_days < 1:
            fail(t("cli.usage.at_least", option="--retention-days", n=1,
                   value=retention_days), ExitCode.USAGE)
        as_actor(db, lambda s, a: service.set_retention_days(s, a, retention_days))
        message(t("cli.audit.retention_set", days=retention_days))
    if prune:
        removed = as_actor(db, service.prune_expired)
        message(t("cli.audit.pruned", n=removed))
    if citizen is None:
        return
    if citizen == "-":
        citizen = sys.stdin.readline().strip()
    history = as_actor(db, lambda s, a: service.citizen_history(s, a, citizen, purpose))
    if out:
        _write(Path(out).expanduser(), history)
        message(t("cli.audit.written", n=len(history.rows), path=out))
    elif as_json:
        from caseload.cli.output import print_json

        print_json(history.to_json())
    else:
        _table(history)


def _write(path: Path, history) -> None:  # noqa: ANN001
    import csv
    import io
    import json

    from caseload.errors import DomainError
    from caseload.safety.text import csv_row

    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, ["at", "actor", "action", "case_id", "detail",
                                         "purpose"])
        writer.writeheader()
        writer.writerows(csv_row(row.to_json()) for row in history.rows)
        text = buffer.getvalue()
    else:
        text = json.dumps(history.to_json(), ensure_ascii=False, indent=2) + "\n"
    from caseload.files import write_private

    try:
        write_private(path, text.encode("utf-8"))
    except OSError as exc:
        from caseload.i18n import t

        raise DomainError(t("cli.common.cannot_write", path=path,
                            reason=exc.strerror)) from None


def _table(history) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.table import Table

    from caseload.i18n import t
    from caseload.safety.text import escape

    table = Table(title=escape(t("cli.audit.title", name=history.name, cpr=history.cpr)),
                  title_justify="left")
    for column in ("when", "who", "what", "case", "detail", "purpose"):
        table.add_column(t(f"cli.audit.col_{column}"))
    for row in history.rows:
        data = row.to_json()
        table.add_row(*map(escape, (str(data["at"]), row.actor, row.action,
                                    "" if row.case_id is None else str(row.case_id),
                                    row.detail or "", row.purpose or "")))
    Console(highlight=False, markup=False, emoji=False).print(table)  # cells: plain text
