"""fact dates: the day each case was opened

Revision ID: 0006_fact_dates
Revises: 0003_day_corrections
Create Date: 2026-12-03

Asked about a past day, the quick check and the app count only the facts dated on or before
it (``caseload.services.as_of``). Every fact already carries its day (category changes
``changed_on``, exemptions ``decided_on``/``lifted_on``, interviews ``held_at``, referrals
``start``/``end``, ``closed_on``, ``participation_ended_on``, ``reassessed_on``) except the
day a case was opened: ``created_at`` is when the row was written (UTC), not the day the
case was opened (``caseload import --today D`` opens cases on D). ``cases.opened_on`` holds it.

Backfill: ``group_decided_on``, which intake, the import and the demo have always set to the
day the case was opened (the import's ``--today``), else the day of ``created_at``.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006_fact_dates'
down_revision: Union[str, None] = '0003_day_corrections'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('opened_on', sa.Date(), nullable=True))
    op.execute("UPDATE cases SET opened_on = coalesce(group_decided_on, date(created_at))")


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('opened_on')
