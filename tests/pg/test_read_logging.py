"""Every read of a citizen row is logged by the server (``0009_read_logging``), tested from
``psql`` as the caseworker's own role: the read leaves an audit entry she cannot change or
delete; what she may not see is neither shown nor logged; the tool's own reads (READ ONLY
transactions, which log themselves) are not logged twice."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.pg.conftest import PgTeam, psql

Cli = Callable[..., tuple[int, str, str]]


def rows(url: str, sql: str) -> list[str]:
    return [line for line in psql(url, sql).stdout.splitlines() if line]


def server_reads(team: PgTeam) -> list[str]:
    return rows(team.url, "SELECT actor || '|' || citizen_id FROM audit_log WHERE detail = "
                "'read in the database' ORDER BY id")


def test_a_read_from_psql_leaves_an_entry_she_cannot_change(pg_team: PgTeam) -> None:
    t = pg_team.team
    mine = t.citizens["anna-1"]
    anna = pg_team.url_as("anna")
    assert rows(anna, f"SELECT name FROM citizens WHERE id = {mine}") == ["Borger anna-1"]
    assert server_reads(pg_team) == [f"anna|{mine}"]
    # she sees the entry, as her own, and can neither change nor remove it
    assert rows(anna, "SELECT count(*) FROM audit_log WHERE citizen_id = "
                f"{mine} AND action = 'read'") == ["1"]
    for sql in ("UPDATE audit_log SET detail = 'nothing'", "DELETE FROM audit_log",
                "TRUNCATE audit_log"):
        done = psql(anna, sql, check=False)
        assert done.returncode != 0 and "permission denied" in done.stderr, sql
    assert server_reads(pg_team) == [f"anna|{mine}"]


def test_every_row_read_is_logged_and_hidden_rows_are_not(pg_team: PgTeam) -> None:
    t = pg_team.team
    assert len(rows(pg_team.url_as("anna"), "SELECT cpr FROM citizens")) == 3
    assert sorted(server_reads(pg_team)) == sorted(
        f"anna|{t.citizens[k]}" for k in ("anna-1", "anna-2", "nobody"))
    # a join reads citizen rows too
    rows(pg_team.url_as("bo"), "SELECT z.name FROM cases c JOIN citizens z ON z.id = "
         f"c.citizen_id WHERE c.id = {t.cases['bo-1']}")
    assert f"bo|{t.citizens['bo-1']}" in server_reads(pg_team)
    assert rows(pg_team.url_as("anna"), f"SELECT count(*) FROM citizens WHERE id = "
                f"{t.citizens['bo-1']}") == ["0"]
    assert f"anna|{t.citizens['bo-1']}" not in server_reads(pg_team)


def test_a_read_only_or_rolled_back_read_is_in_the_server_log(pg_team: PgTeam,
                                                             pg_server: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    t = pg_team.team
    for begin, end in (("BEGIN READ ONLY", "COMMIT"), ("BEGIN", "ROLLBACK")):
        done = psql(pg_team.url_as("anna"), f"SET client_min_messages = log; {begin}; SELECT "
                    f"name FROM citizens WHERE id = {t.citizens['anna-2']}; {end};")
        assert f"caseload: anna read citizen {t.citizens['anna-2']}" in done.stderr
    assert server_reads(pg_team) == []  # no entry in the table: the server's log has it
    # the cluster of tests/pg/cluster.sh logs to server.log beside its socket
    log = f"{conninfo_to_dict(pg_server)['host']}/server.log"
    assert rows(pg_team.url, f"SELECT pg_read_file('{log}') LIKE "
                f"'%caseload: anna read citizen {t.citizens['anna-2']}%'") == ["t"]
    assert rows(pg_team.url_as("anna"), "SELECT setting FROM pg_settings WHERE name = "
                "'log_min_messages'") == ["warning"]  # LOG is above it; only a superuser
    done = psql(pg_team.url_as("anna"), "SET log_min_messages = panic", check=False)
    assert done.returncode != 0 and "permission denied" in done.stderr


def test_the_tools_own_reads_are_not_logged_twice(cli: Cli, pg_team: PgTeam,
                                                  monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, _, err = cli("anna", "digest", "--today", "2026-09-30", "--db", pg_team.url_as("anna"))
    assert code == 0, err
    assert server_reads(pg_team) == []


def test_the_cost_of_logging_a_read(pg_team: PgTeam) -> None:
    """One call per row: reading 2,000 citizens (an INSERT each) stays well under a second."""
    psql(pg_team.url, "INSERT INTO citizens (cpr, name, birth_date, edited_fields, created_at,"
         " updated_at) SELECT lpad(g::text, 10, '0'), 'Borger ' || g, '1982-03-15', '', now(),"
         " now() FROM generate_series(1, 2000) g")
    lead = pg_team.url_as("lena")
    started = time.perf_counter()
    assert rows(lead, "SELECT count(*) FROM citizens") == ["2005"]
    assert time.perf_counter() - started < 3.0
    assert rows(pg_team.url, "SELECT count(*) FROM audit_log WHERE detail = "
                "'read in the database'") == ["2005"]
