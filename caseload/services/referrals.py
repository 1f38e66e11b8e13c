"""Use case: refer a citizen to an offer (or record a partial return to work)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from caseload.clock import now_utc
from caseload.errors import DomainError, NotFound
from caseload.models import Offer, Referral
from caseload.services.access import Actor, guard
from caseload.services.common import get_open_case, touch
from caseload.services.obligations import refresh_case


def refer(session: Session, case_id: int, *, offer_id: int | None, start: date,
          hours_per_week: float, justification: str, purpose: str, end: date | None = None,
          by: str | None = None, actor: Actor) -> Referral:
    if not 0 < hours_per_week <= 80:
        raise DomainError("hours a week must be more than 0 and at most 80")
    if end is not None and end < start:
        raise DomainError("a referral cannot end before it starts")
    if not justification.strip() or not purpose.strip():
        raise DomainError("a referral needs both a justification and a purpose")
    if offer_id is not None and session.get(Offer, offer_id) is None:
        raise NotFound(f"no offer {offer_id}")
    guard(session, actor, case_id, "change",
          detail=f"referral to offer {offer_id}" if offer_id else "partial return to work")
    case = get_open_case(session, case_id)
    referral = Referral(case_id=case.id, offer_id=offer_id, start=start, end=end,
                        hours_per_week=hours_per_week, justification=justification.strip(),
                        purpose=purpose.strip(), created_by=by, created_at=now_utc())
    session.add(referral)
    touch(case)
    session.flush()
    refresh_case(session, case)
    return referral
