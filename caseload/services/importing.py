"""Use case: the morning batch. Read, validate and take in a batch of information forms.

Forms are taken in chunks, one write transaction each; every form's rows (citizen, case,
obligations, the stored form, resolved issues) land in the same transaction as its
``StoredForm`` row. A crash therefore leaves each form fully imported or not at all, and
running the batch again skips what landed (same form_id, same content hash) and finishes
the rest. Within a chunk everything is set-wise: one query per table to load what exists,
``executemany`` to write (see ``importing_sql``), obligations from the pure rules core.
All on a plain ``sqlite3`` connection (``caseload.store.sqlite``), or on PostgreSQL a plain
psycopg one (``COPY``, ``importing_pg``): no SQLAlchemy on this path.

On PostgreSQL the import runs as the database role of who runs it (``current_user``, the
audit log's actor), with its row-level security in force. A team lead's role sees every
case. The import account's and a caseworker's roles do not: their lookups (is this form
stored, does this citizen or open case exist, whose is it?) go through the server's import
functions (``importing_pg.restrict``, migration ``0010_import_roles``), which answer ids,
hashes and caseworkers only; a form for a case the role may not change is held for review
(for the import account, which sees no case, every open case that exists, and for both a
case opened earlier in the same run that is not theirs), and a team lead's run takes it in.

Nothing a caseworker typed is overwritten: citizen fields listed in ``edited_fields`` are
left alone, a case's own fields are only filled where empty, and a form that disagrees with
the open case flags it for review instead of changing it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from caseload.clock import now_utc
from caseload.identity import current_login
from caseload.importer import distribution, readers
from caseload.importer.background import Batch, check_files
from caseload.importer.report import Summary
from caseload.importer.validate import Checked
from caseload.services.audit import record
from caseload.services.importing_chunk import import_chunk
from caseload.services.importing_context import Context, Ranges
from caseload.services.policy import IMPORTER, TEAM_LEAD, Refused, Worker, decide_importer
from caseload.store import sqlite as db
from caseload.store.queries.facts import RULES_KEY, ruleset
from caseload.store.sqlite import connect as connect_sqlite

__all__ = ["CHUNK_SIZE", "PG_CHUNK_SIZE", "Options", "Stopped", "connect", "open_issues",
           "prepare", "read_batch", "run"]

CHUNK_SIZE = 500  # forms per write transaction on SQLite
# On PostgreSQL each commit waits for its WAL flush (~10 ms here) and every chunk costs some
# twenty round trips: fewer, bigger chunks (the write lock is held ~0.3 s a chunk instead
# of ~0.1 s; memory still bounded by the chunk, not the batch).
PG_CHUNK_SIZE = 2000
Progress = Callable[[int, int | None], None]  # forms done, of (None: not known yet)


@dataclass(frozen=True)
class Options:
    today: date
    now: datetime  # aware; date-times received after it lie in the future (the rules' now)
    assign: str | None = None  # one caseworker's login for every new case of the batch
    dry_run: bool = False
    chunk_size: int | None = None  # forms per transaction; None: the engine's default
    pause_mid_chunk: float = 0.0  # test hook: sleep inside each chunk's transaction
    wal_limit: int = db.WAL_LIMIT  # bytes of write-ahead log before a checkpoint
    # Who runs the import (the audit log's actor for every case it creates).
    actor: str = field(default_factory=current_login)
    # The real clock: when things happen (audit entries, imported_at). ``--today`` moves
    # ``today``/``now`` (what the rules are asked), never this.
    clock: Callable[[], datetime] = now_utc


class Stopped(Exception):
    """The batch stopped half-way (a full disk, a read-only file): what the chunks committed
    before it hold, and why. Each committed form is whole; running it again finishes."""

    def __init__(self, forms_read: int, imported: int, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.forms_read, self.imported, self.cause = forms_read, imported, cause


def connect(db: object):  # noqa: ANN201
    """The import's connection: ``sqlite3`` on a file (``store.sqlite.connect``), psycopg on
    a ``postgresql://`` URL (the schema revision checked as on SQLite)."""
    from caseload.pgurl import is_postgres

    if not is_postgres(db):
        return connect_sqlite(db)  # type: ignore[arg-type]
    import psycopg

    from caseload.errors import DomainError
    from caseload.store.revision import check_revision

    try:
        conn = psycopg.connect(str(db))
    except psycopg.Error as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DomainError(f"cannot connect to {db}: {reason}") from None
    try:
        # the import's stamps are naive UTC text (as on SQLite): read as UTC, whatever the
        # server's zone
        conn.execute("SET TIME ZONE 'UTC'")
        conn.commit()
        with conn.transaction():
            check_revision(conn, db)  # type: ignore[arg-type]
    except BaseException:
        conn.close()
        raise
    return conn


