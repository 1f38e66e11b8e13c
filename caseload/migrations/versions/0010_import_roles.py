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
  in ``caseload_caseworker`` and in the new group ``caseload_importer``, by
  ``caseload_enrol_importer``, which team leads may call) is nobody's caseworker:
  ``caseload_me()`` no longer answers for it, so it sees no case and no citizen, and it
  adds rows by policies of its own (``import``: citizens, cases for any caseworker, forms, a
  new case's obligations). ``caseload_import_contacts`` (EXECUTE for ``caseload_importer``
  only) writes the contact details a form brings for a citizen without an open case, never a
  field a caseworker corrected by hand (``edited_fields``), never a value to empty.
- **Rejected and held forms**: every enrolled role may record one (INSERT; the policy shows
  them no row); ``caseload_import_resolve`` settles a rejected one once a form of its
  form_id is stored, a held one once that very form is (conflicts: team leads).
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
CONTACTS = ('name', 'address', 'postal_code', 'city', 'phone', 'email', 'employment_status',
            'employer_name', 'employer_cvr', 'job_title', 'weekly_hours', 'unemployment_fund')

ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caseload_importer') THEN
        CREATE ROLE caseload_importer NOLOGIN;
    END IF;
END $$;
"""


def _kept(field: str) -> str:
    """The new value of a contact field, unless it was corrected by hand or comes empty."""
    return (f"{field} = CASE WHEN r.{field} IS NULL OR '{field}' = ANY(string_to_array("
            f"replace(coalesce(z.edited_fields, ''), ' ', ''), ',')) THEN z.{field} "
            f"ELSE r.{field} END")


def _typed(field: str) -> str:
    return f"{field} {'double precision' if field == 'weekly_hours' else 'text'}"


IMPORTER_FUNCTIONS = f"""
-- team add / team set --role: an enrolled login in or out of the import account's group
CREATE FUNCTION caseload_enrol_importer(login text, importer boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF NOT pg_has_role(login, 'caseload_caseworker', 'MEMBER') THEN
        RAISE EXCEPTION 'caseload: % is not enrolled', login USING ERRCODE = '22023';
    END IF;
    IF importer THEN
        EXECUTE format('GRANT caseload_importer TO %I', login);
    ELSE
        EXECUTE format('REVOKE caseload_importer FROM %I', login);
    END IF;
END $$;

CREATE FUNCTION caseload_import_contacts(rows jsonb) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE citizens z SET {', '.join(_kept(f) for f in CONTACTS)},
              updated_at = r.updated_at
          FROM jsonb_to_recordset($1) AS r(id integer, {', '.join(map(_typed, CONTACTS))},
                                           updated_at timestamp)
          WHERE z.id = r.id AND NOT EXISTS (SELECT 1 FROM cases c
                                            WHERE c.citizen_id = z.id AND c.status = 'open') $$;
"""

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

-- an open rejected form is settled once a form of its form_id (or, with none readable, from
-- its file and line) is stored, a held one once that very form is: never before; a conflict
-- is for a team lead to settle
CREATE FUNCTION caseload_import_resolve(ids integer[], stamp timestamp) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE import_issues i SET resolved_at = $2
          WHERE i.id = ANY($1) AND i.resolved_at IS NULL AND EXISTS (
              SELECT 1 FROM forms f WHERE CASE i.kind
                  WHEN 'held' THEN (f.form_id, f.content_hash) = (i.form_id, i.content_hash)
                  WHEN 'rejected' THEN f.form_id = i.form_id OR (i.form_id IS NULL
                      AND f.source_file = i.source_file AND f.source_line = i.source_line)
                  ELSE false END) $$;

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
IMPORTER_SIGNATURES = ('caseload_enrol_importer(text, boolean)',
                       'caseload_import_contacts(jsonb)')

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
    op.execute(ROLE)
    op.execute(ME % NOT_IMPORTER)
    op.execute(FUNCTIONS)
    op.execute(IMPORTER_FUNCTIONS)
    op.execute(f'REVOKE ALL ON FUNCTION {", ".join(IMPORTER_SIGNATURES)} FROM PUBLIC')
    op.execute('GRANT EXECUTE ON FUNCTION caseload_enrol_importer(text, boolean) '
               'TO caseload_team_lead')
    op.execute('GRANT EXECUTE ON FUNCTION caseload_import_contacts(jsonb) TO caseload_importer')
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
    # the group role stays: roles are the server's, other databases may use it
    op.execute(f'DROP FUNCTION {", ".join(SIGNATURES + IMPORTER_SIGNATURES)}')
    op.execute(ME % '')
