"""The tool on PostgreSQL through SQLAlchemy: ``caseload init`` and ``caseload team add``,
the services as a caseworker's own role (so under the row-level security), and the commands
that work on SQLite only saying so in one line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel, select

from caseload.pgurl import PostgresUrl
from tests.pg.conftest import PgTeam, as_role, psql

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def engine_as() -> Iterator[Callable[[PgTeam, str], Engine]]:
    from caseload.services.db import open_database

    engines: list[Engine] = []

    def make(team: PgTeam, login: str) -> Engine:
        engines.append(open_database(PostgresUrl(team.url_as(login))))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


def members_of(url: str, group: str) -> set[str]:
    out = psql(url, "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
               f" JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = '{group}'").stdout
    return set(out.split())


def test_init_creates_schema_roles_and_policies(cli: Cli, pg_url: str) -> None:
    from caseload.store.revision import HEAD

    code, _, err = cli("root", "init", "--db", pg_url)
    assert code == 0, err
    assert f"(skema {HEAD})" in err and "kataloget over tilbud: 19 nye" in err
    assert psql(pg_url, "SELECT version_num FROM alembic_version").stdout.split() == [HEAD]
    assert psql(pg_url, "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE "
                "'caseload\\_%' ORDER BY 1").stdout.split() == [
        "caseload_caseworker|f", "caseload_importer|f", "caseload_team_lead|f"]
    protected = set(psql(pg_url, "SELECT relname FROM pg_class WHERE relrowsecurity"
                         ).stdout.split())
    import caseload.models  # noqa: F401  (every table)

    holding = {name for name, table in SQLModel.metadata.tables.items()
               if name in ("citizens", "cases", "audit_log", "import_issues")
               or {"citizen_id", "case_id", "plan_id"} & set(table.columns.keys())}
    assert holding <= protected, f"no row-level security on {sorted(holding - protected)}"
    code, _, err = cli("root", "init", "--db", pg_url)
    assert code == 0 and "er opdateret" in err


def test_init_by_a_role_that_does_not_own_the_database_is_one_line(
        cli: Cli, pg_url: str) -> None:
    psql(pg_url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dora') "
         "THEN CREATE ROLE dora LOGIN; END IF; END $$")
    code, _, err = cli("dora", "init", "--db", as_role(pg_url, "dora"))
    assert code == 1 and err.count("\n") == 1
    assert "permission denied for schema public" in err and "database's owner" in err
    assert psql(pg_url, "SELECT to_regclass('alembic_version') IS NULL").stdout.split() == ["t"]


def test_a_second_database_on_the_same_server(cli: Cli, pg_url: str, pg_server: str) -> None:
    from tests.pg.conftest import admin, database_url

    assert cli("root", "init", "--db", pg_url)[0] == 0
    admin(pg_server, 'DROP DATABASE IF EXISTS "caseload_t_second"')
    admin(pg_server, 'CREATE DATABASE "caseload_t_second"')
    try:
        code, _, err = cli("root", "init", "--db", database_url(pg_server, "caseload_t_second"))
        assert code == 0, err
    finally:
        admin(pg_server, 'DROP DATABASE "caseload_t_second" WITH (FORCE)')


def test_team_add_creates_the_login_role_in_its_group(cli: Cli, pg_url: str) -> None:
    assert cli("root", "init", "--db", pg_url)[0] == 0
    psql(pg_url, "DROP ROLE IF EXISTS carl")
    code, out, err = cli("root", "team", "add", "carl", "--name", "Carl", "--db", pg_url)
    assert code == 0, err
    assert psql(pg_url, "SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = 'carl'"
                ).stdout.split() == ["t|f"]
    assert "carl" in members_of(pg_url, "caseload_caseworker")
    assert "carl" not in members_of(pg_url, "caseload_team_lead")
    code, _, err = cli("root", "team", "set", "carl", "--role", "team_lead", "--db", pg_url)
    assert code == 0, err
    assert "carl" in members_of(pg_url, "caseload_team_lead")
    assert "carl" not in members_of(pg_url, "caseload_caseworker")
    code, _, err = cli("root", "team", "add", "Carl.Big", "--name", "C", "--db", pg_url)
    assert code == 1 and err.count("\n") == 1 and "lower-case login names only" in err
    code, out, _ = cli("root", "team", "list", "--json", "--db", pg_url)
    assert [m["login"] for m in json.loads(out)] == ["carl", "root"]  # nothing half-added


def test_a_lead_adds_a_caseworker_as_her_own_role(cli: Cli, pg_team: PgTeam) -> None:
    """No right to create roles: caseload_enrol() does it for team leads."""
    psql(pg_team.url, "DROP ROLE IF EXISTS dan")
    assert psql(pg_team.url, "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'lena'"
                ).stdout.split() == ["f"]
    code, _, err = cli("lena", "team", "add", "dan", "--name", "Dan", "--db",
                       pg_team.url_as("lena"))
    assert code == 0, err
    assert "dan" in members_of(pg_team.url, "caseload_caseworker")
    code, _, err = cli("anna", "team", "add", "eric", "--name", "Eric", "--db",
                       pg_team.url_as("anna"))
    assert code == 1 and "for team leads" in err
    assert "permission denied" in psql(pg_team.url_as("anna"), "SELECT caseload_enrol('eric', "
                                       "true)", check=False).stderr


def test_the_actor_is_the_servers_role_not_the_os_login(cli: Cli, pg_team: PgTeam) -> None:
    """Running as OS login 'lena' but connected as anna's role: the tool works as anna."""
    code, _, err = cli("lena", "team", "list", "--db", pg_team.url_as("anna"))
    assert code == 1 and "'caseload team list' is for team leads" in err
    code, out, _ = cli("lena", "team", "unassigned", "--json", "--db", pg_team.url_as("anna"))
    assert code == 0 and [r["case_id"] for r in json.loads(out)] == [
        pg_team.team.cases["nobody"]]
    actors = psql(pg_team.url, "SELECT actor FROM audit_log WHERE action IN ('refused', 'search')"
                  " ORDER BY id").stdout.split()
    assert actors == ["anna", "anna"]


