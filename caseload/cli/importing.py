"""``caseload import PATH...``: the morning batch of information forms.

Exit 0 when every form was imported or skipped as already imported, 1 when some were
rejected or in conflict (the good ones are imported all the same), 2 for usage errors.
The summary goes to stdout (``--json``: JSON alone); the progress bar to stderr, and only
when stderr is a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from caseload.cli.options import DB_HELP, option_day
from caseload.cli.output import ExitCode, fail, print_json

ENV_CHUNK = "CASELOAD_IMPORT_CHUNK"  # forms per transaction (tests)
ENV_PAUSE = "CASELOAD_IMPORT_PAUSE"  # seconds to sleep inside each transaction (tests)
ENV_WAL = "CASELOAD_IMPORT_WAL_LIMIT"  # bytes of write-ahead log between checkpoints


def register(app: typer.Typer) -> None:
    app.command("import", help="cli.import.help")(import_forms)


def import_forms(
    paths: Annotated[list[str] | None, typer.Argument(
        help="cli.import.paths", metavar="cli.metavar.paths", show_default=False)] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    assign: Annotated[str | None, typer.Option(
        "--assign", help="cli.import.assign", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="cli.import.dry_run")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="cli.import.json")] = False,
    rejected: Annotated[bool, typer.Option("--rejected", help="cli.import.rejected")] = False,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli.import.today", show_default=False)] = None,
) -> None:
    """Import information forms (oplysningsskemaer): files, or every form file in folders."""
    from caseload.errors import CaseloadError
    from caseload.i18n import t
    from caseload.services.importing import Stopped

    day = option_day(today)
    if rejected and paths:
        fail(t("cli.import.rejected_no_paths"), ExitCode.USAGE)
    if not rejected and not paths:
        fail(t("cli.import.no_paths"), ExitCode.USAGE)
    try:
        if rejected:
            _list_rejected(db, as_json)
            return
        summary = _import(paths or [], db, assign, dry_run, day)
    except CaseloadError as exc:
        fail(str(exc), exc.exit_code)
    except Stopped as stopped:
        _stopped(stopped, as_json)
    if as_json:
        print_json(summary.as_json())
    else:
        sys.stdout.write("\n".join(summary.lines()) + "\n")
    if not summary.ok:
        raise typer.Exit(ExitCode.DOMAIN)


def _stopped(stopped, as_json: bool) -> None:  # noqa: ANN001
    """What was saved before the batch stopped, on stdout (the cron log), and why, on
    stderr; exit 1."""
    from caseload.cli.errors import translate, unexpected
    from caseload.i18n import t

    found = translate(stopped.cause)
    why = found[0] if found else unexpected(stopped.cause)
    saved = t("failure.import_stopped", forms=stopped.forms_read, imported=stopped.imported)
    if as_json:
        print_json({"stopped": why, "forms_read": stopped.forms_read,
                    "imported": stopped.imported})
    else:
        sys.stdout.write(saved + "\n")
    fail(why, ExitCode.DOMAIN)


def _db_path(db: str | None):  # noqa: ANN202
    from caseload.services.db import resolve_db_path

    return _sqlite_only(resolve_db_path(db))


def _sqlite_only(path):  # noqa: ANN001, ANN202
    from caseload.pgurl import not_on_postgres

    not_on_postgres(path, "import", "engine.import_later")
    return path


def _import(paths: list[str], db: str | None, assign: str | None, dry_run: bool,
            day):  # noqa: ANN001, ANN202
    from datetime import UTC, datetime, time

    from caseload import clock
    from caseload.errors import UsageError
    from caseload.i18n import t
    from caseload.importer import background, readers

    files, skipped = readers.collect(paths)  # a missing path: usage error, nothing opened
    if day is None:
        day, now = clock.today(), datetime.now(UTC)
    else:
        now = datetime.combine(day, time.max, tzinfo=clock.DANISH)
    try:
        chunk = int(os.environ.get(ENV_CHUNK) or 500)
        pause = float(os.environ.get(ENV_PAUSE) or 0)
        wal = int(os.environ.get(ENV_WAL) or 0)
    except ValueError:
        raise UsageError(t("cli.import.env_numbers", names=f"{ENV_CHUNK}, {ENV_PAUSE}, {ENV_WAL}")
                         ) from None
    # A big batch is read and validated in a child process, which hands the forms over as
    # it goes, while this one takes them in (see caseload.importer.background).
    pending = background.start(files, today=day, now=now)
    try:
        from caseload import holiday_cache
        from caseload.services import importing

        holiday_cache.install()  # the holidays without importing every country
        conn = importing.connect(_db_path(db))
    except BaseException:
        pending.close()
        raise
    try:
        options = importing.Options(today=day, now=now, assign=assign, dry_run=dry_run,
                                    chunk_size=chunk, pause_mid_chunk=pause,
                                    **({"wal_limit": wal} if wal > 0 else {}))
        context = importing.prepare(conn, options)
        batch = background.Batch(files, skipped, pending.stream())
        if not sys.stderr.isatty():
            return importing.run(conn, batch, options, context=context)
        with _Bar() as bar:
            return importing.run(conn, batch, options, bar.update, context=context)
    finally:
        pending.close()  # never leave the child behind
        conn.close()


class _Bar:
    """A Rich progress bar on stderr (imported only when there is a terminal to show it)."""

    def __enter__(self) -> _Bar:
        from rich.console import Console
        from rich.progress import Progress

        from caseload.i18n import t

        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task(t("cli.import.progress"), total=None)
        return self

    def update(self, done: int, total: int | None) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)


def _list_rejected(db: str | None, as_json: bool) -> None:
    from caseload.importer.report import redact
    from caseload.services.db import snapshot
    from caseload.services.importing import open_issues

    with snapshot(_db_path(db)) as conn:
        issues = open_issues(conn)
    if as_json:
        print_json([{**i, "file": redact(i["file"]),
                     "form_id": redact(i["form_id"]) if i["form_id"] else None}
                    for i in issues])
        return
    from caseload.i18n import t

    if not issues:
        sys.stdout.write(t("cli.import.none_waiting") + "\n")
        return
    for issue in issues:
        where = f"{issue['file']}:{issue['line']}" if issue["line"] is not None \
            else issue["file"]
        reasons = "; ".join(f"{r['field'] or '-'}: {r['message']}" for r in issue["reasons"])
        sys.stdout.write(redact(f"#{issue['id']} {issue['kind']} {where} "
                                f"{issue['form_id'] or '-'} {reasons}") + "\n")