def _on_sqlite(conn: object) -> bool:
    return isinstance(conn, sqlite3.Connection)


def _writing(conn: object, *, keep: bool = True):  # noqa: ANN202
    from caseload.services import importing_pg

    return (db.write_transaction if _on_sqlite(conn) else importing_pg.write_transaction)(
        conn, keep=keep)


def _reading(conn: object):  # noqa: ANN202
    from caseload.services import importing_pg

    return (db.read_transaction if _on_sqlite(conn) else importing_pg.read_transaction)(conn)


def _store_errors(conn: object) -> tuple[type[BaseException], ...]:
    if _on_sqlite(conn):
        return (sqlite3.Error, OSError)
    import psycopg

    return (psycopg.Error, OSError)


# -- the batch --------------------------------------------------------------------------------
def read_batch(paths: Iterable[str | Path], options: Options) -> Batch:
    """Find the form files and read and validate every form in them, here and now."""
    files, skipped = readers.collect(paths)
    return Batch(files, skipped, check_files(files, today=options.today, now=options.now))


def run(conn: sqlite3.Connection, batch: Batch | Iterable[str | Path], options: Options,
        progress: Progress | None = None, context: Context | None = None) -> Summary:
    """Import a batch (read already, being read, or the paths to read) on a connection from
    ``connect``: one ``BEGIN IMMEDIATE`` transaction per chunk; with ``dry_run`` everything
    in one transaction, rolled back. ``batch.checked`` may be a stream (a child process
    reading the files, ``importer.background``): each chunk is taken as soon as it is
    there, and waited for outside any transaction."""
    if not isinstance(batch, Batch):
        batch = read_batch(batch, options)
    context = context or prepare(conn, options)
    summary = Summary(dry_run=options.dry_run)
    summary.files = len(batch.files)
    summary.files_skipped = [str(p) for p in batch.skipped]
    total = len(batch.checked) if isinstance(batch.checked, Sized) else None
    unknown: dict[str, tuple[int | None, set[str]]] = {}
    sqlite = _on_sqlite(conn)
    size = options.chunk_size or (CHUNK_SIZE if sqlite else PG_CHUNK_SIZE)
    chunks = _chunks(batch.checked, max(1, size), summary, unknown)
    if options.dry_run:
        with _writing(conn, keep=False):
            for chunk in chunks:
                import_chunk(conn, chunk, context, summary)
                _tell(progress, summary.forms_read, total)
    else:
        if sqlite:
            db.defer_checkpoints(conn, options.wal_limit)
            path = _path(conn)
        saved = (0, 0)  # forms read, imported in the chunks committed so far
        try:
            for chunk in chunks:
                with _writing(conn):
                    import_chunk(conn, chunk, context, summary)
                saved = (summary.forms_read, summary.imported)
                if sqlite:
                    db.checkpoint_between(conn, path, options.wal_limit)  # bounded log
                _tell(progress, summary.forms_read, total)
        except _store_errors(conn) as exc:
            raise Stopped(*saved, exc) from exc
        finally:
            if sqlite:
                with contextlib.suppress(sqlite3.Error):
                    db.checkpoint(conn)
    summary.warnings.extend(_unknown_fields(unknown))
    summary.warnings.extend(context.warnings)
    return summary


