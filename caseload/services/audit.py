"""The audit log: who did what to whose data, when, and why (where a purpose is given).

Entries go to ``audit_log`` through one ``append`` (on a DB-API connection, the query in
``caseload.store.queries.audit``), made by ``entry``, which masks the free text (``detail``
and ``purpose``: anything that looks like a CPR number) on every path: a session's
``log``, the quick check's and the app's ``record``, refusals. The log is append-only
through the tool: no use case updates or deletes an entry, except ``prune`` for the
retention period (itself logged). Callers pass identifiers and search criteria only, never
health text. This module imports SQLAlchemy only inside the functions that need a session,
so the quick check can log its reads without loading it.

When an entry is written:

- in a write transaction (``write_session``), with the change it describes, so a change
  that is rolled back leaves no entry;
- in a read transaction, and for every refusal, right after the transaction ends, in a
  short transaction of its own: a read transaction cannot write without risking
  SQLITE_BUSY_SNAPSHOT, and a refusal must be kept although its transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseload.clock import DANISH, now_utc
from caseload.errors import DomainError, NotFound, UsageError
from caseload.pgurl import PostgresUrl
from caseload.services.db import dbapi
from caseload.services.policy import ACTIONS, Actor, Refused, mask_text, require_lead
from caseload.store.queries import audit as queries

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from caseload.models import Citizen

RETENTION_KEY = "audit_retention_days"
DEFAULT_RETENTION_DAYS = 1826  # five years
_PENDING = "caseload_audit_pending"

Entry = tuple[str, str, int | None, int | None, str | None, str | None]
# (actor login, action, citizen id, case id, detail, purpose): masked, ready to append


def entry(actor: Actor | str, action: str, citizen_id: int | None = None,
          case_id: int | None = None, detail: str | None = None,
          purpose: str | None = None) -> Entry:
    """One entry, checked and with its free text (``detail``, ``purpose``) masked."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    login = actor.login if isinstance(actor, Actor) else actor
    return (login, action, citizen_id, case_id, mask_text(detail), mask_text(purpose))


def append(conn: Any, entries: Iterable[Entry], *, at: datetime | None = None,
           write: Callable[[Any, list[tuple]], object] | None = None) -> None:
    """The one way into the audit log: append ``entries`` (made by ``entry``, so masked) in
    the DB-API connection's current transaction, stamped ``at`` (default: now, UTC).
    ``write``: how the caller's bulk path writes rows of ``queries.FIELDS`` (the morning
    batch: ``COPY`` on PostgreSQL, positional ``executemany`` on SQLite), instead of the
    query layer's ``queries.insert``."""
    stamp = queries.stamp(at or now_utc())
    rows = [(stamp, *row) for row in entries]
    if rows:
        (write or queries.insert)(conn, rows)


def record(db: Path | PostgresUrl, entries: Iterable[Entry], *, at: datetime | None = None) -> None:
    """Append entries in one short write transaction of their own, on a connection of their
    own (the quick check's and the app's reads: a read-only snapshot does not block it)."""
    import sqlite3

    from caseload.store.sqlite import open_connection, write_transaction

    rows = list(entries)
    if not rows:
        return
    if isinstance(db, PostgresUrl):
        from caseload.services.db import Pyformat
        from caseload.store import postgres

        with postgres.transaction(db) as conn:
            append(Pyformat(conn), rows, at=at)
        return
    conn = open_connection(db)
    try:
        with write_transaction(conn):
            append(conn, rows, at=at)
    except sqlite3.Error as exc:
        raise DomainError(f"cannot write the audit log in {db}: {exc}") from None
    finally:
        conn.close()


def log(session: Session, actor: Actor | str, action: str, citizen_id: int | None = None,
        case_id: int | None = None, detail: str | None = None, purpose: str | None = None,
        *, at: datetime | None = None) -> None:
    """Record one entry (see the module's docstring for when it is written)."""
    row = entry(actor, action, citizen_id, case_id, detail, purpose)
    if citizen_id is None and case_id is not None:
        row = (*row[:2], queries.citizen_of_case(dbapi(session), case_id), *row[3:])
    at = at or now_utc()
    if action != "refused" and _in_write_transaction(session):
        append(dbapi(session), [row], at=at)  # after what the session holds unsaved
    else:
        _after_transaction(session, row, at)


def refuse(db: Any, refusal: Refused) -> Refused:
    """Log a refusal (kept even though its transaction rolls back); returns it to raise.

    ``db`` is a session, or a plain ``sqlite3`` connection (the quick check's read-only
    snapshot): the entry is then written on a connection of its own."""
    row = entry(refusal.actor, "refused", refusal.citizen_id, refusal.case_id,
                detail=refusal.detail)
    if hasattr(db, "get_bind"):
        _after_transaction(db, row, now_utc())
    else:
        record(_path(db), [row])
    return refusal


def _path(conn: Any) -> Path | PostgresUrl:
    """The database of a plain DB-API connection: a ``sqlite3`` connection's main file, or
    the URL of a snapshot's on PostgreSQL."""
    if getattr(conn, "url", None):
        return conn.url
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def _in_write_transaction(session: Session) -> bool:
    from caseload.store.engine import WRITE

    if not session.in_transaction():
        return False
    options = session.connection().get_execution_options()
    return options.get("caseload_begin") == WRITE["caseload_begin"]


