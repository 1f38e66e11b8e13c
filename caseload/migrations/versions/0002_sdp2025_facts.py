"""sdp-2025 facts: the agreed next follow-up day, the § 13 f mark, the recorded return

Revision ID: 0002_sdp2025_facts
Revises: 0001
Create Date: 2026-12-03
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = '0002_sdp2025_facts'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('case_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('happened', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_returns_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('predictable_course_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('predictable_return_on', sa.Date(), nullable=True))
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_agreed_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('next_agreed_on')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('predictable_return_on')
        batch_op.drop_column('predictable_course_on')
    with op.batch_alter_table('case_returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_returns_case_id'))
    op.drop_table('case_returns')
