"""A caseworker correcting a citizen's details by hand (an import never overwrites these)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from caseload.clock import now_utc
from caseload.errors import DomainError, NotFound
from caseload.models import Citizen
from caseload.services.importing_chunk import CONTACT_FIELDS


def edited_fields(citizen: Citizen) -> set[str]:
    return set(filter(None, citizen.edited_fields.split(",")))


def edit_citizen(session: Session, citizen_id: int, *, now: datetime | None = None,
                 **fields: object) -> Citizen:
    """Set contact details (``None`` clears one) and mark them as edited by hand."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"unknown citizen field(s): {', '.join(sorted(unknown))}")
    if "name" in fields and not (isinstance(fields["name"], str) and fields["name"].strip()):
        raise DomainError("a citizen needs a name")
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise NotFound(f"no citizen {citizen_id}")
    for key, value in fields.items():
        setattr(citizen, key, value.strip() if isinstance(value, str) else value)
    citizen.edited_fields = ",".join(sorted(edited_fields(citizen) | set(fields)))
    citizen.updated_at = now or now_utc()
    session.add(citizen)
    session.flush()
    return citizen
