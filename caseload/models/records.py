from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Dialect
from sqlalchemy.types import TypeEngine
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

from caseload.store.queries.audit import STORAGE


class Note(SQLModel, table=True):
    """A follow-up note (journalnotat). Never changed once saved; corrections are addenda."""

    __tablename__ = "notes"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    interview_id: int | None = Field(default=None, foreign_key="interviews.id")
    addendum_to: int | None = Field(default=None, foreign_key="notes.id")
    template: str | None = None
    body: str
    author: str
    created_at: datetime
    content_hash: str = ""
    prev_hash: str = ""
    exported_at: datetime | None = None
    exported_by: str | None = None


class StoredForm(SQLModel, table=True):
    """An imported information form (oplysningsskema), kept as it came."""

    __tablename__ = "forms"
    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(unique=True, index=True)
    content_hash: str
    raw: str  # the form as JSON, as read
    received: datetime
    citizen_id: int = Field(foreign_key="citizens.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    source_file: str
    source_line: int | None = None
    imported_at: datetime


class ImportIssue(SQLModel, table=True):
    """A rejected or conflicting form, kept with its raw content for review and retry."""

    __tablename__ = "import_issues"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # rejected | conflict
    form_id: str | None = Field(default=None, index=True)
    content_hash: str | None = None
    source_file: str
    source_line: int | None = None
    raw: str
    reasons: str  # JSON list of {"field": ..., "message": ...}
    created_at: datetime
    resolved_at: datetime | None = None


class ZonedTime(UTCDateTime):
    """An aware UTC time stored with its zone: ``timestamptz`` on PostgreSQL, ISO 8601 text
    ending ``+00:00`` on SQLite (``caseload.store.queries.audit.STAMP``, the raw append's)."""

    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import DATETIME

            return dialect.type_descriptor(DATETIME(storage_format=STORAGE))
        return super().load_dialect_impl(dialect)


class AuditEntry(SQLModel, table=True):
    """Who did what to whose data, when. Append-only through the tool."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True, sa_type=ZonedTime)  # aware, UTC
    actor: str
    action: str  # read | search | create | change | export | reveal_cpr | refused
    citizen_id: int | None = Field(default=None, index=True)
    case_id: int | None = None
    detail: str | None = None
    purpose: str | None = None


class Meta(SQLModel, table=True):
    """Settings of this database, e.g. the rule set in force."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


__all__ = ["AuditEntry", "ImportIssue", "Meta", "Note", "StoredForm", "date"]
