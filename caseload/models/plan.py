from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class FollowUpPlan(SQLModel, table=True):
    """Opfølgningsplan. Every save is a new version; older versions are kept."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("case_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    version: int
    employment_goal: str
    created_by: str | None = None
    created_at: datetime


class PlanStep(SQLModel, table=True):
    __tablename__ = "plan_steps"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plans.id", index=True)
    position: int
    text: str
    owner: str  # citizen | caseworker | employer | doctor | provider | ...
    due: date | None = None
    status: str = "open"  # open | done | dropped


class PlanHours(SQLModel, table=True):
    """Partial return to work as hours a week from a day on."""

    __tablename__ = "plan_hours"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plans.id", index=True)
    from_date: date
    hours_per_week: float
