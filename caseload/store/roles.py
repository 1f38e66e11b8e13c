"""Database roles on PostgreSQL: who the server says is working, and a login's role.

On SQLite both are no-ops (there are no roles: the OS account is the login). On PostgreSQL:

- ``session_login``: the server's ``current_user`` (peer authentication made it the OS
  login name), which the access rules and the row-level security both go by.
- ``enrol``: ``caseload team add`` / ``team set --role`` give a login its database role
  (whoever ran ``caseload init`` owns the tables and needs none):
  created (LOGIN) if missing, a member of ``caseload_caseworker`` or ``caseload_team_lead``
  and not of the other; the import account's also of ``caseload_importer``. Done by
  ``caseload_enrol()`` (migration ``0007_postgres_security``) and
  ``caseload_enrol_importer()`` (``0010_import_roles``), functions owned by the database's
  owner that team leads may call, so they need no right to create roles themselves.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from caseload.errors import DomainError

if TYPE_CHECKING:  # SQLAlchemy is loaded by the session, not here: the quick check imports this
    from sqlmodel import Session

CASEWORKER_ROLE = "caseload_caseworker"
TEAM_LEAD_ROLE = "caseload_team_lead"


def on_postgres(session: Session) -> bool:
    """A SQLAlchemy session on PostgreSQL (a plain ``sqlite3`` connection is not)."""
    return hasattr(session, "get_bind") and session.get_bind().dialect.name == "postgresql"


def session_login(session: Session | Any, login: str) -> str:
    """Who is working: ``login`` (the OS account) on SQLite, ``current_user`` on PostgreSQL
    (``session``: a SQLAlchemy session, or a plain DB-API connection on either engine)."""
    if not hasattr(session, "get_bind"):
        if isinstance(session, sqlite3.Connection):
            return login
        return session.execute("SELECT current_user").fetchone()[0]
    if not on_postgres(session):
        return login
    from sqlalchemy import text

    return session.execute(text("SELECT current_user")).scalar_one()


def sees_all_rows(session: Session) -> bool:
    """Whether the policies hide nothing from who is working: always on SQLite; on
    PostgreSQL for a team lead, the tables' owner and a superuser."""
    if not on_postgres(session):
        return True
    from sqlalchemy import text

    return session.execute(text(
        "SELECT caseload_is_lead() OR pg_has_role(current_user, "
        "(SELECT relowner FROM pg_class WHERE oid = 'notes'::regclass), 'USAGE') "
        "OR (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)"
    )).scalar_one()


def notes_chain_tip(session: Session) -> str | None:
    """The hash of the newest note of the whole team (the notes' hash chain runs through
    every case): on PostgreSQL read by ``caseload_notes_tip()``, past the row-level security
    that hides the other caseworkers' notes (a hash tells nothing about them)."""
    from sqlalchemy import text

    return session.execute(text("SELECT caseload_notes_tip()")).scalar_one_or_none()


def enrol(session: Session, login: str, role: str) -> None:
    """Give ``login`` the database role of ``role`` (``caseworker``/``team_lead``)."""
    if not on_postgres(session):
        return
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        session.execute(text("SELECT caseload_enrol(:login, :lead)"),
                        {"login": login, "lead": role == "team_lead"})
        session.execute(text("SELECT caseload_enrol_importer(:login, :importer)"),
                        {"login": login, "importer": role == "importer"})
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0].removeprefix("caseload: ")
        raise DomainError(f"cannot give {login} a database role: {reason}") from None
