"""``caseload import PATH...``: the morning batch of information forms, started without
Typer.

The console script (``caseload.entry``) hands ``import`` here before Typer is imported:
Typer and the tree of every command take longer to load than a fifth of the batch. The
options are read with the standard library; anything this reader is not sure of (``--help``,
an unknown option, a missing value) goes to the Typer command (``caseload.cli.importing``)
instead, which prints the same help and the same usage errors as every command. Both run
``run`` below: one import path.

Exit 0 when every form was imported or skipped as already imported, 1 when some were
rejected, in conflict or held (the good ones are imported all the same), 2 for usage errors.
The summary goes to stdout (``--json``: JSON alone); the progress bar to stderr, and only
when stderr is a terminal (Rich is imported for it then, and only then).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import NoReturn

from caseload.console import ExitCode, fail, print_json

ENV_CHUNK = "CASELOAD_IMPORT_CHUNK"  # forms per transaction (tests)
ENV_PAUSE = "CASELOAD_IMPORT_PAUSE"  # seconds to sleep inside each transaction (tests)
ENV_WAL = "CASELOAD_IMPORT_WAL_LIMIT"  # bytes of write-ahead log between checkpoints

VALUES = {"--db": "db", "--assign": "assign", "--today": "today"}
FLAGS = {"--dry-run": "dry_run", "--json": "as_json", "--rejected": "rejected"}


@dataclass
class Request:
    paths: list[str] = field(default_factory=list)
    db: str | None = None
    assign: str | None = None
    dry_run: bool = False
    as_json: bool = False
    rejected: bool = False
    today: str | None = None


def parse(argv: list[str]) -> Request | None:
    """The options after ``import``, as Typer reads them; None for anything else."""
    request = Request()
    args = iter(argv)
    for arg in args:
        if arg == "--":
            request.paths.extend(args)
            break
        if not arg.startswith("-") or arg == "-":
            request.paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in VALUES:
            if not eq:
                value = next(args, None)
                if value is None:
                    return None
            setattr(request, VALUES[name], value)
        elif name in FLAGS and not eq:
            setattr(request, FLAGS[name], True)
        else:
            return None  # --help, an unknown option: Typer says it as for every command
    return request


def main(argv: list[str]) -> None:
    """Run ``caseload import ARGV`` and exit; return (having done nothing) when Typer must
    read the options."""
    request = parse(argv)
    if request is None:
        return
    from caseload import i18n
    from caseload.console import guarded

    i18n.set_language(i18n.language_from_env())
    guarded(lambda: run(request))
    sys.exit(ExitCode.OK)


def run(request: Request) -> None:
    """Import the forms (or list what earlier runs rejected); exit 1 when something was
    rejected, in conflict or held."""
    from caseload.console import option_day
    from caseload.errors import CaseloadError
    from caseload.i18n import t
    from caseload.services.importing import Stopped

    day = option_day(request.today)
    if request.rejected and request.paths:
        fail(t("cli.import.rejected_no_paths"), ExitCode.USAGE)
    if not request.rejected and not request.paths:
        fail(t("cli.import.no_paths"), ExitCode.USAGE)
    try:
        if request.rejected:
            _list_rejected(request.db, request.as_json)
            return
        summary = _import(request, day)
    except CaseloadError as exc:
        fail(str(exc), exc.exit_code)
    except Stopped as stopped:
        _stopped(stopped, request.as_json)
    if request.as_json:
        print_json(summary.as_json())
    else:
        sys.stdout.write("\n".join(summary.lines()) + "\n")
    if not summary.ok:
        raise SystemExit(int(ExitCode.DOMAIN))


def _stopped(stopped, as_json: bool) -> NoReturn:  # noqa: ANN001
    """What was saved before the batch stopped, on stdout (the cron log), and why, on
    stderr; exit 1."""
    from caseload.i18n import t
    from caseload.services.failures import explain, unexpected

    why = explain(stopped.cause) or unexpected(stopped.cause)
    saved = t("failure.import_stopped", forms=stopped.forms_read, imported=stopped.imported)
    if as_json:
        print_json({"stopped": why, "forms_read": stopped.forms_read,
                    "imported": stopped.imported})
    else:
        sys.stdout.write(saved + "\n")
    fail(why, ExitCode.DOMAIN)


def _db_path(db: str | None):  # noqa: ANN202
    from caseload.services.db import resolve_db_path

    return resolve_db_path(db)


def _import(request: Request, day):  # noqa: ANN001, ANN202
    from datetime import UTC, datetime, time

    from caseload import clock
    from caseload.errors import UsageError
    from caseload.importer import background, readers

    files, skipped = readers.collect(request.paths)  # a missing path: usage error
    if day is None:
        day, now = clock.today(), datetime.now(UTC)
    else:
        now = datetime.combine(day, time.max, tzinfo=clock.DANISH)
    try:
        chunk = int(os.environ.get(ENV_CHUNK) or 0) or None  # None: the engine's default
        pause = float(os.environ.get(ENV_PAUSE) or 0)
        wal = int(os.environ.get(ENV_WAL) or 0)
    except ValueError:
        from caseload.i18n import t

        raise UsageError(t("cli.import.env_numbers", names=f"{ENV_CHUNK}, {ENV_PAUSE}, "
                           f"{ENV_WAL}")) from None
    # A big batch is read and validated in a child process, which hands the forms over as
    # it goes, while this one takes them in (see caseload.importer.background).
    pending = background.start(files, today=day, now=now)
    try:
        from caseload import holiday_cache
        from caseload.services import importing

        holiday_cache.install()  # the holidays without importing every country
        conn = importing.connect(_db_path(request.db))
    except BaseException:
        pending.close()
        raise
    try:
        options = importing.Options(today=day, now=now, assign=request.assign,
                                    dry_run=request.dry_run, chunk_size=chunk,
                                    pause_mid_chunk=pause,
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

        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.progress.__enter__()
        from caseload.i18n import t

        self.task = self.progress.add_task(t("cli.import.progress"), total=None)
        return self

    def update(self, done: int, total: int | None) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)


def _list_rejected(db: str | None, as_json: bool) -> None:
    from caseload.importer.report import redact
    from caseload.pgurl import is_postgres
    from caseload.services.db import snapshot
    from caseload.services.importing import open_issues

    path = _db_path(db)
    if is_postgres(path):
        from caseload.services.importing import connect

        conn = connect(path)
        try:
            with conn.transaction():
                login, lead = conn.execute("SELECT current_user, caseload_is_lead()"
                                           ).fetchone()
                if not lead:  # the policies would show an empty list
                    from caseload.i18n import t

                    fail(t("cli.import.rejected_leads", login=login), ExitCode.DOMAIN)
                issues = open_issues(conn)
        finally:
            conn.close()
    else:
        with snapshot(path) as conn:
            issues = open_issues(conn)
    if as_json:
        print_json([{**i, "file": redact(i["file"]),
                     "form_id": redact(i["form_id"]) if i["form_id"] else None}
                    for i in issues])
        return
    if not issues:
        from caseload.i18n import t

        sys.stdout.write(t("cli.import.none_waiting") + "\n")
        return
    for issue in issues:
        where = f"{issue['file']}:{issue['line']}" if issue["line"] is not None \
            else issue["file"]
        reasons = "; ".join(f"{r['field'] or '-'}: {r['message']}" for r in issue["reasons"])
        sys.stdout.write(redact(f"#{issue['id']} {issue['kind']} {where} "
                                f"{issue['form_id'] or '-'} {reasons}") + "\n")
