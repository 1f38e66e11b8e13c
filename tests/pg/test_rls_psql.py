"""Row-level security and grants, tested from ``psql`` as the caseworker's own database role,
around the tool: what another caseworker's citizen, note or form shows, what an update of
it changes, and what the audit log allows."""

from __future__ import annotations

from tests.pg.conftest import PgTeam, psql


def rows(team: PgTeam, login: str, sql: str) -> list[str]:
    out = psql(team.url_as(login), sql).stdout
    return [line for line in out.splitlines() if line]


def refused(team: PgTeam, login: str, sql: str) -> str:
    done = psql(team.url_as(login), sql, check=False)
    assert done.returncode != 0, f"{login} was allowed: {sql}"
    return done.stderr


def test_psql_runs_as_the_caseworkers_role(pg_team: PgTeam) -> None:
    assert rows(pg_team, "anna", "SELECT current_user") == ["anna"]
    assert rows(pg_team, "anna", "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                ) == ["f"]


def test_a_caseworker_sees_only_her_citizens_and_the_unassigned(pg_team: PgTeam) -> None:
    assert rows(pg_team, "anna", "SELECT name FROM citizens ORDER BY name") == [
        "Borger anna-1", "Borger anna-2", "Borger nobody"]
    t = pg_team.team
    assert rows(pg_team, "anna", "SELECT id FROM cases ORDER BY id") == sorted(
        str(t.cases[k]) for k in ("anna-1", "anna-2", "nobody"))
    bo = t.citizens["bo-1"]
    assert rows(pg_team, "anna", f"SELECT count(*) FROM citizens WHERE id = {bo}") == ["0"]
    assert rows(pg_team, "anna", "SELECT count(*) FROM obligations WHERE case_id = "
                f"{t.cases['bo-1']}") == ["0"]
    assert int(rows(pg_team, "bo", "SELECT count(*) FROM obligations WHERE case_id = "
                    f"{t.cases['bo-1']}")[0]) > 0


def test_another_caseworkers_note_and_form_are_invisible(pg_team: PgTeam) -> None:
    for table, row_id in (("notes", pg_team.note_id), ("forms", pg_team.form_id)):
        assert rows(pg_team, "anna", f"SELECT count(*) FROM {table} WHERE id = {row_id}"
                    ) == ["0"], table
        assert rows(pg_team, "bo", f"SELECT count(*) FROM {table} WHERE id = {row_id}"
                    ) == ["1"], table


def test_an_update_of_another_caseworkers_rows_changes_nothing(pg_team: PgTeam) -> None:
    t = pg_team.team
    for table, row_id, assignment in (
            ("citizens", t.citizens["bo-1"], "name = 'changed'"),
            ("cases", t.cases["bo-1"], f"caseworker_id = {t.workers['anna']}"),
            ("forms", pg_team.form_id, "raw = '{}'"),
            ("notes", pg_team.note_id, "exported_by = 'anna'")):
        assert rows(pg_team, "anna", f"WITH u AS (UPDATE {table} SET {assignment} "
                    f"WHERE id = {row_id} RETURNING 1) SELECT count(*) FROM u") == ["0"], table
    assert rows(pg_team, "lena", f"SELECT name FROM citizens WHERE id = {t.citizens['bo-1']}"
                ) == ["Borger bo-1"]
    assert rows(pg_team, "lena", f"SELECT caseworker_id FROM cases WHERE id = {t.cases['bo-1']}"
                ) == [str(t.workers["bo"])]


def test_a_caseworker_takes_over_an_unassigned_case_but_gives_none_away(
        pg_team: PgTeam) -> None:
    t = pg_team.team
    assert "row-level security" in refused(
        pg_team, "anna", f"UPDATE cases SET caseworker_id = {t.workers['bo']} "
        f"WHERE id = {t.cases['anna-1']}")
    assert "row-level security" in refused(
        pg_team, "anna", f"UPDATE cases SET caseworker_id = {t.workers['bo']} "
        f"WHERE id = {t.cases['nobody']}")
    assert rows(pg_team, "anna", f"WITH u AS (UPDATE cases SET caseworker_id = "
                f"{t.workers['anna']} WHERE id = {t.cases['nobody']} RETURNING 1) "
                "SELECT count(*) FROM u") == ["1"]
    assert rows(pg_team, "bo", "SELECT count(*) FROM citizens WHERE name = 'Borger nobody'"
                ) == ["0"]


def test_notes_are_append_only_by_grant(pg_team: PgTeam) -> None:
    case = pg_team.team.cases["bo-1"]
    assert "permission denied" in refused(pg_team, "bo", f"UPDATE notes SET body = 'rewritten' "
                                          f"WHERE id = {pg_team.note_id}")
    assert "permission denied" in refused(pg_team, "bo", "DELETE FROM notes")
    assert "permission denied" in refused(pg_team, "lena", "DELETE FROM notes")
    assert rows(pg_team, "lena", f"SELECT body FROM notes WHERE case_id = {case}") == [
        "Bo's note on his citizen"]


def test_the_audit_log_is_append_only_and_each_reads_their_own(pg_team: PgTeam) -> None:
    for login in ("anna", "bo"):
        psql(pg_team.url_as(login), "INSERT INTO audit_log (at, actor, action, detail) "
             f"VALUES (now(), '{login}', 'read', 'by psql')")
    assert "permission denied" in refused(pg_team, "anna", "DELETE FROM audit_log")
    assert "permission denied" in refused(pg_team, "anna",
                                          "UPDATE audit_log SET detail = 'rewritten'")
    assert "row-level security" in refused(
        pg_team, "anna", "INSERT INTO audit_log (at, actor, action) VALUES (now(), 'bo', 'read')")
    assert rows(pg_team, "anna", "SELECT DISTINCT actor FROM audit_log") == ["anna"]
    assert set(rows(pg_team, "lena", "SELECT DISTINCT actor FROM audit_log")) >= {"anna", "bo"}
    # a lead prunes only entries older than a day
    assert rows(pg_team, "lena", "WITH d AS (DELETE FROM audit_log RETURNING 1) "
                "SELECT count(*) FROM d") == ["0"]


def test_a_lead_sees_the_whole_team(pg_team: PgTeam) -> None:
    assert rows(pg_team, "lena", "SELECT count(*) FROM citizens") == ["5"]
    assert rows(pg_team, "lena", "SELECT count(*) FROM cases") == ["5"]
    assert rows(pg_team, "lena", f"SELECT count(*) FROM notes WHERE id = {pg_team.note_id}"
                ) == ["1"]
    assert rows(pg_team, "lena", f"SELECT count(*) FROM forms WHERE id = {pg_team.form_id}"
                ) == ["1"]


def test_a_deactivated_caseworker_and_a_stranger_see_nothing(pg_team: PgTeam) -> None:
    psql(pg_team.url, "UPDATE caseworkers SET active = false WHERE login = 'bo'")
    assert rows(pg_team, "bo", "SELECT count(*) FROM citizens") == ["0"]
    assert rows(pg_team, "bo", "SELECT count(*) FROM cases") == ["0"]
    psql(pg_team.url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eve') "
         "THEN CREATE ROLE eve LOGIN; END IF; END $$")
    assert "permission denied" in refused(pg_team, "eve", "SELECT count(*) FROM public.citizens")


def test_a_lead_of_another_teams_database_is_no_lead_here(pg_team: PgTeam) -> None:
    """The group roles are the server's: olga leads elsewhere, here she is nobody."""
    psql(pg_team.url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'olga') "
         "THEN CREATE ROLE olga LOGIN; END IF; END $$; GRANT caseload_team_lead TO olga; "
         "INSERT INTO import_issues (kind, source_file, raw, reasons, created_at) "
         "VALUES ('rejected', 'f.csv', 'secret form', '[]', now())")
    assert rows(pg_team, "olga", "SELECT count(*) FROM import_issues") == ["0"]
    assert rows(pg_team, "lena", "SELECT count(*) FROM import_issues") == ["1"]
    assert rows(pg_team, "olga", "SELECT count(*) FROM citizens") == ["0"]
    assert "row-level security" in refused(
        pg_team, "olga", "INSERT INTO caseworkers (login, name, role, active) "
        "VALUES ('olga', 'Olga', 'team_lead', true)")
    assert rows(pg_team, "olga", "WITH u AS (UPDATE meta SET value = 'x' RETURNING 1) "
                "SELECT count(*) FROM u") == ["0"]


def test_peer_authentication_refuses_claiming_another_role(pg_team: PgTeam) -> None:
    done = psql(f"{pg_team.url}&user=anna", "SELECT current_user", check=False)
    assert done.returncode != 0
    assert 'Peer authentication failed for user "anna"' in done.stderr