def _after_transaction(session: Session, row: Entry, at: datetime) -> None:
    """Write ``row`` in a transaction of its own once the session's transaction ends."""
    from sqlalchemy import event

    engine = session.get_bind()
    if not session.in_transaction():
        write_entries(engine, [(row, at)])
        return
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_transaction_end", _flush_pending)
    pending.append((row, at))


def _flush_pending(session: Session, transaction) -> None:  # noqa: ANN001
    if transaction.parent is not None:  # a savepoint or inner transaction
        return
    entries = session.info.get(_PENDING) or []
    if entries:
        session.info[_PENDING] = []
        write_entries(session.get_bind(), entries)


def write_entries(engine: Engine, entries: list[tuple[Entry, datetime]]) -> None:
    """Append (entry, time) pairs in a short write transaction of their own."""
    from caseload.store.engine import writer

    with writer(engine).begin() as conn:
        raw = conn.connection.dbapi_connection
        if conn.dialect.name == "postgresql":
            from caseload.services.db import Pyformat

            raw = Pyformat(raw)
        for row, at in entries:
            append(raw, [row], at=at)


# -- reading the log ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime  # UTC
    actor: str
    action: str
    case_id: int | None
    detail: str | None
    purpose: str | None

    def to_json(self) -> dict[str, object]:
        return {"at": self.at.astimezone(DANISH).isoformat(timespec="seconds"),
                "actor": self.actor, "action": self.action, "case_id": self.case_id,
                "detail": self.detail, "purpose": self.purpose}


def export_citizen_history(session: Session, citizen_id: int) -> list[HistoryRow]:
    """Every entry about one citizen, oldest first (what a citizen may ask to see)."""
    from sqlmodel import select

    from caseload.models import AuditEntry

    rows = session.exec(select(AuditEntry).where(AuditEntry.citizen_id == citizen_id)
                        .order_by(AuditEntry.at, AuditEntry.id)).all()
    return [HistoryRow(at=_utc(r.at), actor=r.actor, action=r.action, case_id=r.case_id,
                       detail=r.detail, purpose=r.purpose) for r in rows]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# -- retention ----------------------------------------------------------------------------

def retention_days(session: Session) -> int:
    from caseload.services import settings

    value = settings.get(session, RETENTION_KEY)
    return int(value) if value else DEFAULT_RETENTION_DAYS


def set_retention_days(session: Session, actor: Actor, days: int) -> None:
    """Keep audit entries for ``days`` days (team leads)."""
    from caseload.services import settings

    _lead(session, actor, "audit --retention-days")
    if days < 1:
        raise DomainError("the audit retention is at least 1 day")
    settings.put(session, RETENTION_KEY, str(days))
    log(session, actor, "change", detail=f"audit retention set to {days} days")


def prune(session: Session, older_than: datetime, *, actor: Actor | str = "caseload") -> int:
    """Delete the entries made before ``older_than``; the pruning itself is logged.

    Must run in a write transaction. Returns how many entries were removed.
    """
    from sqlalchemy import delete, func
    from sqlmodel import select

    from caseload.models import AuditEntry

    if older_than.tzinfo is None:
        raise ValueError("older_than must be an aware datetime")
    cutoff = older_than.astimezone(UTC)
    count = session.exec(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.at < cutoff)).one()
    session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    log(session, actor, "prune",
        detail=f"{count} entries older than {cutoff.date().isoformat()} removed")
    return int(count)


def prune_expired(session: Session, actor: Actor, *, now: datetime | None = None) -> int:
    """Prune by the configured retention (``meta.audit_retention_days``) (team leads)."""
    _lead(session, actor, "audit --prune")
    now = now or now_utc()
    return prune(session, now - timedelta(days=retention_days(session)), actor=actor)


# -- a citizen's access history -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class History:
    citizen_id: int
    name: str
    cpr: str  # masked
    rows: list[HistoryRow]

    def to_json(self) -> dict[str, object]:
        return {"citizen": {"id": self.citizen_id, "name": self.name, "cpr": self.cpr},
                "entries": [row.to_json() for row in self.rows]}


def find_citizen(session: Session, key: str) -> Citizen:
    """The citizen named by a CPR number (10 digits, or DDMMYY-SSSS) or a case id."""
    from sqlmodel import select

    from caseload.domain import cpr as cprs
    from caseload.models import Case, Citizen

    key = key.strip()
    digits = key.replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits.isdigit():
        citizen = session.exec(select(Citizen).where(Citizen.cpr == digits)).first()
        if citizen is None:
            raise NotFound(f"no citizen with CPR number {cprs.mask(digits)}")
        return citizen
    if key.isdigit():
        case = session.get(Case, int(key))
        if case is None:
            raise NotFound(f"no case {key}")
        return session.get(Citizen, case.citizen_id)
    raise UsageError("CITIZEN is a CPR number (DDMMYYSSSS or DDMMYY-SSSS) or a case id")


def citizen_history(session: Session, actor: Actor, key: str,
                    purpose: str | None = None) -> History:
    """A citizen's access history, for the citizen who asks (team leads). The export is
    itself logged."""
    from caseload.domain import cpr as cprs

    _lead(session, actor, "audit")
    citizen = find_citizen(session, key)
    rows = export_citizen_history(session, citizen.id)
    log(session, actor, "export", citizen.id, detail="access history", purpose=purpose)
    return History(citizen.id, citizen.name, cprs.mask(citizen.cpr), rows)


def _lead(session: Session, actor: Actor, what: str) -> None:
    try:
        require_lead(actor, what)
    except Refused as refusal:
        raise refuse(session, refusal) from None
