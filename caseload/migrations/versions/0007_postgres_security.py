"""PostgreSQL: group roles, grants and row-level security (does nothing on SQLite)

Revision ID: 0007_postgres_security
Revises: 0006_fact_dates
Create Date: 2026-12-03

Whoever runs ``caseload init`` owns the tables (the database's owner, able to create roles,
or a superuser) and is not bound by the policies: the administrator. Everyone else works
through one of two NOLOGIN group roles, whose members are the login roles ``caseload team
add`` makes (``caseload_enrol``):

- ``caseload_caseworker``: sees and changes the rows of the cases assigned to them, sees the
  unassigned ones and may take one over (the case's ``caseworker_id`` set to them);
- ``caseload_team_lead`` (a member of the caseworker role, with more grants): the whole
  team, which on PostgreSQL is the database.

Who is working is ``current_user``, looked up in ``caseworkers.login`` (active rows only);
the policies go by that row's role, so one login can lead one team's database and work in
another's. The audit log and the notes are append-only by grant: INSERT and SELECT (notes
also UPDATE of the two export columns), never DELETE; a caseworker reads only their own
audit entries and writes entries only in their own name; leads may delete entries older
than a day (``caseload audit --prune``, itself logged). Rejected forms, the team and the
settings are for leads to change (rejected forms also to read), by grant and by policy.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0007_postgres_security'
down_revision: Union[str, None] = '0006_fact_dates'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CASE_TABLES = ('category_changes', 'exemptions', 'interviews', 'obligations', 'plans',
               'referrals', 'notes', 'case_returns', 'case_events')
PLAN_TABLES = ('plan_hours', 'plan_steps')
# the group roles belong to the server, so what only a lead may do is also checked against
# this database's caseworkers (a lead of another team's database is no lead here)
LEAD_TABLES = ('caseworkers', 'meta', 'import_issues')
RLS_TABLES = ('cases', 'citizens', 'forms', 'audit_log') + CASE_TABLES + PLAN_TABLES + LEAD_TABLES

ROLES = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caseload_caseworker') THEN
        CREATE ROLE caseload_caseworker NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caseload_team_lead') THEN
        CREATE ROLE caseload_team_lead NOLOGIN;
    END IF;
END $$;
GRANT caseload_caseworker TO caseload_team_lead;
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO caseload_caseworker',
                   current_database());
END $$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO caseload_caseworker;
"""

FUNCTIONS = r"""
CREATE FUNCTION caseload_me() RETURNS integer
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT id FROM caseworkers WHERE login = current_user AND active $$;

CREATE FUNCTION caseload_is_lead() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM caseworkers
                         WHERE login = current_user AND active AND role = 'team_lead') $$;

-- citizens with no case at all (seen or not; as the owner, past the policies): few
CREATE FUNCTION caseload_citizens_without_case() RETURNS SETOF integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT z.id FROM citizens z
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.citizen_id = z.id) $$;

-- the notes' hash chain runs through every case: its newest hash, past the policies
CREATE FUNCTION caseload_notes_tip() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT content_hash FROM notes ORDER BY id DESC LIMIT 1 $$;

-- caseload team add / team set --role: the login's role, created if missing, in one group
CREATE FUNCTION caseload_enrol(login text, lead boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF login !~ '^[a-z_][a-z0-9_.-]{0,62}$' OR login LIKE 'caseload\_%' OR login LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'caseload: % cannot be a database role (lower-case login names only)',
            login USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', login);
    END IF;
    IF lead THEN
        EXECUTE format('GRANT caseload_team_lead TO %I', login);
        EXECUTE format('REVOKE caseload_caseworker FROM %I', login);
    ELSE
        EXECUTE format('GRANT caseload_caseworker TO %I', login);
        EXECUTE format('REVOKE caseload_team_lead FROM %I', login);
    END IF;
END $$;

REVOKE ALL ON FUNCTION caseload_me(), caseload_is_lead(), caseload_citizens_without_case(),
    caseload_notes_tip(), caseload_enrol(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION caseload_me(), caseload_is_lead(), caseload_citizens_without_case(),
    caseload_notes_tip() TO caseload_caseworker;
GRANT EXECUTE ON FUNCTION caseload_enrol(text, boolean) TO caseload_team_lead;
"""

# Who is working, evaluated once per statement (a sub-select is an InitPlan), not per row;
# what may be seen goes by "IN (the visible cases)", one hashed sub-plan per statement.
ME = '(SELECT caseload_me())'
LEAD = '(SELECT caseload_is_lead())'


def sees(worker: str) -> str:
    """May see a case with this caseworker: a lead any; a caseworker their own and nobody's."""
    return f'({LEAD} OR ({ME} IS NOT NULL AND ({worker} IS NULL OR {worker} = {ME})))'


def owns(worker: str) -> str:
    """May change a case with this caseworker: a lead any; a caseworker their own."""
    return f'({LEAD} OR {worker} = {ME})'


def changes_case(case_id: str) -> str:
    return f'EXISTS (SELECT 1 FROM cases c WHERE c.id = {case_id} AND {owns("c.caseworker_id")})'


