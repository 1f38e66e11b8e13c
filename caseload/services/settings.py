"""Settings stored in the database itself, so every process agrees: the rule set, and the
calendar (working hours, the step between offered slots, each interview kind's length)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from caseload.domain.ruleset import RuleSet, RuleSetError
from caseload.domain.slots import WorkingHours
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


# -- the database's identity: what keys the drafts on disk -------------------------------

DATABASE_ID_KEY = "database.id"


def database_id(session: Session) -> str | None:
    """This database's identity (``ensure_database_id``), None before it has one."""
    return get(session, DATABASE_ID_KEY)


def ensure_database_id(session: Session) -> str:
    """The database's identity, made once (at ``caseload init``, an upgrade or a demo build,
    else on first use): a random id stored in the database itself. Drafts on disk are keyed
    by it, so a draft for interview 12 of one database is never offered on another. It
    travels with the data: a backup restored (the same records) keeps it; a rebuilt demo or a
    new database gets a new one; moving or renaming the file changes nothing."""
    found = get(session, DATABASE_ID_KEY)
    if found is None:
        import uuid

        found = uuid.uuid4().hex[:16]
        put(session, DATABASE_ID_KEY, found)
    return found


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
    keep_matching(session, wanted)
    return wanted


def keep_matching(session: Session, rules: str) -> None:
    """Keep the rule set's ``Matching`` (which booked interviews meet which obligation)
    beside its name, so the quick check reads it without loading the rule set."""
    from caseload.store.queries.worklist import MATCHING_KEY, Matching, matching_text

    text = matching_text(rules, Matching.of(load(rules)))
    if get(session, MATCHING_KEY) != text:
        put(session, MATCHING_KEY, text)


# -- the calendar: working hours and interview lengths -----------------------------------

HOURS_KEY = "calendar.hours"  # "08:00-16:00"
STEP_KEY = "calendar.step_minutes"  # "15"
MINUTES_KEY = "calendar.minutes."  # + interview kind: "45"


def working_hours(session: Session) -> WorkingHours:
    """The team's working hours, slot step and interview lengths (defaults where unset).
    A stored value that cannot be read is an error naming the setting."""
    from dataclasses import replace
    from datetime import time

    from caseload.domain.slots import DEFAULT_MINUTES

    hours = WorkingHours()
    stored = get(session, HOURS_KEY)
    if stored:
        try:
            start, end = (time.fromisoformat(part.strip()) for part in stored.split("-"))
        except ValueError:
            raise DomainError(f"setting {HOURS_KEY} = {stored!r} is not HH:MM-HH:MM") from None
        hours = replace(hours, start=start, end=end)
    step = get(session, STEP_KEY)
    if step:
        hours = replace(hours, step_minutes=_minutes(STEP_KEY, step))
    minutes = dict(DEFAULT_MINUTES)
    for kind in DEFAULT_MINUTES:
        value = get(session, MINUTES_KEY + kind)
        if value:
            minutes[kind] = _minutes(MINUTES_KEY + kind, value)
    return replace(hours, minutes=minutes)


def _minutes(key: str, value: str) -> int:
    if not value.strip().isdigit() or not 0 < int(value) <= 480:
        raise DomainError(f"setting {key} = {value!r} is not a number of minutes (1-480)")
    return int(value)


def set_working_hours(session: Session, *, hours: str | None = None, step: int | None = None,
                      minutes: dict[str, int] | None = None) -> WorkingHours:
    """Store (part of) the calendar configuration, checked before anything is written."""
    from caseload.domain.slots import DEFAULT_MINUTES

    if hours is not None:
        put(session, HOURS_KEY, hours)
    if step is not None:
        put(session, STEP_KEY, str(step))
    for kind, value in (minutes or {}).items():
        if kind not in DEFAULT_MINUTES:
            raise DomainError(f"unknown interview kind {kind!r}")
        put(session, MINUTES_KEY + kind, str(value))
    found = working_hours(session)  # refuses what cannot be read (the transaction rolls back)
    if found.start >= found.end:
        raise DomainError(f"setting {HOURS_KEY}: the day must start before it ends")
    return found
