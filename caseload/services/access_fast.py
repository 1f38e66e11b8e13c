"""The access rules and the audit log on plain ``sqlite3``, for the fast read paths (the
quick check, the app's screens): no SQLAlchemy or SQLModel imported.

Same rules as ``caseload.services.access`` (both use ``caseload.services.policy``). Reads
happen on a read-only connection; audit entries are written on a short connection of their
own (``BEGIN IMMEDIATE``, one insert, commit), which a read-only snapshot does not block.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from caseload.services.policy import ACTIONS, Actor, Refused, Worker, decide_actor, mask_text
from caseload.store.queries import people

Entry = tuple[str, str, int | None, int | None, str | None, str | None]
# (actor login, action, citizen id, case id, detail, purpose)


def worker(conn: sqlite3.Connection, login: str) -> Worker | None:
    return people.by_login(conn, login)


def resolve_actor(conn: sqlite3.Connection, db: Path, login: str, as_user: str | None = None,
                  all_: bool = False) -> Actor:
    """The actor for ``login``; a refusal is logged (in its own transaction) and raised."""
    me = worker(conn, login)
    target = worker(conn, as_user) if as_user and as_user != login else None
    try:
        return decide_actor(login, me, as_user=as_user, all_=all_, target=target)
    except Refused as refusal:
        record(db, [(refusal.actor, "refused", refusal.citizen_id, refusal.case_id,
                     refusal.detail, None)])
        raise


def entry(actor: Actor | str, action: str, citizen_id: int | None = None,
          case_id: int | None = None, detail: str | None = None,
          purpose: str | None = None) -> Entry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    login = actor.login if isinstance(actor, Actor) else actor
    return (login, action, citizen_id, case_id, mask_text(detail), mask_text(purpose))


def record(db: Path, entries: Iterable[Entry], *, at: datetime | None = None) -> None:
    """Append entries to the audit log in one short write transaction of their own."""
    rows = list(entries)
    if not rows:
        return
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    from caseload.store.sqlite import open_connection, write_transaction

    conn = open_connection(db)
    try:
        with write_transaction(conn):
            conn.executemany(
                "INSERT INTO audit_log (at, actor, action, citizen_id, case_id, detail, purpose)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", [(stamp, *row) for row in rows])
    except sqlite3.Error as exc:
        from caseload.errors import DomainError

        raise DomainError(f"cannot write the audit log in {db}: {exc}") from None
    finally:
        conn.close()


def scope_text(actor: Actor) -> str:
    """Whose cases a list shows, for the audit log's ``search`` entries."""
    if actor.team_wide:
        return "the whole team"
    if actor.scope_login == actor.login:
        return "own cases"
    return f"{actor.scope_login}'s cases"
