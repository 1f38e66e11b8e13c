"""Small helpers the use cases share."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from caseload.clock import now_utc
from caseload.errors import DomainError, NotFound
from caseload.models import Case


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    return case


def get_open_case(session: Session, case_id: int) -> Case:
    case = get_case(session, case_id)
    if case.status != "open":
        raise DomainError(f"case {case_id} is closed")
    return case


def touch(case: Case, now: datetime | None = None) -> None:
    case.version += 1
    case.updated_at = now or now_utc()
