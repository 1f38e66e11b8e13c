"""Backups and restores through SQLite's online backup API, never a file copy.

``backup`` copies the database in one step of the backup API: it reads one consistent
snapshot while other processes go on writing (WAL: readers do not block the writer). The
copy is written to a private temporary file next to the destination (0o600) and moved into
place only when complete and checked.

``restore`` checks that the source is a caseload database at a schema revision this
version knows and that ``PRAGMA integrity_check`` passes, keeps the current database as a
``.before-restore-<time>`` copy (backup API as well), then copies the source into the live
database with the backup API (other processes wait on the lock, as for any write).

Both are for team leads: a backup is a copy of every citizen's data. Every full copy (the
backup, the restore's copy of the database as it was) is logged in the audit log BEFORE it
is written: a copy that cannot be logged (the database stayed busy) is not made, and one
that fails leaves no file. The copy is written to ``.NAME.<pid>.partial`` (0o600) and
renamed when complete; the partial files of killed runs are removed by the next run
(``caseload.safety.partials``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from caseload.clock import now_utc
from caseload.errors import DomainError
from caseload.safety import partials

REQUIRED_TABLES = {"alembic_version", "caseworkers", "citizens", "cases", "audit_log", "meta"}


@dataclass(frozen=True, slots=True)
class Copied:
    path: Path
    revision: str
    tables: dict[str, int]  # rows per table

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "schema": self.revision, "rows": self.tables}


def backup(db: Path, dest: Path, *, login: str, force: bool = False) -> Copied:
    """Copy the live database ``db`` to ``dest`` (0o600) for ``login`` (a team lead). An
    existing ``dest`` is refused unless ``force``; a half-written copy never takes its
    place; the copy is logged before it is written."""
    dest = dest.expanduser()
    if dest.resolve() == db.resolve():
        raise DomainError("the backup cannot overwrite the database itself")
    if dest.exists() and not force:
        raise DomainError(f"{dest} exists: choose another name, or --force to replace it")
    if dest.exists() and not dest.is_file():
        raise DomainError(f"{dest} is not a file")
    if not dest.parent.is_dir():
        raise DomainError(f"no folder {dest.parent}")
    authorise(db, login, "backup", [("export", f"backup to {dest.name}")])
    partials.sweep(dest.parent)
    temporary = partials.partial_name(dest)
    try:
        _copy(_open(db), temporary, create=True)
        copied = inspect(temporary)
        os.replace(temporary, dest)
    finally:
        partials.remove(temporary)
    return Copied(dest, copied.revision, copied.tables)


def authorise(db: Path, login: str, what: str, entries: list[tuple[str, str]]) -> None:
    """Refuse (and log) unless ``login`` is an active team lead of ``db``; then log
    ``entries`` ((action, detail)) in a transaction of their own, before anything is
    copied: a copy that cannot be logged is not made."""
    from caseload.services import audit
    from caseload.services.access import resolve_actor
    from caseload.services.policy import Refused, require_lead
    from caseload.store.sqlite import open_connection

    conn = open_connection(db)
    try:
        actor = resolve_actor(conn, login)
    finally:
        conn.close()
    try:
        require_lead(actor, what)
    except Refused as refusal:
        audit.record(db, [audit.entry(refusal.actor, "refused", detail=refusal.detail)])
        raise
    audit.record(db, [audit.entry(actor, action, detail=detail)
                            for action, detail in entries])


def restore(db: Path, src: Path, *, login: str | None,
            keep: bool = True) -> tuple[Copied, Path | None]:
    """Replace the content of ``db`` with the backup ``src`` for ``login`` (a team lead of
    ``db``; None: a new, empty file being restored into, checked by the caller); returns
    what was restored and where the database as it was is kept (``keep``; None when not
    kept). The copy kept is logged before it is written (the entry is in it)."""
    src = src.expanduser()
    if not src.is_file():
        raise DomainError(f"no backup file at {src}")
    if src.resolve() == db.resolve():
        raise DomainError("a database cannot be restored from itself")
    checked = inspect(src)
    kept = None
    if keep:
        kept = db.with_name(f"{db.name}.before-restore-{now_utc():%Y%m%dT%H%M%S}")
    if login is not None:
        authorise(db, login, "restore",
                  [("change", f"restoring from {src.name}")]
                  + ([("export", f"database as it was kept as {kept.name}")] if kept else []))
    if kept is not None:
        partials.sweep(kept.parent)
        temporary = partials.partial_name(kept)
        try:
            _copy(_open(db), temporary, create=True)
            os.replace(temporary, kept)
        finally:
            partials.remove(temporary)
    source = _open(src, readonly=True)
    target = _open(db)
    try:
        source.backup(target)
        problems = target.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        raise DomainError(f"the restore failed ({exc}); the database as it was is kept "
                          f"at {kept}") from None
    finally:
        source.close()
        target.close()
    if problems != [("ok",)]:
        raise DomainError(f"the restored database fails its integrity check; the database "
                          f"as it was is kept at {kept}")
    return Copied(db, checked.revision, checked.tables), kept


def inspect(path: Path) -> Copied:
    """Check that ``path`` is an intact caseload database at a known schema revision."""
    from caseload.store.schema import known_revision

    if not path.is_file():
        raise DomainError(f"no backup file at {path}")
    try:
        conn = _open(path, readonly=True)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= REQUIRED_TABLES:
                raise DomainError(f"{path} is not a caseload database")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            if revision is None or not known_revision(revision):
                raise DomainError(f"{path} is at schema {revision or 'none'}, which this "
                                  "version of caseload does not know")
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise DomainError(f"{path} fails SQLite's integrity check: it is damaged")
            counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                      for name in sorted(tables) if not name.startswith("sqlite_")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"{path} is not a caseload database ({exc})") from None
    return Copied(path, revision, counts)


def _open(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """The store's own opener (``caseload.store.sqlite.open_connection``: its busy timeout
    and settings), without the checks the caller made already."""
    from caseload.store.sqlite import open_connection

    return open_connection(path, read_only=readonly)


def _copy(source: sqlite3.Connection, dest: Path, *, create: bool) -> None:
    """Copy ``source`` into a new private file ``dest`` (all pages in one step)."""
    if create:
        from caseload.files import create_private

        try:
            create_private(dest)
        except OSError:
            source.close()
            raise
    try:
        target = _open(dest)
    except BaseException:
        source.close()
        raise
    try:
        source.backup(target)  # pages=-1: one step, one consistent snapshot
        target.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    except sqlite3.Error as exc:
        raise DomainError(f"the backup failed: {exc}") from None
    finally:
        target.close()
        source.close()
