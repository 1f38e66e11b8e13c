"""Access by work need: who is working, and may they touch this case? One module for every
path: the services in a session, and the quick check's and the app's fast reads on a plain
``sqlite3`` connection (nothing here imports SQLAlchemy at module level).

The rules themselves are in ``caseload.services.policy``. Every refusal is logged
(``refused``) and raised as ``AccessDenied`` (exit 1) with a message that says what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from caseload.errors import NotFound
from caseload.services import audit
from caseload.services.audit import entry, record
from caseload.services.db import dbapi
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
from caseload.store import roles
from caseload.store.queries import people

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseload.models import Case, Interview

__all__ = ["Actor", "can_change_case", "can_see_case", "entry", "guard", "lead_only",
           "record", "require_case", "require_interview", "resolve_actor", "scope_text",
           "worker"]


def worker(db: Any, login: str) -> Worker | None:
    """The caseworker with this login (``db``: a session or a DB-API connection), or None."""
    return people.by_login(dbapi(db), login)


def resolve_actor(db: Any, login: str, as_user: str | None = None,
                  all_: bool = False) -> Actor:
    """The actor for the login name running the tool, with ``--as``/``--all`` checked.

    ``db`` is a session, or the quick check's read-only ``sqlite3`` connection; a refusal
    is logged (in a transaction of its own) and raised."""
    login = roles.session_login(db, login)  # on PostgreSQL: the role the server checked
    me = worker(db, login)
    target = worker(db, as_user) if as_user and as_user != login else None
    try:
        return decide_actor(login, me, as_user=as_user, all_=all_, target=target)
    except Refused as refusal:
        raise audit.refuse(db, refusal) from None


def scope_text(actor: Actor) -> str:
    """Whose cases a list shows, for the audit log's ``search`` entries."""
    if actor.team_wide:
        return "the whole team"
    if actor.scope_login == actor.login:
        return "own cases"
    return f"{actor.scope_login}'s cases"


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
    from caseload.models import Case

    if not isinstance(actor, Actor):
        raise TypeError(f"a use case on a case needs the acting caseworker, not {actor!r}")
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


def guard(session: Session, actor: Actor, case_id: int, action: str, *,
          detail: str | None = None, purpose: str | None = None, log: bool = True) -> None:
    """``require_case`` for use cases that need the check, not the case."""
    require_case(session, actor, case_id, action, purpose, detail=detail, log=log)


def require_interview(session: Session, actor: Actor, interview_id: int, action: str,
                      purpose: str | None = None, *, detail: str | None = None) -> Interview:
    """The interview, if ``actor`` may do ``action`` on its case (as ``require_case``)."""
    from caseload.models import Interview

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
