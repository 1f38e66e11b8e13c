"""Intake: register (or update) a citizen and open a case for a spell of sickness benefit."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from caseload.clock import DANISH, now_utc
from caseload.domain import cpr as cprs
from caseload.domain.groups import allocate_group, suggest_category
from caseload.domain.model import Group
from caseload.errors import DomainError
from caseload.models import Case, Citizen
from caseload.services.importing_chunk import CONTACT_FIELDS
from caseload.services.obligations import refresh_case
from caseload.services.settings import ruleset


def upsert_citizen(session: Session, *, cpr: str, name: str, now: datetime | None = None,
                   **fields: object) -> tuple[Citizen, bool]:
    """Find the citizen by CPR number and update what the form says, or create them.

    Fields a caseworker edited by hand (``Citizen.edited_fields``) are never overwritten.
    Returns the citizen and whether they were created.
    """
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"unknown citizen field(s): {', '.join(sorted(unknown))}")
    if not (name and name.strip()):
        raise DomainError("a citizen needs a name")
    now = now or now_utc()
    try:
        digits = cprs.normalise(cpr)
        born = cprs.birth_date(digits, today=danish_day(now))
    except cprs.CprError as exc:
        raise DomainError(str(exc)) from None
    name = name.strip()
    citizen = session.exec(select(Citizen).where(Citizen.cpr == digits)).first()
    values = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
    if citizen is None:
        citizen = Citizen(cpr=digits, birth_date=born, created_at=now, updated_at=now, **values)
        session.add(citizen)
        session.flush()
        return citizen, True
    protected = set(filter(None, citizen.edited_fields.split(",")))
    changed = False
    for key, value in values.items():
        if key not in protected and getattr(citizen, key) != value:
            setattr(citizen, key, value)
            changed = True
    if changed:
        citizen.updated_at = now
        session.add(citizen)
        session.flush()
    return citizen, False


def open_case(session: Session, citizen: Citizen, *, first_absence_day: date,
              caseworker_id: int | None = None, group: str | None = None,
              expected_duration: str | None = None, expected_return_date: date | None = None,
              today: date | None = None, now: datetime | None = None) -> Case:
    """Open a case, place it in a group by the rule set, and compute its obligations."""
    if group is not None and group not in set(Group):
        raise DomainError(f"group must be one of {', '.join(g.value for g in Group)}")
    existing = open_case_of(session, citizen.id)
    if existing is not None:
        raise DomainError(f"the citizen has an open case already (case {existing.id})")
    rules = ruleset(session)
    now = now or now_utc()
    opened_on = today or danish_day(now)
    case = Case(
        citizen_id=citizen.id, caseworker_id=caseworker_id,
        first_absence_day=first_absence_day, opened_on=opened_on,
        group=group or allocate_group(citizen.birth_date, rules.allocation).value,
        group_decided_on=opened_on,
        suggested_category=suggest_category(expected_duration),
        expected_duration=expected_duration, expected_return_date=expected_return_date,
        created_at=now, updated_at=now,
    )
    session.add(case)
    session.flush()
    refresh_case(session, case, rules)
    return case


def danish_day(moment: datetime) -> date:
    """The day in Denmark at ``moment`` (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(DANISH).date()


def open_case_of(session: Session, citizen_id: int) -> Case | None:
    return session.exec(
        select(Case).where(Case.citizen_id == citizen_id, Case.status == "open")
    ).first()
