"""``caseload notes verify`` and ``caseload export notes``.

``export`` is a command group (``export_app``): other modules may add commands to it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP

notes_app = typer.Typer(name="notes", help="cli.notes.help", no_args_is_help=True,
                        rich_markup_mode=None)
export_app = typer.Typer(name="export", help="cli.export.help", no_args_is_help=True,
                         rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    notes_app.command("verify", help="cli.notes.verify_help")(verify)
    export_app.command("notes", help="cli.export.notes_help")(export_notes)
    app.add_typer(notes_app, name="notes")
    app.add_typer(export_app, name="export")


def _engine(db: str | None):  # noqa: ANN202
    from caseload.cli.options import existing_db
    from caseload.services.db import open_database

    return open_database(existing_db(db))


def verify(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="cli.common.json")] = False,
) -> None:
    """Check that no saved note was changed, deleted or reordered behind the tool's back."""
    from caseload.cli.output import ExitCode, print_json
    from caseload.i18n import t
    from caseload.services.db import read_session
    from caseload.services.notes import verify_notes

    engine = _engine(db)
    try:
        with read_session(engine) as session:
            problems = verify_notes(session)
    finally:
        engine.dispose()
    if as_json:
        print_json({"ok": not problems, "problems": [
            {"note_id": p.note_id, "case_id": p.case_id, "what": p.what} for p in problems]})
    elif problems:
        for problem in problems:
            typer.echo(t("cli.notes.broken", note=problem.note_id, case=problem.case_id,
                         what=t(f"cli.notes.problem_{problem.code}", other=problem.other)))
    else:
        typer.echo(t("cli.notes.intact"))
    if problems:
        raise typer.Exit(ExitCode.DOMAIN)


def export_notes(
    since: Annotated[str | None, typer.Option(
        "--since", help="cli.export.since", show_default=False)] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help="cli.export.until", show_default=False)] = None,
    as_user: Annotated[str | None, typer.Option(
        "--as", help="cli.export.as", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="cli.common.all")] = False,
    fmt: Annotated[str, typer.Option("--format", help="cli.export.format")] = "pdf",
    out: Annotated[str, typer.Option(
        "--out", metavar="cli.metavar.folder", help="cli.export.out")] = ".",
    again: Annotated[bool, typer.Option("--again", help="cli.export.again")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="cli.common.json")] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
) -> None:
    """Write follow-up notes for journalisation: one file per case per day, owner-only.

    By default every note not yet exported; a second run writes nothing new.
    """
    from pathlib import Path

    from caseload.cli.options import option_day
    from caseload.cli.output import message, print_json
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.notes.render import FORMATS
    from caseload.services import notes

    if as_user and all_:
        raise typer.BadParameter(t("cli.common.as_or_all"), param_hint="--as/--all")
    if fmt not in FORMATS:
        raise typer.BadParameter(t("cli.usage.one_of", value=fmt, choices=", ".join(FORMATS)),
                                 param_hint="--format")
    first, last = option_day(since, "--since"), option_day(until, "--until")
    if first and last and first > last:
        raise typer.BadParameter(t("cli.common.period"), param_hint="--since/--until")
    # Who exports (the login name) and whose cases: --as/--all for team leads only.
    actor = as_actor(db, lambda _session, found: found, write=False, as_user=as_user,
                     all_=all_)
    engine = _engine(db)
    try:
        result = notes.export_notes(
            engine, out_dir=Path(out).expanduser(), fmt=fmt, since=first, until=last,
            caseworker=None if actor.team_wide else actor.scope_login, again=again,
            exporter=actor.login)
    finally:
        engine.dispose()
    if result.files:
        message(t("cli.export.written", files=len(result.files), folder=result.out_dir,
                  notes=result.notes, cases=result.cases))
    else:
        message(t("cli.export.nothing_again" if again else "cli.export.nothing"))
    if as_json:
        print_json(result.as_dict())
