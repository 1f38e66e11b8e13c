"""``caseload import`` on PostgreSQL by the import account and by a caseworker, each as its
own database role under row-level security (migration ``0010_import_roles``): the batch
lands, assigned as it should be and in the audit log, and afterwards the role still reads
no colleague's citizen from ``psql``. The migration goes down and up again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importer.conftest import good, run_cli, write_jsonl
from tests.pg.conftest import as_role, downgrade, psql

TODAY = ["--today", "2026-11-23"]
ANNAS = "050381-1234"  # born on the 5th: anna's (birth days 1-15)
BOS = "200382-1235"  # born on the 20th: bo's (16-31)


def team(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["init"], ["team", "add", "lena", "--name", "Lena", "--lead"],
                 ["team", "add", "anna", "--name", "Anna", "--birth-days", "1-15"],
                 ["team", "add", "bo", "--name", "Bo", "--birth-days", "16-31"],
                 ["team", "add", "importjob", "--name", "Morning import", "--role",
                  "importer"]):
        code, _, err = run_cli([*args, "--db", url], capsys)
        assert code == 0, err


def one(url: str, sql: str) -> list[str]:
    return [line for line in psql(url, sql).stdout.splitlines() if line]


def import_as(url: str, login: str, path: Path, capsys: pytest.CaptureFixture[str],
              *more: str) -> tuple[int, dict[str, object]]:
    code, out, err = run_cli(["import", str(path), "--json", "--db", as_role(url, login),
                              *TODAY, *more], capsys)
    assert code in (0, 1), err
    return code, json.loads(out)


def assigned(url: str) -> list[str]:
    """Each open case as ``cpr:caseworker`` (as the owner)."""
    return one(url, "SELECT z.cpr || ':' || coalesce(w.login, '-') FROM cases c "
                    "JOIN citizens z ON z.id = c.citizen_id "
                    "LEFT JOIN caseworkers w ON w.id = c.caseworker_id ORDER BY z.cpr")


def test_the_import_account_imports_the_batch_and_reads_no_citizen(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(pg_url, capsys)
    batch = write_jsonl(tmp_path / "morning.jsonl", [
        good(form_id="A-1", cpr=ANNAS, name="Anna's Borger"),
        good(form_id="B-1", cpr=BOS, name="Bo's Borger"),
        good(form_id="BAD", postal_code="12")])
    code, summary = import_as(pg_url, "importjob", batch, capsys)
    assert code == 1  # one rejected
    assert (summary["imported"], summary["new_cases"], summary["rejected"]) == (2, 2, 1)
    assert assigned(pg_url) == ["0503811234:anna", "2003821235:bo"]  # by day of birth
    assert one(pg_url, "SELECT actor || ' ' || action || ' ' || detail FROM audit_log "
                       "WHERE case_id IS NOT NULL ORDER BY id") == [
        "importjob create import: new citizen and case"] * 2
    assert one(pg_url, "SELECT kind, form_id FROM import_issues") == ["rejected|BAD"]
    assert int(one(pg_url, "SELECT count(*) FROM obligations")[0]) > 0
    # afterwards, from psql as its own role: no citizen, case, form or rejection
    job = as_role(pg_url, "importjob")
    for table in ("citizens", "cases", "forms", "obligations", "import_issues"):
        assert one(job, f"SELECT count(*) FROM {table}") == ["0"], table
    assert one(job, "UPDATE citizens SET name = 'x'") == []
    assert one(pg_url, "SELECT count(*) FROM citizens WHERE name = 'x'") == ["0"]
    # the same batch again: stored forms skipped, the rejection known
    code, again = import_as(pg_url, "importjob", batch, capsys)
    assert (again["imported"], again["skipped"], again["rejected"]) == (0, 2, 1)
    assert one(pg_url, "SELECT count(*) FROM import_issues") == ["1"]


def test_the_import_account_holds_a_form_for_an_existing_case_for_a_lead(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(pg_url, capsys)
    first = write_jsonl(tmp_path / "1.jsonl", [good(form_id="A-1", cpr=ANNAS)])
    import_as(pg_url, "importjob", first, capsys)
    before = one(pg_url, "SELECT phone IS NULL, version FROM citizens z JOIN cases c "
                         "ON c.citizen_id = z.id")
    second = write_jsonl(tmp_path / "2.jsonl", [good(form_id="A-2", cpr=ANNAS,
                                                     phone="12345678")])
    code, summary = import_as(pg_url, "importjob", second, capsys)
    assert (code, summary["held"], summary["imported"]) == (1, 1, 0)
    assert one(pg_url, "SELECT phone IS NULL, version FROM citizens z JOIN cases c "
                       "ON c.citizen_id = z.id") == before  # nothing half-written
    assert one(pg_url, "SELECT kind, form_id FROM import_issues WHERE resolved_at IS NULL"
               ) == ["held|A-2"]
    code, by_lead = import_as(pg_url, "lena", second, capsys)
    assert (code, by_lead["attached"], by_lead["resolved_issues"]) == (0, 1, 1)
    assert one(pg_url, "SELECT phone FROM citizens") == ["12345678"]


def test_a_caseworker_imports_her_own_and_new_forms_and_a_colleagues_is_held(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(pg_url, capsys)
    import_as(pg_url, "lena", write_jsonl(tmp_path / "lead.jsonl", [
        good(form_id="A-1", cpr=ANNAS), good(form_id="B-1", cpr=BOS, name="Bo's Borger")]),
        capsys)
    bo_before = one(pg_url, f"SELECT name, phone IS NULL FROM citizens WHERE cpr = "
                            f"'{BOS.replace('-', '')}'")
    path = write_jsonl(tmp_path / "anna.jsonl", [
        good(form_id="A-2", cpr=ANNAS, phone="11223344"),  # her own case: attached
        good(form_id="B-2", cpr=BOS, name="Falsk Navn", phone="99999999"),  # bo's: held
        good(form_id="N-1", cpr="120590-1234", name="Ny Borger")])  # new: unassigned
    code, summary = import_as(pg_url, "anna", path, capsys)
    assert code == 1
    assert (summary["imported"], summary["attached"], summary["new_cases"],
            summary["held"]) == (2, 1, 1, 1)
    [held] = summary["issues"]
    bo_case = one(pg_url, "SELECT c.id FROM cases c JOIN caseworkers w ON "
                          "w.id = c.caseworker_id WHERE w.login = 'bo'")[0]
    assert (held["file"], held["line"], held["form_id"], held["field"]) == (
        str(path), 2, "B-2", "cpr")
    assert f"sag {bo_case}," in held["message"]  # Danish: the CLI's default
    assert one(pg_url, f"SELECT name, phone IS NULL FROM citizens WHERE cpr = "
                       f"'{BOS.replace('-', '')}'") == bo_before  # untouched
    assert one(pg_url, "SELECT phone FROM citizens WHERE cpr = '0503811234'") == ["11223344"]
    assert assigned(pg_url) == ["0503811234:anna", "1205901234:-", "2003821235:bo"]
    assert one(pg_url, "SELECT action || ' ' || coalesce(case_id::text, '-') FROM audit_log "
                       "WHERE actor = 'anna' AND action IN ('create', 'refused') ORDER BY id"
               ) == [*one(pg_url, "SELECT 'create ' || id FROM cases WHERE caseworker_id IS NULL"),
                     f"refused {bo_case}"]
    assert one(pg_url, "SELECT kind, form_id FROM import_issues") == ["held|B-2"]
    code, again = import_as(pg_url, "anna", path, capsys)  # the hold is known, not doubled
    assert (again["imported"], again["skipped"], again["held"]) == (0, 2, 1)
    assert one(pg_url, "SELECT count(*) FROM import_issues") == ["1"]
    # afterwards, from psql as anna: bo's citizen and the held form stay out of sight
    anna = as_role(pg_url, "anna")
    assert one(anna, "SELECT cpr FROM citizens ORDER BY cpr") == ["0503811234", "1205901234"]
    assert one(anna, "SELECT count(*) FROM import_issues") == ["0"]
    assert one(anna, "SELECT form_id FROM forms ORDER BY form_id") == ["A-1", "A-2", "N-1"]
    code, out, err = run_cli(["import", "--rejected", "--db", anna], capsys)  # not "none"
    assert (code, out) == (1, "") and "kun en teamleder" in err and "anna" in err
    code, out, _ = run_cli(["import", "--rejected", "--json", "--db",
                            as_role(pg_url, "lena")], capsys)
    assert code == 0 and [i["form_id"] for i in json.loads(out)] == ["B-2"]


def test_the_lookups_answer_ids_only_past_pinned_search_paths_to_enrolled_roles(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    team(pg_url, capsys)
    functions = one(pg_url, "SELECT proname || ' ' || prosecdef || ' ' || "
                            "array_to_string(proconfig, ',') FROM pg_proc "
                            "WHERE proname LIKE 'caseload\\_import\\_%' ORDER BY proname")
    assert functions == [f"caseload_import_{name} true search_path=public, pg_temp"
                         for name in ("cases", "citizens", "contacts", "forms", "issues",
                                      "resolve")]
    psql(pg_url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eve') "
                 "THEN CREATE ROLE eve LOGIN; END IF; END $$")  # a login not enrolled
    for name, args in (("citizens", "text[]"), ("cases", "integer[]"),
                       ("resolve", "integer[], timestamp")):
        signature = f"caseload_import_{name}({args})"
        assert one(pg_url, f"SELECT has_function_privilege('eve', '{signature}', 'EXECUTE'),"
                           f" has_function_privilege('anna', '{signature}', 'EXECUTE')"
                   ) == ["f|t"], name
    assert one(pg_url, "SELECT has_function_privilege('anna', 'caseload_import_contacts(jsonb)',"
                       " 'EXECUTE'), has_function_privilege('importjob', "
                       "'caseload_import_contacts(jsonb)', 'EXECUTE')") == ["f|t"]
    columns = one(pg_url, "SELECT string_agg(a, ',') FROM (SELECT unnest(proargnames) a "
                          "FROM pg_proc WHERE proname = 'caseload_import_citizens') n")
    assert columns == ["cprs,cpr,id,birth_date"]  # never a name, an address, a form's text


def test_the_import_roles_migration_goes_down_and_up_again(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from caseload.pgurl import PostgresUrl
    from caseload.store.database import open_database
    from caseload.store.revision import HEAD
    from caseload.store.schema import upgrade

    team(pg_url, capsys)
    job = as_role(pg_url, "importjob")
    assert one(job, "SELECT caseload_me() IS NULL") == ["t"]  # nobody's caseworker
    engine = open_database(PostgresUrl(pg_url))
    try:
        downgrade(engine, "0009_read_logging")
        assert one(pg_url, "SELECT count(*) FROM pg_proc WHERE proname LIKE "
                           "'caseload\\_import\\_%' OR proname IN ('caseload_is_importer', "
                           "'caseload_case_unstarted', 'caseload_enrol_importer')") == ["0"]
        assert one(pg_url, "SELECT count(*) FROM pg_policies WHERE policyname = 'import'"
                   ) == ["0"]
        assert one(job, "SELECT caseload_me() IS NULL") == ["f"]  # as before 0010
        assert one(as_role(pg_url, "anna"), "SELECT has_table_privilege('import_issues', "
                                            "'INSERT')") == ["f"]
        assert upgrade(engine)[1] == HEAD
    finally:
        engine.dispose()
    assert one(pg_url, "SELECT count(*) FROM pg_policies WHERE policyname = 'import'"
               ) == ["5"]
    assert one(job, "SELECT caseload_me() IS NULL") == ["t"]


def test_the_import_account_updates_a_returning_citizen_but_never_a_hand_correction(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(pg_url, capsys)
    import_as(pg_url, "lena", write_jsonl(tmp_path / "1.jsonl", [
        good(form_id="A-1", cpr=ANNAS, first_absence_day="2026-06-01")]), capsys)
    psql(pg_url, "UPDATE cases SET status = 'closed'; UPDATE citizens SET phone = '1111', "
                 "edited_fields = 'phone'")  # closed; the phone corrected by hand
    code, summary = import_as(pg_url, "importjob", write_jsonl(tmp_path / "2.jsonl", [
        good(form_id="A-2", cpr=ANNAS, address="Ny Vej 2", phone="2222")]), capsys)
    assert (code, summary["new_cases"], summary["new_citizens"]) == (0, 1, 0)
    assert one(pg_url, "SELECT address, phone FROM citizens") == ["Ny Vej 2|1111"]
    assert assigned(pg_url) == ["0503811234:anna"] * 2
    job = as_role(pg_url, "importjob")
    assert one(job, "SELECT count(*) FROM citizens") == ["0"]
    # only the import account's group may write contact details past the policies
    assert "permission denied" in psql(as_role(pg_url, "anna"), "SELECT "
                                       "caseload_import_contacts('[]')", check=False).stderr
    assert one(pg_url, "SELECT pg_has_role('importjob', 'caseload_importer', 'MEMBER'), "
                       "pg_has_role('anna', 'caseload_importer', 'MEMBER')") == ["t|f"]


def test_a_role_settles_a_held_form_only_once_that_form_is_stored(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """From psql, around the tool: ``caseload_import_resolve`` leaves a conflict, and a hold
    whose form is not the stored one, open."""
    team(pg_url, capsys)
    import_as(pg_url, "lena", write_jsonl(tmp_path / "1.jsonl", [good(form_id="A-1",
                                                                      cpr=ANNAS)]), capsys)
    stored = one(pg_url, "SELECT content_hash FROM forms")[0]
    ids = one(pg_url, "INSERT INTO import_issues (kind, form_id, content_hash, source_file, "
                      "raw, reasons, created_at) VALUES "
                      f"('conflict', 'A-1', 'other', 'f', '{{}}', '[]', now()), "
                      f"('held', 'A-1', 'other', 'f', '{{}}', '[]', now()), "
                      f"('held', 'A-1', '{stored}', 'f', '{{}}', '[]', now()) RETURNING id")
    psql(as_role(pg_url, "anna"), f"SELECT caseload_import_resolve('{{{','.join(ids)}}}', "
                                  "now()::timestamp)")
    assert one(pg_url, "SELECT kind || ' ' || content_hash || ' ' || (resolved_at IS NULL) "
                       "FROM import_issues ORDER BY id") == [
        "conflict other true", "held other true", f"held {stored} false"]
