"""Use case: bring the stored catalogue of offers in line with the catalogue file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from caseload.catalogue import OfferSpec
from caseload.models import Offer

FIELDS = ("name", "kind", "provider", "hours_per_week", "length_weeks", "continuous_intake",
          "target_group", "next_start", "description", "active")


@dataclass(frozen=True, slots=True)
class SyncResult:
    created: int
    updated: int
    deactivated: int


def sync_offers(session: Session, offers: Iterable[OfferSpec]) -> SyncResult:
    """Upsert the offers by code. Offers no longer in the file are kept, but inactive,
    so that referrals to them still name them."""
    stored = {o.code: o for o in session.exec(select(Offer)).all()}
    created = updated = 0
    codes: set[str] = set()
    for spec in offers:
        codes.add(spec.code)
        values = {field: getattr(spec, field) for field in FIELDS}
        row = stored.get(spec.code)
        if row is None:
            session.add(Offer(code=spec.code, **values))
            created += 1
            continue
        changed = False
        for field, value in values.items():
            if getattr(row, field) != value:
                setattr(row, field, value)
                changed = True
        if changed:
            session.add(row)
            updated += 1
    deactivated = 0
    for code, row in stored.items():
        if code not in codes and row.active:
            row.active = False
            session.add(row)
            deactivated += 1
    session.flush()
    return SyncResult(created, updated, deactivated)


def offer_ids(session: Session) -> dict[str, int]:
    """Each stored offer's id by its code."""
    return {o.code: o.id for o in session.exec(select(Offer)).all() if o.id is not None}
