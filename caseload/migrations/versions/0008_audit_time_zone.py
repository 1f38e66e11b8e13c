"""audit times stored with their zone

Revision ID: 0008_audit_time_zone
Revises: 0007_postgres_security
Create Date: 2026-12-03

``audit_log.at`` is the real clock in UTC. It was written as naive text
(``YYYY-MM-DD HH:MM:SS.ffffff``); it is now stored with its zone
(``caseload.store.queries.audit.STAMP``): on SQLite ISO 8601 text ending ``+00:00``, on
PostgreSQL ``timestamptz`` (which the first schema already made it; a database whose column
is ``timestamp without time zone`` is converted, its values read as UTC).

Existing naive values are UTC: on SQLite each is rewritten with ``+00:00`` (any other
offset is converted to UTC). On PostgreSQL an ``ALTER COLUMN … TYPE`` is refused while a
policy uses the column, so the audit log's ``prune`` policy is dropped and made again, the
same as ``0007_postgres_security`` made it; the table's grants, its other policies and row
level security are not touched by the change of type (``tests/pg`` checks them after it).
"""
from datetime import UTC, datetime
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0008_audit_time_zone'
down_revision: Union[str, None] = '0007_postgres_security'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STAMP = "%Y-%m-%d %H:%M:%S.%f+00:00"  # as caseload.store.queries.audit.STAMP (frozen here)
D = "[0-9]"
NAIVE = f"{D * 4}-{D * 2}-{D * 2} {D * 2}:{D * 2}:{D * 2}.{D * 6}"  # YYYY-MM-DD HH:MM:SS.ffffff
PRUNE = """CREATE POLICY prune ON audit_log FOR DELETE
    USING ((SELECT caseload_is_lead()) AND at < now() - interval '1 day')"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _postgres(bind)
        return
    # the usual naive text (what the append wrote) in one statement, anything else in Python
    op.execute(f"UPDATE audit_log SET at = at || '+00:00' WHERE at GLOB '{NAIVE}'")
    rows = bind.execute(sa.text("SELECT id, at FROM audit_log WHERE at NOT LIKE '%+00:00'"))
    changed = [{"id": id_, "at": _zoned(at)} for id_, at in rows]
    if changed:
        bind.execute(sa.text("UPDATE audit_log SET at = :at WHERE id = :id"), changed)


def _zoned(value: object) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # naive values are UTC
    return moment.astimezone(UTC).strftime(STAMP)


def _postgres(bind: sa.Connection) -> None:
    kind = bind.execute(sa.text(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = 'audit_log' AND column_name = 'at'")).scalar()
    if kind != "timestamp without time zone":
        return
    policy = bind.execute(sa.text(
        "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
        "AND tablename = 'audit_log' AND policyname = 'prune'")).scalar()
    if policy:
        op.execute("DROP POLICY prune ON audit_log")
    op.execute("ALTER TABLE audit_log ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'")
    if policy:
        op.execute(PRUNE)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        return  # timestamptz, as the first schema made it
    op.execute("UPDATE audit_log SET at = substr(at, 1, length(at) - 6) WHERE at LIKE '%+00:00'")
