"""PostgreSQL: the import account and caseworkers import under row-level security (does
nothing on SQLite)

Revision ID: 0010_import_roles
Revises: 0009_read_logging
Create Date: 2026-12-03

Until now only a team lead's role could import on PostgreSQL: the import decides on what
exists (is this form stored? does this citizen, this open case exist, and whose is it?) and
the policies hide most of it from everyone else. Here:

- **Lookups past the policies**, SECURITY DEFINER functions (owned by the tables' owner,
  ``search_path`` pinned, EXECUTE for ``caseload_caseworker``, whose members are every
  enrolled login) that answer only what matching needs, never a name, an address or a
  form's text: ``caseload_import_forms`` (form_id → content hash, file, line),
  ``caseload_import_citizens`` (CPR number → id, birth date: the CPR number says it),
  ``caseload_import_cases`` (citizen ids → their open cases' id and caseworker),
  ``caseload_import_issues`` (open rejected/held forms by file or form_id: id, kind, form_id,
  hash, file, line). Everything else the import reads, it reads under the policies.
- **The import account** (a caseworkers row with role ``importer``; its login is enrolled
  in ``caseload_caseworker``) is nobody's caseworker: ``caseload_me()`` no longer answers
  for it, so it sees no case and no citizen, and it adds rows by policies of its own
  (``import``: citizens, cases for any caseworker, forms, a new case's obligations).
- **Rejected and held forms**: every enrolled role may record one (INSERT; the policy shows
  them no row); ``caseload_import_resolve`` settles open ones whose form is now stored.
- **A new case's obligations**: the role that opened an unassigned case (a caseworker's
  import) may add its first obligations (``caseload_case_unstarted``: open, none yet).

What each import may change is decided by the tool (``policy.decide_importer``) and held
by the server: a form for a case the role may not change is held for review, and the rows
it would touch cannot be written by that role anyway.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0010_import_roles'
down_revision: Union[str, None] = '0009_read_logging'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DEFINER = 'STABLE SECURITY DEFINER SET search_path = public, pg_temp'

ME = """
CREATE OR REPLACE FUNCTION caseload_me() RETURNS integer
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT id FROM caseworkers WHERE login = current_user AND active %s $$;
"""
NOT_IMPORTER = "AND role <> 'importer'"

FUNCTIONS = f"""
CREATE FUNCTION caseload_is_importer() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM caseworkers
                         WHERE login = current_user AND active AND role = 'importer') $$;

CREATE FUNCTION caseload_import_forms(ids text[])
    RETURNS TABLE (form_id text, content_hash text, source_file text, source_line integer)
    LANGUAGE sql {DEFINER}
    AS $$ SELECT f.form_id::text, f.content_hash::text, f.source_file::text, f.source_line
          FROM forms f WHERE f.form_id = ANY($1) $$;

CREATE FUNCTION caseload_import_citizens(cprs text[])
    RETURNS TABLE (cpr text, id integer, birth_date date)
    LANGUAGE sql {DEFINER}
    AS $$ SELECT z.cpr::text, z.id, z.birth_date FROM citizens z WHERE z.cpr = ANY($1) $$;

CREATE FUNCTION caseload_import_cases(citizen_ids integer[])
    RETURNS TABLE (id integer, citizen_id integer, caseworker_id integer)
    LANGUAGE sql {DEFINER}
    AS $$ SELECT c.id, c.citizen_id, c.caseworker_id FROM cases c
          WHERE c.citizen_id = ANY($1) AND c.status = 'open' ORDER BY c.id $$;

CREATE FUNCTION caseload_import_issues(by_file boolean, keys text[])
    RETURNS TABLE (id integer, kind text, form_id text, content_hash text,
                   source_file text, source_line integer)
    LANGUAGE sql {DEFINER}
    AS $$ SELECT i.id, i.kind::text, i.form_id::text, i.content_hash::text,
                 i.source_file::text, i.source_line
          FROM import_issues i WHERE i.resolved_at IS NULL
          AND (CASE WHEN $1 THEN i.source_file ELSE i.form_id END) = ANY($2) $$;

-- an open rejected or held form is settled once a form of that form_id (or, with none
-- readable, from that file and line) is stored: never before
CREATE FUNCTION caseload_import_resolve(ids integer[], stamp timestamp) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE import_issues i SET resolved_at = $2
          WHERE i.id = ANY($1) AND i.resolved_at IS NULL AND EXISTS (
              SELECT 1 FROM forms f WHERE f.form_id = i.form_id OR (i.form_id IS NULL
                  AND f.source_file = i.source_file AND f.source_line = i.source_line)) $$;

CREATE FUNCTION caseload_case_unstarted(case_id integer) RETURNS boolean
    LANGUAGE sql {DEFINER}
    AS $$ SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = $1 AND c.status = 'open'
                         AND NOT EXISTS (SELECT 1 FROM obligations o
                                         WHERE o.case_id = c.id)) $$;
"""
SIGNATURES = ('caseload_is_importer()', 'caseload_import_forms(text[])',
              'caseload_import_citizens(text[])', 'caseload_import_cases(integer[])',
              'caseload_import_issues(boolean, text[])',
              'caseload_import_resolve(integer[], timestamp)',
              'caseload_case_unstarted(integer)')

IMPORTER = '(SELECT caseload_is_importer())'
POLICIES = f"""
CREATE POLICY import ON citizens FOR INSERT WITH CHECK ({IMPORTER});
CREATE POLICY import ON cases FOR INSERT WITH CHECK ({IMPORTER});
CREATE POLICY import ON forms FOR INSERT WITH CHECK ({IMPORTER});
CREATE POLICY import ON obligations FOR INSERT WITH CHECK (
    caseload_case_unstarted(obligations.case_id) AND ({IMPORTER} OR obligations.case_id IN (
        SELECT c.id FROM cases c WHERE c.caseworker_id IS NULL)));
CREATE POLICY import ON import_issues FOR INSERT WITH CHECK (
    (SELECT caseload_me()) IS NOT NULL OR {IMPORTER});
"""
POLICY_TABLES = ('citizens', 'cases', 'forms', 'obligations', 'import_issues')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(ME % NOT_IMPORTER)
    op.execute(FUNCTIONS)
    functions = ', '.join(SIGNATURES)
    op.execute(f'REVOKE ALL ON FUNCTION {functions} FROM PUBLIC')
    op.execute(f'GRANT EXECUTE ON FUNCTION {functions} TO caseload_caseworker')
    # SELECT for the staging table's columns (the lead-only policy shows them no row)
    op.execute('GRANT SELECT, INSERT ON import_issues TO caseload_caseworker')
    op.execute(POLICIES)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in POLICY_TABLES:
        op.execute(f'DROP POLICY import ON {table}')
    op.execute('REVOKE SELECT, INSERT ON import_issues FROM caseload_caseworker')
    op.execute(f'DROP FUNCTION {", ".join(SIGNATURES)}')
    op.execute(ME % '')
