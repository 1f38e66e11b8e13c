"""Caseworkers: who they are (their login name) and who they act as."""

from __future__ import annotations

from sqlmodel import Session, select

from caseload.errors import DomainError, NotFound
from caseload.models import Caseworker

ROLES = ("caseworker", "team_lead")


def by_login(session: Session, login: str) -> Caseworker:
    worker = session.exec(select(Caseworker).where(Caseworker.login == login)).first()
    if worker is None:
        raise NotFound(f"unknown caseworker {login!r}")
    return worker


def add_caseworker(session: Session, *, login: str, name: str, role: str = "caseworker",
                   birth_days: str | None = None) -> Caseworker:
    login = login.strip()
    if not login or any(c.isspace() for c in login):
        raise DomainError(f"a login name cannot be empty or hold spaces: {login!r}")
    if role not in ROLES:
        raise DomainError(f"role must be one of {', '.join(ROLES)}")
    if session.exec(select(Caseworker).where(Caseworker.login == login)).first():
        raise DomainError(f"caseworker {login!r} exists already")
    worker = Caseworker(login=login, name=name.strip() or login, role=role,
                        birth_days=birth_days)
    session.add(worker)
    session.flush()
    return worker
