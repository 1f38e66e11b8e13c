from __future__ import annotations

from datetime import date, datetime

from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel


class Interview(SQLModel, table=True):
    __tablename__ = "interviews"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str  # follow_up | contact | round_table | information_meeting | rehabilitation_team
    mode: str  # in_person | phone | video | home_visit | group
    status: str = "booked"  # booked | held | no_show | cancelled
    # Local Danish wall-clock time (naive), as booked; created_at/updated_at are UTC.
    booked_for: NaiveDatetime = Field(index=True)
    held_at: NaiveDatetime | None = None
    # At a held follow-up: the next follow-up day agreed with the citizen (sdp-2025).
    next_agreed_on: date | None = None
    caseworker_id: int | None = Field(default=None, foreign_key="caseworkers.id")
    created_at: datetime
    updated_at: datetime


class Offer(SQLModel, table=True):
    """One offer of the catalogue (tilbudsviften), loaded from data/offers.toml."""

    __tablename__ = "offers"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str  # partial_return | lab | preventive
    provider: str
    hours_per_week: float
    length_weeks: int | None = None
    continuous_intake: bool = False
    target_group: str | None = None
    next_start: date | None = None
    description: str | None = None
    active: bool = True


class Referral(SQLModel, table=True):
    """A citizen referred to an offer (or a partial return to work), with why and what for."""

    __tablename__ = "referrals"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    offer_id: int | None = Field(default=None, foreign_key="offers.id")
    start: date
    end: date | None = None
    hours_per_week: float
    justification: str
    purpose: str
    created_by: str | None = None
    created_at: datetime
