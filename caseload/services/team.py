"""The team: its caseworkers and team leads, and who has which case.

Adding people, changing roles and reassigning cases is for team leads. Any caseworker may
list the open cases nobody has (an import could not assign them) and take one over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from caseload.clock import now_local
from caseload.domain import cpr as cprs
from caseload.errors import DomainError, NotFound
from caseload.models import Case, Caseworker, Citizen, Interview
from caseload.services import audit
from caseload.services.access import lead_only, require_case
from caseload.services.caseworkers import add_caseworker, by_login
from caseload.services.common import touch
from caseload.services.policy import ROLES, TEAM_LEAD, Actor
from caseload.store import roles


@dataclass(frozen=True, slots=True)
class Member:
    login: str
    name: str
    role: str
    active: bool
    birth_days: str | None
    open_cases: int

    def to_json(self) -> dict[str, object]:
        return {"login": self.login, "name": self.name, "role": self.role,
                "active": self.active, "birth_days": self.birth_days,
                "open_cases": self.open_cases}


@dataclass(frozen=True, slots=True)
class Unassigned:
    case_id: int
    citizen: str
    cpr: str  # masked
    first_absence_day: date

    def to_json(self) -> dict[str, object]:
        return {"case_id": self.case_id, "citizen": self.citizen, "cpr": self.cpr,
                "first_absence_day": self.first_absence_day.isoformat()}


def ensure_first_lead(session: Session, login: str, name: str | None = None) -> bool:
    """Make ``login`` the team lead of a database that has no caseworkers yet (``caseload
    init``: whoever creates a database leads its team). True if added."""
    if session.exec(select(func.count()).select_from(Caseworker)).one():
        return False
    login = roles.session_login(session, login)
    add_caseworker(session, login=login, name=name or login, role=TEAM_LEAD)
    audit.log(session, login, "create", detail=f"caseworker {login} (team_lead, first)")
    return True


def list_team(session: Session, actor: Actor) -> list[Member]:
    lead_only(session, actor, "team list")
    counts = dict(session.exec(
        select(Case.caseworker_id, func.count()).where(Case.status == "open")
        .group_by(Case.caseworker_id)).all())
    workers = session.exec(select(Caseworker).order_by(Caseworker.login)).all()
    return [Member(w.login, w.name, w.role, w.active, w.birth_days, counts.get(w.id, 0))
            for w in workers]


def add_member(session: Session, actor: Actor, *, login: str, name: str,
               role: str = "caseworker", birth_days: str | None = None) -> Caseworker:
    lead_only(session, actor, "team add")
    birth_days = check_birth_days(birth_days)
    worker = add_caseworker(session, login=login, name=name, role=role, birth_days=birth_days)
    roles.enrol(session, worker.login, role)
    audit.log(session, actor, "create", detail=f"caseworker {worker.login} ({role})")
    return worker


def update_member(session: Session, actor: Actor, login: str, *, role: str | None = None,
                  active: bool | None = None, birth_days: str | None = None,
                  clear_birth_days: bool = False) -> Caseworker:
    """Change a member's role, whether they are active, or their birth days."""
    lead_only(session, actor, "team set")
    worker = by_login(session, login)
    changes = []
    if role is not None:
        if role not in ROLES:
            raise DomainError(f"role must be one of {', '.join(ROLES)}")
        worker.role = role
        roles.enrol(session, worker.login, role)
        changes.append(f"role {role}")
    if active is not None:
        if not active and worker.id == actor.caseworker_id:
            raise DomainError("you cannot deactivate yourself")
        worker.active = active
        changes.append("active" if active else "deactivated")
    if birth_days is not None or clear_birth_days:
        worker.birth_days = None if clear_birth_days else check_birth_days(birth_days)
        changes.append(f"birth days {worker.birth_days or '-'}")
    if not changes:
        raise DomainError("nothing to change: give --role, --active/--inactive or --birth-days")
    if worker.role != TEAM_LEAD or not worker.active:
        _keep_a_lead(session, worker)
    session.add(worker)
    session.flush()
    audit.log(session, actor, "change", detail=f"caseworker {login}: {', '.join(changes)}")
    return worker


def _keep_a_lead(session: Session, changed: Caseworker) -> None:
    leads = session.exec(select(Caseworker).where(
        Caseworker.role == TEAM_LEAD, Caseworker.active, Caseworker.id != changed.id)).all()
    if not leads:
        raise DomainError("the team needs at least one active team lead")


def check_birth_days(spec: str | None) -> str | None:
    if spec is None or not spec.strip():
        return None
    from caseload.importer.distribution import DistributionError, parse_days

    try:
        parse_days(spec)
    except DistributionError as exc:
        raise DomainError(f"--birth-days: {exc}") from None
    return spec.strip()


def reassign(session: Session, actor: Actor, case_id: int, login: str | None,
             purpose: str | None = None) -> Case:
    """Give a case to another caseworker (None: to nobody). Team leads only. Interviews
    still to come move with it."""
    lead_only(session, actor, "team reassign")
    case = require_case(session, actor, case_id, "change", purpose, log=False)
    worker = by_login(session, login) if login else None
    if worker is not None and not worker.active:
        raise DomainError(f"caseworker {login} is deactivated")
    before = case.caseworker_id
    _assign(session, case, worker.id if worker else None)
    audit.log(session, actor, "change", case.citizen_id, case.id, purpose=purpose,
              detail=f"reassigned from {_login_of(session, before)} to {login or 'nobody'}")
    return case


def take_case(session: Session, actor: Actor, case_id: int) -> Case:
    """A caseworker takes over an open case that has no caseworker."""
    case = require_case(session, actor, case_id, "read", log=False)
    if case.status != "open":
        raise DomainError(f"case {case_id} is closed")
    if case.caseworker_id == actor.caseworker_id:
        raise DomainError(f"case {case_id} is yours already")
    if case.caseworker_id is not None and not actor.is_lead:
        raise DomainError(f"case {case_id} has a caseworker: a team lead can reassign it")
    before = case.caseworker_id
    _assign(session, case, actor.caseworker_id)
    audit.log(session, actor, "change", case.citizen_id, case.id,
              detail=f"taken over from {_login_of(session, before)}")
    return case


def _assign(session: Session, case: Case, worker_id: int | None) -> None:
    if case.status != "open":
        raise DomainError(f"case {case.id} is closed")
    case.caseworker_id = worker_id
    coming = session.exec(select(Interview).where(
        Interview.case_id == case.id, Interview.status == "booked",
        Interview.booked_for >= now_local())).all()
    for interview in coming:
        interview.caseworker_id = worker_id
        session.add(interview)
    touch(case)
    session.add(case)
    session.flush()


def _login_of(session: Session, worker_id: int | None) -> str:
    if worker_id is None:
        return "nobody"
    worker = session.get(Caseworker, worker_id)
    if worker is None:
        raise NotFound(f"no caseworker {worker_id}")
    return worker.login


def unassigned_cases(session: Session, actor: Actor) -> list[Unassigned]:
    """Open cases with no caseworker, oldest first: any caseworker may see and take them."""
    rows = session.exec(
        select(Case.id, Citizen.name, Citizen.cpr, Case.first_absence_day)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(Case.status == "open", Case.caseworker_id.is_(None))
        .order_by(Case.first_absence_day, Case.id)).all()
    audit.log(session, actor, "search", detail=f"unassigned cases ({len(rows)} found)")
    return [Unassigned(r[0], r[1], cprs.mask(r[2]), r[3]) for r in rows]
