from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Caseworker(SQLModel, table=True):
    """A user of the tool, known by their login name on the server."""

    __tablename__ = "caseworkers"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, index=True)
    name: str
    role: str = "caseworker"  # caseworker | team_lead | importer
    active: bool = True
    # Day-of-birth distribution of new cases at import, e.g. "1-10" (None: not in it).
    birth_days: str | None = None


class Citizen(SQLModel, table=True):
    """Borger. The CPR number is stored whole (10 digits) and shown masked."""

    __tablename__ = "citizens"
    id: int | None = Field(default=None, primary_key=True)
    cpr: str = Field(unique=True, index=True, max_length=10)
    name: str = Field(index=True)
    birth_date: date
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    employment_status: str | None = None  # employed | unemployed | self_employed | flexjob_waiting
    employer_name: str | None = None
    employer_cvr: str | None = None
    job_title: str | None = None
    weekly_hours: float | None = None
    unemployment_fund: str | None = None
    # Fields a caseworker edited by hand; an import never overwrites them.
    edited_fields: str = ""
    created_at: datetime
    updated_at: datetime
