"""PostgreSQL: every read of a citizen row is logged by the server (does nothing on SQLite)

Revision ID: 0009_read_logging
Revises: 0008_audit_time_zone
Create Date: 2026-12-03

PostgreSQL has no trigger on SELECT, so the row-level security policy that decides which
citizen rows a role may read (``see`` on ``citizens``, of ``0007_postgres_security``) calls
a logging function for each row it lets through: ``CASE WHEN <may see> THEN
caseload_read_logged(id) ELSE false END`` (the CASE makes sure only visible rows are logged;
rows the reader may not see are neither logged nor shown). Policies bind every role but the
tables' owner and superusers, so this holds for ``psql`` and any other program as much as for
the tool.

``caseload_read_logged`` (VOLATILE, run as the reader: its entries are in the reader's name
and under the audit log's policies) does two things per row:

- a line in the server's log (``RAISE LOG``: written at once, kept even when the transaction
  is rolled back, and only a superuser may turn ``log_min_messages`` down);
- an ``audit_log`` entry (``read``, the citizen, ``detail`` 'read in the database'), in the
  reading transaction, when that transaction may write. The tool's own reads run in
  READ ONLY transactions and log themselves (one entry per list or citizen opened, with the
  purpose), so they are not logged twice; a read-only transaction around the tool leaves the
  server log's line only, and a rolled-back one takes its entries with it (the log line stays).

The cost is one function call per citizen row read (an INSERT when the transaction writes):
see ``tests/pg/test_read_logging.py``. The policy as it was is kept in the policy's comment
for the downgrade.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0009_read_logging'
down_revision: Union[str, None] = '0008_audit_time_zone'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

FUNCTION = r"""
CREATE FUNCTION caseload_read_logged(citizen integer) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
BEGIN
    RAISE LOG 'caseload: % read citizen %', current_user, citizen;
    IF current_setting('transaction_read_only') = 'off' THEN
        INSERT INTO audit_log (at, actor, action, citizen_id, detail)
        VALUES (now(), current_user, 'read', citizen,
                'read in the database');
    END IF;
    RETURN true;
END $$;
REVOKE ALL ON FUNCTION caseload_read_logged(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION caseload_read_logged(integer) TO caseload_caseworker;
"""


def _policy(conn) -> tuple[str, str | None]:  # noqa: ANN001
    """The ``see`` policy's USING clause on citizens and its comment."""
    return conn.exec_driver_sql(
        "SELECT p.qual, obj_description(o.oid, 'pg_policy') FROM pg_policies p "
        "JOIN pg_policy o ON o.polname = p.policyname AND o.polrelid = 'citizens'::regclass "
        "WHERE p.tablename = 'citizens' AND p.policyname = 'see'").one()


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    op.execute(FUNCTION)
    sees, _ = _policy(conn)
    op.execute(f'ALTER POLICY see ON citizens USING (CASE WHEN ({sees}) '
               'THEN caseload_read_logged(citizens.id) ELSE false END)')
    op.execute("COMMENT ON POLICY see ON citizens IS " + _literal(sees))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    _, sees = _policy(conn)
    op.execute(f'ALTER POLICY see ON citizens USING ({sees})')
    op.execute('COMMENT ON POLICY see ON citizens IS NULL')
    op.execute('DROP FUNCTION caseload_read_logged(integer)')


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
