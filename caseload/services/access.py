"""Access by work need, in a session: who is working, and may they touch this case?

The rules themselves are in ``caseload.services.policy`` (shared with the quick check's
plain-``sqlite3`` path in ``caseload.services.access_fast``). Every refusal is logged
(``refused``) and raised as ``AccessDenied`` (exit 1) with a message that says what to do.
"""

from __future__ import annotations

from sqlmodel import Session, select

from caseload.errors import NotFound
from caseload.models import Case, Caseworker, Interview
from caseload.services import audit
from caseload.services.policy import (
    Actor,
    Refused,
    Worker,
    can_change,
    can_see,
    check_case,
    decide_actor,
    require_lead,
)

__all__ = ["Actor", "can_change_case", "can_see_case", "guard", "lead_only", "require_case",
           "require_interview", "resolve_actor"]


def _worker(session: Session, login: str) -> Worker | None:
    row = session.exec(select(Caseworker).where(Caseworker.login == login)).first()
    return None if row is None else Worker(row.id, row.login, row.role, row.active)


def resolve_actor(session: Session, login: str, as_user: str | None = None,
                  all_: bool = False) -> Actor:
    """The actor for the login name running the tool, with ``--as``/``--all`` checked."""
    me = _worker(session, login)
    target = _worker(session, as_user) if as_user and as_user != login else None
    try:
        return decide_actor(login, me, as_user=as_user, all_=all_, target=target)
    except Refused as refusal:
        raise audit.refuse(session, refusal) from None


def can_see_case(actor: Actor, case: Case) -> bool:
    return can_see(actor, case.caseworker_id)


def can_change_case(actor: Actor, case: Case) -> bool:
    return can_change(actor, case.caseworker_id)


def require_case(session: Session, actor: Actor, case_id: int, action: str,
                 purpose: str | None = None, *, detail: str | None = None,
                 log: bool = True) -> Case:
    """The case, if ``actor`` may do ``action`` on it (read, search, export, reveal_cpr:
    see it; create, change: have it assigned, or be a lead). The access is logged (unless
    ``log`` is False: the caller logs it itself); a refusal is logged and raised."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    try:
        check_case(actor, case.id, case.caseworker_id, action, citizen_id=case.citizen_id)
    except Refused as refusal:
        raise audit.refuse(session, refusal) from None
    if log:
        audit.log(session, actor, action, case.citizen_id, case.id, detail=detail,
                  purpose=purpose)
    return case


def require_interview(session: Session, actor: Actor, interview_id: int, action: str,
                      purpose: str | None = None, *, detail: str | None = None) -> Interview:
    """The interview, if ``actor`` may do ``action`` on its case (as ``require_case``)."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview {interview_id}")
    require_case(session, actor, interview.case_id, action, purpose, detail=detail)
    return interview


def lead_only(session: Session, actor: Actor, what: str) -> None:
    """Refuse (and log) unless ``actor`` is a team lead; ``what`` names the command."""
    try:
        require_lead(actor, what)
    except Refused as refusal:
        raise audit.refuse(session, refusal) from None


def guard(session: Session, actor: Actor | None, case_id: int, action: str, *,
          detail: str | None = None, purpose: str | None = None, log: bool = True) -> None:
    """``require_case`` for use cases whose ``actor`` is optional: None is the tool itself
    (the demo builder, the importer's bulk path, tests), which is not checked."""
    if actor is not None:
        require_case(session, actor, case_id, action, purpose, detail=detail, log=log)