GRANTS = """
GRANT SELECT ON caseworkers, meta, offers, alembic_version TO caseload_caseworker;
GRANT SELECT, INSERT, UPDATE ON cases, citizens, forms, category_changes, exemptions,
    interviews, plans, plan_hours, plan_steps, referrals, case_returns TO caseload_caseworker;
GRANT SELECT, INSERT, UPDATE, DELETE ON obligations TO caseload_caseworker;
GRANT SELECT, INSERT ON notes, audit_log, case_events TO caseload_caseworker;
GRANT UPDATE (exported_at, exported_by) ON notes TO caseload_caseworker;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO caseload_caseworker;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO caseload_caseworker;

GRANT INSERT, UPDATE ON caseworkers, meta TO caseload_team_lead;
GRANT SELECT, INSERT, UPDATE ON import_issues TO caseload_team_lead;
GRANT DELETE ON audit_log TO caseload_team_lead;
"""

ORPHAN = f'({ME} IS NOT NULL AND citizens.id IN (SELECT caseload_citizens_without_case()))'
POLICIES = f"""
CREATE POLICY see ON cases FOR SELECT USING ({sees('caseworker_id')});
CREATE POLICY open ON cases FOR INSERT WITH CHECK ({sees('caseworker_id')});
CREATE POLICY change ON cases FOR UPDATE
    USING ({sees('caseworker_id')}) WITH CHECK ({owns('caseworker_id')});

CREATE POLICY see ON citizens FOR SELECT USING (
    {LEAD} OR citizens.id IN (SELECT c.citizen_id FROM cases c) OR {ORPHAN});
CREATE POLICY add ON citizens FOR INSERT WITH CHECK ({ME} IS NOT NULL);
CREATE POLICY change ON citizens FOR UPDATE USING (
    EXISTS (SELECT 1 FROM cases c WHERE c.citizen_id = citizens.id
            AND {owns('c.caseworker_id')}) OR {ORPHAN});

CREATE POLICY see ON forms FOR SELECT USING ({LEAD} OR CASE WHEN forms.case_id IS NULL
    THEN forms.citizen_id IN (SELECT z.id FROM citizens z)
    ELSE forms.case_id IN (SELECT c.id FROM cases c) END);
CREATE POLICY add ON forms FOR INSERT WITH CHECK ({ME} IS NOT NULL);
CREATE POLICY change ON forms FOR UPDATE USING (
    forms.case_id IS NULL OR {changes_case('forms.case_id')});

CREATE POLICY see ON caseworkers FOR SELECT USING (true);
CREATE POLICY lead ON caseworkers FOR INSERT WITH CHECK ({LEAD});
CREATE POLICY change ON caseworkers FOR UPDATE USING ({LEAD});
CREATE POLICY see ON meta FOR SELECT USING (true);
CREATE POLICY lead ON meta FOR INSERT WITH CHECK ({LEAD});
CREATE POLICY change ON meta FOR UPDATE USING ({LEAD});
CREATE POLICY lead ON import_issues FOR ALL USING ({LEAD});

CREATE POLICY own ON audit_log FOR SELECT USING (actor = current_user OR {LEAD});
CREATE POLICY append ON audit_log FOR INSERT WITH CHECK (actor = current_user);
CREATE POLICY prune ON audit_log FOR DELETE
    USING ({LEAD} AND at < now() - interval '1 day');
"""


def case_policies(t: str) -> str:
    return f"""
CREATE POLICY see ON {t} FOR SELECT USING ({LEAD} OR {t}.case_id IN (SELECT c.id FROM cases c));
CREATE POLICY add ON {t} FOR INSERT WITH CHECK ({changes_case(f'{t}.case_id')});
CREATE POLICY change ON {t} FOR UPDATE USING ({changes_case(f'{t}.case_id')});
CREATE POLICY remove ON {t} FOR DELETE USING ({changes_case(f'{t}.case_id')});
"""


def plan_policies(t: str) -> str:
    changes = f"EXISTS (SELECT 1 FROM plans p WHERE p.id = {t}.plan_id AND {changes_case('p.case_id')})"
    return f"""
CREATE POLICY see ON {t} FOR SELECT USING ({LEAD} OR {t}.plan_id IN (SELECT p.id FROM plans p));
CREATE POLICY add ON {t} FOR INSERT WITH CHECK ({changes});
CREATE POLICY change ON {t} FOR UPDATE USING ({changes});
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(ROLES)
    op.execute(FUNCTIONS)
    op.execute(GRANTS)
    for table in RLS_TABLES:
        op.execute(f'ALTER TABLE {table} ENABLE ROW LEVEL SECURITY')
    op.execute(POLICIES)
    for table in CASE_TABLES:
        op.execute(case_policies(table))
    for table in PLAN_TABLES:
        op.execute(plan_policies(table))


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in RLS_TABLES:
        op.execute(f'ALTER TABLE {table} DISABLE ROW LEVEL SECURITY')
        for (name,) in op.get_bind().exec_driver_sql(
                "SELECT policyname FROM pg_policies WHERE tablename = %(t)s", {'t': table}):
            op.execute(f'DROP POLICY {name} ON {table}')
    op.execute('DROP FUNCTION caseload_enrol(text, boolean), caseload_notes_tip(), '
               'caseload_citizens_without_case(), caseload_is_lead(), caseload_me()')
    op.execute('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM caseload_caseworker, '
               'caseload_team_lead')
    op.execute('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM caseload_caseworker')
    op.execute('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES '
               'FROM caseload_caseworker')
