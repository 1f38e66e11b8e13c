"""The app, the trial's report and the weekly digest on PostgreSQL, as the caseworker's own
database role (row-level security applies): she sees her own cases only, and what she
records is stored in the server."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from textual.widgets import Input, Select

from caseload.pgurl import PostgresUrl
from caseload.screens.case_actions import CategoryDialog
from caseload.screens.citizen import CitizenScreen
from caseload.widgets.tables import StyledTable
from tests.pg.conftest import PgTeam, psql
from tests.tui.helpers import make_app, settle, until
from tests.tui.sample import TODAY

Cli = Callable[..., tuple[int, str, str]]


def table_text(table: StyledTable) -> str:
    return " ".join(str(c) for r in range(table.row_count) for c in table.get_row_at(r))


async def test_the_app_as_the_caseworkers_role(pg_team: PgTeam) -> None:
    t = pg_team.team
    app = make_app(PostgresUrl(pg_team.url_as("anna")), start="caseload", login="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = table_text(app.screen.query_one("#cases", StyledTable))
        assert "Borger anna-1" in listed and "Borger anna-2" in listed
        assert "Borger bo" not in listed
        app.open_citizen(t.cases["anna-1"])
        await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
        await settle(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))
        app.screen.query_one("#case-category", Select).value = "2"
        app.screen.query_one("#case-reason", Input).value = "Forventes rask inden 8 uger"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenScreen)
    app.ctx.close()
    case = t.cases["anna-1"]
    assert psql(pg_team.url, f"SELECT category FROM cases WHERE id = {case}").stdout.split() == [
        "2"]
    assert psql(pg_team.url, "SELECT changed_by || '|' || changed_on FROM category_changes "
                f"WHERE case_id = {case}").stdout.split() == [f"anna|{TODAY.isoformat()}"]
    logged = psql(pg_team.url, "SELECT actor || '|' || action || '|' || coalesce(case_id, 0) "
                  "FROM audit_log ORDER BY id").stdout.split()
    assert "anna|search|0" in logged  # the app opened, and the list read
    assert f"anna|read|{case}" in logged and f"anna|change|{case}" in logged


async def test_the_app_refuses_another_caseworkers_case(pg_team: PgTeam) -> None:
    app = make_app(PostgresUrl(pg_team.url_as("anna")), start="caseload", login="anna")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_citizen(pg_team.team.cases["bo-1"])  # as a palette jump would
        await settle(pilot)
        assert isinstance(app.screen, CitizenScreen) and not app.screen.loaded
        assert "Borger bo" not in str(app.screen.query_one("#citizen-summary").render())
    app.ctx.close()
    assert psql(pg_team.url, "SELECT count(*) FROM audit_log WHERE actor = 'anna' AND "
                f"citizen_id = {pg_team.team.citizens['bo-1']} AND action = 'read'"
                ).stdout.split() == ["0"]


def test_the_app_opens_on_postgres_from_the_cli(cli: Cli, pg_team: PgTeam, monkeypatch) -> None:  # noqa: ANN001
    from caseload.app import EXIT_AFTER_FIRST_PAINT

    monkeypatch.setenv(EXIT_AFTER_FIRST_PAINT, "1")
    code, _, err = cli("bo", "--db", pg_team.url_as("bo"))
    assert code == 0, err
    assert psql(pg_team.url, "SELECT count(*) FROM audit_log WHERE actor = 'bo' AND detail "
                "LIKE 'app opened%'").stdout.split() == ["1"]


@pytest.mark.parametrize(("login", "extra", "quiet"), [
    ("anna", (), ("anna-1", "anna-2")),
    ("bo", (), ("bo-1", "bo-2")),
    ("lena", ("--all",), ("anna-1", "anna-2", "bo-1", "bo-2")),
])
def test_the_digest_shows_what_the_role_may_see(cli: Cli, pg_team: PgTeam, login: str,
                                                extra: tuple[str, ...], quiet: tuple[str, ...],
                                                monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, err = cli(login, "digest", "--json", "--today", "2026-09-30", *extra,
                         "--db", pg_team.url_as(login))
    assert code == 0, err
    found = {q["case_id"] for w in json.loads(out)["caseworkers"] for q in w["quiet"]}
    assert found == {pg_team.team.cases[k] for k in quiet}
    code, out, err = cli(login, "digest", "--today", "2026-09-30", *extra,
                         "--db", pg_team.url_as(login))
    assert code == 0 and out.startswith("Weekly digest for"), err


def test_the_report_counts_the_roles_cases(cli: Cli, pg_team: PgTeam, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    counts = {}
    for login, extra in (("anna", ()), ("lena", ("--all",))):
        code, out, err = cli(login, "report", "--json", "--since", "2026-09-01", *extra,
                             "--db", pg_team.url_as(login))
        assert code == 0, err
        data = json.loads(out)
        counts[login] = (data["scope"], data["groups"]["participant"]["cases"],
                         data["groups"]["control"]["cases"])
    assert counts["anna"][0] == "anna"
    assert counts["lena"][0] != "anna"
    code, out, err = cli("anna", "report", "--since", "2026-09-01", "--db",
                         pg_team.url_as("anna"))
    assert code == 0 and out, err
    code, _, err = cli("anna", "report", "--all", "--db", pg_team.url_as("anna"))
    assert code == 1 and "team lead" in err


def test_the_demo_is_built_in_a_database_and_rebuilt_only_there(
        cli: Cli, pg_url: str, pg_team: PgTeam, monkeypatch) -> None:  # noqa: ANN001
    from caseload.app import EXIT_AFTER_FIRST_PAINT

    monkeypatch.setenv("CASELOAD_LANG", "en")
    argv = ("demo", "--no-open", "--cases", "12", "--today", "2026-11-04", "--db", pg_url)
    code, _, err = cli("root", *argv)
    assert code == 0 and "built in" in err, err
    opened = int(psql(pg_url, "SELECT count(*) FROM cases WHERE status = 'open'").stdout)
    assert opened == 12
    assert psql(pg_url, "SELECT role FROM caseworkers WHERE login = 'root'").stdout.split() == [
        "team_lead"]
    code, _, err = cli("root", *argv)  # the same demo: used as it is
    assert code == 0 and "using the demo database" in err, err
    code, _, err = cli("root", *argv[:-2], "--seed", "2", "--db", pg_url)  # another: rebuilt
    assert code == 0 and "built in" in err, err
    assert int(psql(pg_url, "SELECT count(*) FROM cases WHERE status = 'open'").stdout) == 12
    # the app opens on it, and new rows take ids after the generated ones
    monkeypatch.setenv(EXIT_AFTER_FIRST_PAINT, "1")
    code, _, err = cli("root", *argv[:-2], "--seed", "2", "--db", pg_url)
    assert code == 0 and "using the demo database" in err, err
    code, _, err = cli("root", "team", "add", "ditte", "--name", "Ditte", "--db", pg_url)
    assert code == 0, err
    # a real database is never replaced
    code, _, err = cli("root", "demo", "--no-open", "--db", pg_team.url)
    assert code == 1 and "is not a demo database" in err
    assert psql(pg_team.url, "SELECT count(*) FROM cases").stdout.split() == ["5"]
