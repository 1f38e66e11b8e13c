"""Who may do what: the access rules, shared by every path (services, quick check, app).

Plain Python (no SQLAlchemy), so the quick check's fast read path uses the same rules as
the services. The rules:

- The caseworker is the login name, mapped to an active row of ``caseworkers``; a login
  that is not there (or deactivated) is refused.
- A caseworker sees and changes only the cases assigned to them. ``--as`` someone else and
  ``--all`` (the whole team) are for team leads.
- A team lead sees and changes every case of the team and can reassign cases.
- A case with no caseworker (an import could not assign it) is visible to the whole team,
  so that it cannot be forgotten: any caseworker may see it and take it over
  (``caseload team take CASE``); to change it they take it first.

Every refusal is an ``AccessDenied`` with a message that says what to do instead, and it
is written to the audit log as a ``refused`` entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseload.errors import AccessDenied, NotFound, UsageError
from caseload.store.queries.people import Worker  # noqa: F401 (the rules' view of a caseworker)

CASEWORKER = "caseworker"
TEAM_LEAD = "team_lead"
IMPORTER = "importer"  # the morning job's account: imports, sees no case
ROLES = (CASEWORKER, TEAM_LEAD, IMPORTER)

# What the audit log records; ``prune`` is the retention removing old entries.
ACTIONS = ("read", "search", "create", "change", "export", "reveal_cpr", "refused", "prune")
SEE = frozenset({"read", "search", "export", "reveal_cpr"})  # need to see the case
CHANGE = frozenset({"create", "change"})  # need the case assigned (or be a lead)

DETAIL_MAX = 300


@dataclass(frozen=True, slots=True)
class Actor:
    """The person working, and whose cases the lists show.

    ``login``/``caseworker_id``/``role`` are who it is (the audit log's ``actor``);
    ``scope_id`` is the caseworker whose cases the lists show (their own, or another's
    with ``--as`` for a team lead), None for the whole team (``--all``).
    """

    login: str
    caseworker_id: int
    role: str
    scope_id: int | None = None
    scope_login: str | None = None

    @property
    def is_lead(self) -> bool:
        return self.role == TEAM_LEAD

    @property
    def team_wide(self) -> bool:
        return self.scope_id is None


class Refused(AccessDenied):
    """A refusal, with what the audit log records about it (no CPR number, no health text)."""

    def __init__(self, message: str, *, actor: str, detail: str,
                 citizen_id: int | None = None, case_id: int | None = None) -> None:
        super().__init__(message)
        self.actor = actor
        self.detail = mask_text(detail)
        self.citizen_id = citizen_id
        self.case_id = case_id


def decide_actor(login: str, me: Worker | None, *, as_user: str | None = None,
                 all_: bool = False, target: Worker | None = None) -> Actor:
    """The actor for ``login`` (``me``: their caseworker row, None if unknown).

    ``target`` is the caseworker named by ``as_user`` (None if there is none of that name).
    Raises ``Refused`` (to be logged) or ``UsageError``/``NotFound``.
    """
    if all_ and as_user:
        raise UsageError("--as and --all cannot be used together")
    if me is None:
        raise Refused(
            f"you ({login}) are not a caseworker in this database: a team lead can add you "
            f"with 'caseload team add {login} --name \"Your Name\"'",
            actor=login, detail="unknown login")
    if not me.active:
        raise Refused(f"your login {login} is deactivated in this database: ask a team lead",
                      actor=login, detail="deactivated login")
    if all_:
        if me.role != TEAM_LEAD:
            raise Refused("--all (the whole team's cases) is for team leads; without it you "
                          "see the cases assigned to you", actor=login, detail="--all")
        return Actor(login, me.id, me.role, scope_id=None, scope_login=None)
    if as_user and as_user != login:
        if me.role != TEAM_LEAD:
            raise Refused(f"--as is for team leads: you ({login}) can act only as yourself",
                          actor=login, detail=f"--as {as_user}")
        if target is None:
            raise NotFound(f"unknown caseworker {as_user!r}")
        return Actor(login, me.id, me.role, scope_id=target.id, scope_login=target.login)
    return Actor(login, me.id, me.role, scope_id=me.id, scope_login=login)


@dataclass(frozen=True, slots=True)
class ImportRight:
    """Who runs an import, and how far they may go (``decide_importer``)."""

    login: str
    caseworker_id: int
    full: bool  # a team lead or the import account: every form
    assign_id: int | None = None  # --assign (checked)

    def may_change(self, case_caseworker_id: int | None) -> bool:
        """May this import attach a form to (and update the citizen of) an existing case?"""
        return self.full or case_caseworker_id == self.caseworker_id


def decide_importer(login: str, me: Worker | None, *, assign: str | None = None,
                    target: Worker | None = None) -> ImportRight:
    """The import right of ``login`` (``me``: their row; ``target``: the row ``--assign``
    names, None if unknown). Raises ``Refused`` (to be logged) or ``UsageError``."""
    from caseload.i18n import t

    if me is None:
        raise Refused(t("import_access.unknown_login", login=login), actor=login,
                      detail="import: unknown login")
    if not me.active:
        raise Refused(t("import_access.deactivated", login=login), actor=login,
                      detail="import: deactivated login")
    full = me.role in (TEAM_LEAD, IMPORTER)
    if assign is not None:
        if target is None:
            raise UsageError(t("import_access.unknown_assign", login=assign))
        if not full and target.id != me.id:
            raise Refused(t("import_access.assign_others", login=login), actor=login,
                          detail=f"import --assign {target.login}")
    return ImportRight(login, me.id, full, None if target is None else target.id)


def can_see(actor: Actor, case_caseworker_id: int | None) -> bool:
    """A lead sees every case; a caseworker their own and the unassigned ones."""
    return (actor.is_lead or case_caseworker_id is None
            or case_caseworker_id == actor.caseworker_id)


def can_change(actor: Actor, case_caseworker_id: int | None) -> bool:
    """A lead changes every case; a caseworker only their own (take an unassigned first)."""
    return actor.is_lead or case_caseworker_id == actor.caseworker_id


def check_case(actor: Actor, case_id: int, case_caseworker_id: int | None, action: str,
               citizen_id: int | None = None) -> None:
    """Raise ``Refused`` unless ``actor`` may do ``action`` on the case."""
    if action not in ACTIONS or action in ("refused", "prune"):
        raise ValueError(f"not an action on a case: {action!r}")
    allowed = (can_change if action in CHANGE else can_see)(actor, case_caseworker_id)
    if allowed:
        return
    if action in CHANGE and case_caseworker_id is None:
        message = (f"case {case_id} has no caseworker: take it over first "
                   f"('caseload team take {case_id}') or ask a team lead to assign it")
    else:
        message = (f"case {case_id} is not assigned to you ({actor.login}): you can "
                   f"{'see' if action in SEE else 'change'} only your own cases; "
                   "a team lead can reassign it")
    raise Refused(message, actor=actor.login, detail=f"{action} case {case_id}",
                  citizen_id=citizen_id, case_id=case_id)


def require_lead(actor: Actor, what: str) -> None:
    """Raise ``Refused`` unless ``actor`` is a team lead (``what``: the command, e.g.
    ``team add``)."""
    if not actor.is_lead:
        raise Refused(f"'caseload {what}' is for team leads; ask your team lead",
                      actor=actor.login, detail=what)


def mask_text(text: str | None) -> str | None:
    """Free text for the audit log: anything that looks like a CPR number masked, trimmed."""
    if text is None:
        return None
    from caseload.safety.text import mask_cpr

    text = mask_cpr(text.strip())
    return text[:DETAIL_MAX]
