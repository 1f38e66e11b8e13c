from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Case(SQLModel, table=True):
    """One spell of sickness benefit for one citizen (sygedagpengesag)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_open_caseworker", "status", "caseworker_id", "next_due"),)
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizens.id", index=True)
    caseworker_id: int | None = Field(default=None, foreign_key="caseworkers.id", index=True)
    first_absence_day: date
    status: str = "open"  # open | closed
    opened_on: date | None = None  # the day the case was opened (as-of reads; 0006)
    closed_on: date | None = None
    close_reason: str | None = None  # caseload.services.cases.CLOSE_REASONS
    close_reason_text: str | None = None  # what "other" is
    group: str = "outside"  # participant | control | outside
    group_decided_on: date | None = None
    exempt: bool = False  # mirrors the exemption in force (see Exemption)
    category: int | None = None  # mirrors the latest CategoryChangeRow
    suggested_category: int | None = None  # from the form's expected_duration; not decided
    expected_duration: str | None = None
    expected_return_date: date | None = None
    participation_ended_on: date | None = None
    participation_outcome: str | None = None
    participation_status: str | None = None  # caseload.services.cases.PARTICIPATION_STATUSES
    reassessed_on: date | None = None
    # § 13 f (sdp-2025): marked at the first follow-up (that day) with the expected return.
    predictable_course_on: date | None = None
    predictable_return_on: date | None = None
    needs_review: bool = False
    review_reason: str | None = None
    # The earliest open due date: kept with the obligations, for sorting and the quick check.
    next_due: date | None = Field(default=None, index=True)
    version: int = 1  # bumped on every change, for optimistic concurrency in the app
    created_at: datetime
    updated_at: datetime


class CategoryChangeRow(SQLModel, table=True):
    """Visitation: the category set (or changed) on a day, with who did it."""

    __tablename__ = "category_changes"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    category: int | None
    changed_on: date
    changed_by: str | None = None
    reason: str | None = None
    created_at: datetime


class Exemption(SQLModel, table=True):
    """Friholdelse: always with a reason from the domain material, and a date."""

    __tablename__ = "exemptions"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    reason: str  # caseload.domain.model.ExemptionReason
    reason_text: str | None = None  # required for "other"
    decided_on: date
    decided_by: str | None = None
    lifted_on: date | None = None
    created_at: datetime


class ReturnRecord(SQLModel, table=True):
    """The caseworker's record of whether the expected return to work happened."""

    __tablename__ = "case_returns"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    recorded_on: date
    happened: bool
    recorded_by: str | None = None
    created_at: datetime


class ObligationRow(SQLModel, table=True):
    """What the rules say a case owes, recomputed in the same transaction as every change."""

    __tablename__ = "obligations"
    __table_args__ = (Index("ix_obligations_open_due", "met_on", "due"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str
    seq: int = 0
    due: date = Field(index=True)
    book_by: date
    met_on: date | None = None
    requirement: str | None = None


class CaseEvent(SQLModel, table=True):
    """A correction or a turn of a case kept as it happened: an interview's status corrected,
    the case closed or reopened, the participation ended. Never changed once written."""

    __tablename__ = "case_events"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    interview_id: int | None = Field(default=None, foreign_key="interviews.id")
    kind: str  # status_corrected | closed | reopened | participation_ended
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    by: str
    at: datetime
