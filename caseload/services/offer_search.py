"""Read use case for the offer picker: the catalogue of offers as plain values, and the
filter the picker applies to it (search text, kind, target group, provider, intake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from caseload.models import Offer


@dataclass(frozen=True, slots=True)
class OfferItem:
    offer_id: int
    code: str
    name: str
    kind: str  # partial_return | lab | preventive
    provider: str
    hours_per_week: float
    length_weeks: int | None
    continuous_intake: bool
    target_group: str
    next_start: date | None
    description: str


@dataclass(frozen=True, slots=True)
class OfferFilter:
    """All optional; ``continuous``: True only continuous intake, False only team starts."""

    text: str = ""
    kind: str | None = None
    target_group: str | None = None
    provider: str | None = None
    continuous: bool | None = None


def list_offers(session: Session) -> list[OfferItem]:
    """Every active offer of the catalogue, by kind and name."""
    rows = session.exec(select(Offer).where(Offer.active.is_(True))
                        .order_by(Offer.kind, Offer.name)).all()
    return [OfferItem(offer_id=o.id, code=o.code, name=o.name, kind=o.kind, provider=o.provider,
                      hours_per_week=o.hours_per_week, length_weeks=o.length_weeks,
                      continuous_intake=o.continuous_intake, target_group=o.target_group or "",
                      next_start=o.next_start, description=o.description or "")
            for o in rows]


def filter_offers(offers: list[OfferItem], flt: OfferFilter) -> list[OfferItem]:
    """The offers matching every part of the filter; the text matches (case-insensitive,
    every word) the name, provider, target group, code or description."""
    words = flt.text.casefold().split()
    found = []
    for o in offers:
        if flt.kind and o.kind != flt.kind:
            continue
        if flt.target_group and o.target_group != flt.target_group:
            continue
        if flt.provider and o.provider != flt.provider:
            continue
        if flt.continuous is not None and o.continuous_intake != flt.continuous:
            continue
        haystack = " ".join((o.name, o.provider, o.target_group, o.code,
                             o.description)).casefold()
        if all(word in haystack for word in words):
            found.append(o)
    return found


def next_start(offer: OfferItem, today: date) -> date:
    """The first day a referral to the offer can start: today for continuous intake (or
    when the team start has passed or is unknown), else the next team start."""
    if offer.continuous_intake or offer.next_start is None or offer.next_start < today:
        return today
    return offer.next_start
