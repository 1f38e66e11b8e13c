"""Settings stored in the database itself, so every process agrees (e.g. the rule set)."""

from __future__ import annotations

from sqlmodel import Session

from caseload.domain.ruleset import RuleSet, RuleSetError
from caseload.errors import DomainError
from caseload.models import Meta
from caseload.rulesets import DEFAULT, load

RULES_KEY = "rules"


def get(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
    session.flush()


def rules_name(session: Session) -> str:
    return get(session, RULES_KEY) or DEFAULT


def ruleset(session: Session) -> RuleSet:
    try:
        return load(rules_name(session))
    except RuleSetError as exc:
        raise DomainError(f"the configured rule set cannot be used: {exc}") from None


def ensure_rules(session: Session, name: str | None) -> str:
    """Set the rule set (if given) and recompute every open case when it changed."""
    from caseload.services.obligations import refresh_all

    current = get(session, RULES_KEY)
    wanted = name or current or DEFAULT
    try:
        load(wanted)
    except RuleSetError as exc:
        raise DomainError(str(exc)) from None
    if wanted != current:
        put(session, RULES_KEY, wanted)
        if current is not None:
            refresh_all(session)
    return wanted
