"""Settings stored in the database itself, so every process agrees (e.g. the rule set)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from caseload.domain.ruleset import RuleSet, RuleSetError
from caseload.errors import DomainError
from caseload.models import Meta
from caseload.rulesets import DEFAULT, available, load

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


def check_rules(name: str) -> str:
    """The name to store for a rule set: a shipped name, or a TOML file's absolute path
    (every process must find it, whatever its working folder). Unusable: ``DomainError``."""
    if name not in available():
        name = str(Path(name).expanduser().resolve())
    try:
        load(name)
    except RuleSetError as exc:
        raise DomainError(str(exc)) from None
    return name


def ensure_rules(session: Session, name: str | None) -> str:
    """Set the rule set (if given) and recompute every open case when it changed."""
    from caseload.services.obligations import refresh_all

    current = get(session, RULES_KEY)
    wanted = check_rules(name) if name else current or DEFAULT
    if wanted != current:
        put(session, RULES_KEY, wanted)
        if current is not None:
            refresh_all(session)
    return wanted