def test_take_over_and_reassign_under_the_policies(cli: Cli, pg_team: PgTeam) -> None:
    t = pg_team.team
    nobody, bos = t.cases["nobody"], t.cases["bo-1"]
    code, _, err = cli("anna", "team", "take", nobody, "--db", pg_team.url_as("anna"))
    assert code == 0, err
    code, _, err = cli("anna", "team", "take", bos, "--db", pg_team.url_as("anna"))
    assert code == 1 and err == f"caseload: no case {bos}\n"  # not there for her at all
    code, _, err = cli("lena", "team", "reassign", nobody, "bo", "--db", pg_team.url_as("lena"))
    assert code == 0, err
    assert psql(pg_team.url, f"SELECT c.id, w.login FROM cases c JOIN caseworkers w ON "
                f"w.id = c.caseworker_id WHERE c.id IN ({nobody}, {bos}) ORDER BY c.id"
                ).stdout.split() == sorted([f"{nobody}|bo", f"{bos}|bo"])


def test_services_as_a_caseworker_book_hold_and_note(pg_team: PgTeam, engine_as) -> None:
    from caseload.errors import NotFound
    from caseload.models import Interview, Note
    from caseload.services.access import resolve_actor
    from caseload.services.interviews import book_interview, mark_interview
    from caseload.services.notes import verify_notes, write_note
    from caseload.store.uow import read_session, write_session

    engine = engine_as(pg_team, "anna")
    case = pg_team.team.cases["anna-1"]
    at = datetime(2026, 9, 21, 10, 0)
    with write_session(engine) as session:
        actor = resolve_actor(session, "anna")
        interview = book_interview(session, case, kind="follow_up", mode="in_person", at=at,
                                   actor=actor, today=at.date())
    with write_session(engine) as session:
        mark_interview(session, interview.id, "held", held_at=at, actor=actor)
        write_note(session, case_id=case, interview_id=interview.id, author="anna",
                   body="Samtale holdt.", actor=actor)
    with read_session(engine) as session:
        stored = session.get(Interview, interview.id)
        assert (stored.status, stored.held_at) == ("held", at)
        notes = session.exec(select(Note).where(Note.case_id == case))
        assert [n.body.rstrip("\n") for n in notes] == ["Samtale holdt."]
    # bo's case is not there for her at all
    with pytest.raises(NotFound), write_session(engine) as session:
        book_interview(session, pg_team.team.cases["bo-1"], kind="follow_up",
                       mode="in_person", at=at, actor=actor)
    lead = engine_as(pg_team, "lena")
    with read_session(lead) as session:
        assert verify_notes(session) == []  # the chain runs on through bo's earlier note
        assert session.execute(text("SELECT count(*) FROM interviews")).scalar() == 1


