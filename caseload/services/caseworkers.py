"""Caseworkers: who they are (their login name) and who they act as."""

from __future__ import annotations

from sqlmodel import Session

from caseload.errors import DomainError, NotFound
from caseload.models import Caseworker
from caseload.services.access import worker as find
from caseload.services.policy import ROLES


def by_login(session: Session, login: str) -> Caseworker:
    """The caseworker's row, to change it; ``NotFound`` if there is none of that login."""
    found = find(session, login)
    if found is None:
        raise NotFound(f"unknown caseworker {login!r}")
    return session.get(Caseworker, found.id)


def add_caseworker(session: Session, *, login: str, name: str, role: str = "caseworker",
                   birth_days: str | None = None) -> Caseworker:
    login = login.strip()
    if not login or any(c.isspace() for c in login):
        raise DomainError(f"a login name cannot be empty or hold spaces: {login!r}")
    if role not in ROLES:
        raise DomainError(f"role must be one of {', '.join(ROLES)}")
    if find(session, login) is not None:
        raise DomainError(f"caseworker {login!r} exists already")
    worker = Caseworker(login=login, name=name.strip() or login, role=role,
                        birth_days=birth_days)
    session.add(worker)
    session.flush()
    return worker
