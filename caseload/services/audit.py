"""The audit log: who did what to whose data, when, and why (where a purpose is given).

Entries go to ``audit_log`` (``models.AuditEntry``). The log is append-only through the
tool: no use case updates or deletes an entry, except ``prune`` for the retention period
(itself logged). ``detail`` never holds a CPR number (anything that looks like one is
masked) nor health text: callers pass identifiers and search criteria only.

When an entry is written:

- in a write transaction (``write_session``), with the change it describes, so a change
  that is rolled back leaves no entry;
- in a read transaction, and for every refusal, right after the transaction ends, in a
  short transaction of its own: a read transaction cannot write without risking
  SQLITE_BUSY_SNAPSHOT, and a refusal must be kept although its transaction rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, event, func
from sqlmodel import Session, select

from caseload.clock import DANISH, now_utc
from caseload.errors import DomainError, NotFound, UsageError
from caseload.models import AuditEntry, Case, Citizen
from caseload.services import settings
from caseload.services.policy import ACTIONS, Actor, Refused, mask_text, require_lead
from caseload.store.engine import WRITE, writer

RETENTION_KEY = "audit_retention_days"
DEFAULT_RETENTION_DAYS = 1826  # five years
_PENDING = "caseload_audit_pending"


def log(session: Session, actor: Actor | str, action: str, citizen_id: int | None = None,
        case_id: int | None = None, detail: str | None = None, purpose: str | None = None,
        *, at: datetime | None = None) -> AuditEntry:
    """Record one entry (see the module's docstring for when it is written)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if citizen_id is None and case_id is not None:
        case = session.get(Case, case_id)
        citizen_id = case.citizen_id if case is not None else None
    entry = AuditEntry(at=at or now_utc(), actor=_login(actor), action=action,
                       citizen_id=citizen_id, case_id=case_id, detail=mask_text(detail),
                       purpose=mask_text(purpose))
    if action != "refused" and _in_write_transaction(session):
        session.add(entry)
    else:
        _after_transaction(session, entry)
    return entry


def refuse(session: Session, refusal: Refused) -> Refused:
    """Log a refusal (kept even though its transaction rolls back); returns it to raise."""
    log(session, refusal.actor, "refused", refusal.citizen_id, refusal.case_id,
        detail=refusal.detail)
    return refusal


def _login(actor: Actor | str) -> str:
    return actor.login if isinstance(actor, Actor) else actor


def _in_write_transaction(session: Session) -> bool:
    if not session.in_transaction():
        return False
    options = session.connection().get_execution_options()
    return options.get("caseload_begin") == WRITE["caseload_begin"]


def _after_transaction(session: Session, entry: AuditEntry) -> None:
    """Write ``entry`` in a transaction of its own once the session's transaction ends."""
    engine = session.get_bind()
    if not session.in_transaction():
        write_entries(engine, [entry])
        return
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_transaction_end", _flush_pending)
    pending.append(entry)


def _flush_pending(session: Session, transaction) -> None:  # noqa: ANN001
    if transaction.parent is not None:  # a savepoint or inner transaction
        return
    entries = session.info.get(_PENDING) or []
    if entries:
        session.info[_PENDING] = []
        write_entries(session.get_bind(), entries)


def write_entries(engine: Engine, entries: list[AuditEntry]) -> None:
    """Insert entries in a short write transaction of their own."""
    copies = [AuditEntry(**entry.model_dump(exclude={"id"})) for entry in entries]
    with Session(writer(engine)) as session, session.begin():
        session.add_all(copies)


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
    rows = session.exec(select(AuditEntry).where(AuditEntry.citizen_id == citizen_id)
                        .order_by(AuditEntry.at, AuditEntry.id)).all()
    return [HistoryRow(at=_utc(r.at), actor=r.actor, action=r.action, case_id=r.case_id,
                       detail=r.detail, purpose=r.purpose) for r in rows]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# -- retention ----------------------------------------------------------------------------

def retention_days(session: Session) -> int:
    value = settings.get(session, RETENTION_KEY)
    return int(value) if value else DEFAULT_RETENTION_DAYS


def set_retention_days(session: Session, actor: Actor, days: int) -> None:
    """Keep audit entries for ``days`` days (team leads)."""
    _lead(session, actor, "audit --retention-days")
    if days < 1:
        raise DomainError("the audit retention is at least 1 day")
    settings.put(session, RETENTION_KEY, str(days))
    log(session, actor, "change", detail=f"audit retention set to {days} days")


def prune(session: Session, older_than: datetime, *, actor: Actor | str = "caseload") -> int:
    """Delete the entries made before ``older_than``; the pruning itself is logged.

    Must run in a write transaction. Returns how many entries were removed.
    """
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
    from caseload.domain import cpr as cprs

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