def _chunks(checked: Iterable[Checked], size: int, summary: Summary,
            unknown: dict[str, tuple[int | None, set[str]]]) -> Iterator[list[Checked]]:
    """Lists of ``size`` records (counted as read, their unknown fields noted)."""
    items = iter(checked)
    while chunk := list(islice(items, size)):
        summary.forms_read += len(chunk)
        for item in chunk:
            if item.unknown:
                unknown.setdefault(item.record.file, (item.record.line, set()))[1].update(
                    item.unknown)
        yield chunk


def _unknown_fields(unknown: dict[str, tuple[int | None, set[str]]]) -> list[str]:
    """One warning per file that had unknown fields: the file, the first line with one and
    how many, never the names (a CSV without its header row has values there: health
    text, CPR numbers)."""
    from caseload.i18n import t

    return [t("import_check.unknown_fields", file=file, line=line if line is not None else "-",
              n=len(names)) for file, (line, names) in unknown.items()]


def _tell(progress: Progress | None, done: int, total: int | None) -> None:
    if progress is not None:
        progress(done, total)


def prepare(conn: sqlite3.Connection, options: Options) -> Context:
    """What every chunk shares: the rule set, who runs the import and how far they may go
    (``policy.decide_importer``: a refusal is logged and raised, nothing is imported), who
    gets new cases (an unknown ``--assign`` is a ``UsageError``). Computing one case's
    obligations here loads the calendar, so a caller can do it while the forms are still
    being read."""
    sqlite = _on_sqlite(conn)
    with _reading(conn):
        workers = conn.execute("SELECT id, login, birth_days, active, role FROM caseworkers"
                               ).fetchall()
        row = conn.execute("SELECT value FROM meta WHERE key = " + ("?" if sqlite else "%s"),
                           (RULES_KEY,)).fetchone()
        # who is working: the OS login on SQLite, the server's current_user on PostgreSQL
        actor = options.actor if sqlite else conn.execute("SELECT current_user").fetchone()[0]
    rules = ruleset(row[0] if row else None)
    rows = {w[1]: Worker(w[0], w[1], w[4], bool(w[3])) for w in workers}
    try:
        right = decide_importer(actor, rows.get(actor), assign=options.assign,
                                target=rows.get(options.assign) if options.assign else None)
    except Refused as refusal:
        entries = [(refusal.actor, "refused", None, None, refusal.detail, None)]
        if sqlite:
            record(_path(conn), entries, at=options.clock())
        else:
            from caseload.services.audit import append
            from caseload.services.db import Pyformat

            with _reading(conn):  # a transaction of its own, committed
                append(Pyformat(conn), entries, at=options.clock())
        raise
    if right.full:
        table, warnings = distribution.by_day((w[0], w[1], w[2]) for w in workers if w[3])
    else:  # a caseworker's new cases stay unassigned (or go to themselves with --assign)
        table, warnings = {}, []
    created = Ranges()
    if not sqlite and rows[actor].role != TEAM_LEAD:  # under row-level security
        from dataclasses import replace

        from caseload.services import importing_pg

        importing_pg.restrict(conn, importer=rows[actor].role == IMPORTER)
        right, created = replace(right, full=False), _NoneMine()
    context = Context(options.today, options.now, rules, right.assign_id, table,
                      options.pause_mid_chunk, warnings=warnings, actor=actor,
                      right=right, clock=options.clock, created=created)
    context.obligations(options.today, "outside", None)
    return context


class _NoneMine(Ranges):
    """The cases a run opened, for a role under row-level security: none is the role's to
    change for having been opened by it (only the server's policies say what is)."""

    def __contains__(self, value: object) -> bool:
        return False


def _path(conn: sqlite3.Connection) -> Path:
    """The file of ``conn``'s main database."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def open_issues(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Rejected and conflicting forms still waiting for someone (oldest first); on either
    engine's connection."""
    rows = conn.execute(
        "SELECT id, kind, form_id, source_file, source_line, reasons, created_at "
        "FROM import_issues WHERE resolved_at IS NULL ORDER BY id").fetchall()
    return [{"id": r[0], "kind": r[1], "form_id": r[2], "file": r[3], "line": r[4],
             "reasons": json.loads(r[5]), "created_at": str(r[6])} for r in rows]