def test_export_notes_as_the_caseworker(cli: Cli, pg_team: PgTeam, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = cli("bo", "export", "notes", "--format", "md", "--out", out,
                            "--db", pg_team.url_as("bo"))
    assert code == 0, err
    assert len(list(out.iterdir())) == 1
    assert psql(pg_team.url, "SELECT exported_by FROM notes").stdout.split() == ["bo"]
    code, _, err = cli("anna", "export", "notes", "--format", "md", "--out", tmp_path / "a",
                       "--db", pg_team.url_as("anna"))
    assert code == 0 and "intet at eksportere" in err


def test_notes_verify_is_for_those_who_see_every_note(cli: Cli, pg_team: PgTeam) -> None:
    code, out, err = cli("bo", "notes", "verify", "--db", pg_team.url_as("bo"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "a team lead runs 'caseload notes verify'" in err
    for url in (pg_team.url_as("lena"), pg_team.url):
        code, out, err = cli("lena", "notes", "verify", "--db", url)
        assert (code, out) == (0, "OK: notaternes hashkæde er intakt\n"), err


def test_audit_prune_as_the_lead(cli: Cli, pg_team: PgTeam) -> None:
    old = (datetime.now() - timedelta(days=4000)).isoformat()
    psql(pg_team.url, f"INSERT INTO audit_log (at, actor, action) VALUES ('{old}', 'bo', 'read')")
    code, _, err = cli("lena", "audit", "--prune", "--db", pg_team.url_as("lena"))
    assert code == 0, err
    assert psql(pg_team.url, f"SELECT count(*) FROM audit_log WHERE at = '{old}'"
                ).stdout.split() == ["0"]
    code, _, err = cli("anna", "audit", "--prune", "--db", pg_team.url_as("anna"))
    assert code == 1 and "for team leads" in err


@pytest.mark.parametrize(("argv", "says"), [
    (["backup", "x.db"], "pg_dump --format=custom"),
    (["restore", "x.db"], "pg_restore"),
])
def test_sqlite_only_commands_refuse_in_one_line(cli: Cli, pg_url: str, argv: list[str],
                                                 says: str, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, err = cli("root", *argv, "--db", pg_url)
    assert code == 1 and out == ""
    assert says in err and err.count("\n") == 1, err


def test_the_refusals_are_danish_by_default(cli: Cli, pg_url: str, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("CASELOAD_LANG", raising=False)
    monkeypatch.delenv("LANG", raising=False)
    code, _, err = cli("root", "backup", "x.db", "--db", pg_url)
    assert code == 1 and "er PostgreSQL: tag backup med serverens eget værktøj" in err
    assert "pg_dump --format=custom" in err


def test_a_server_that_does_not_answer_is_one_line(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("root", "team", "list", "--db", f"postgresql:///x?host={tmp_path}")
    assert code == 1 and err.startswith("caseload: cannot connect to postgresql:///x")
    assert err.count("\n") == 1


def test_as_role_helper_targets_the_role(pg_url: str) -> None:
    assert psql(as_role(pg_url, "caseload_caseworker"), "SELECT current_user"
                ).stdout.split() == ["caseload_caseworker"]


def test_the_security_migration_goes_down_and_up_again(pg_url: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from caseload.services.db import init_database
    from caseload.store.revision import HEAD
    from caseload.store.schema import alembic_config, upgrade

    engine, _, _ = init_database(PostgresUrl(pg_url))
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            below = ScriptDirectory.from_config(config).get_revision(
                "0007_postgres_security").down_revision
            command.downgrade(config, below)
        assert psql(pg_url, "SELECT count(*) FROM pg_policies").stdout.split() == ["0"]
        assert psql(pg_url, "SELECT count(*) FROM pg_class WHERE relrowsecurity"
                    ).stdout.split() == ["0"]
        assert psql(pg_url, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'caseload\\_%'"
                    ).stdout.split() == ["0"]
        assert upgrade(engine)[1] == HEAD
        assert int(psql(pg_url, "SELECT count(*) FROM pg_policies").stdout) > 30
    finally:
        engine.dispose()
