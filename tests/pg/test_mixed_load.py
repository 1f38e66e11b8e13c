"""The team at work on one PostgreSQL database at once, each process as its own database role
(row-level security applies): two caseworkers (two processes each) and a lead booking and
marking interviews (the lead on the caseworkers' cases), and the app's screens read beside
them. No update may be lost, no error may reach anyone (the mixed load of
``tests/access/test_concurrency.py`` on the second engine; its morning import and quick
checks join when ``import`` and ``overdue`` run on PostgreSQL)."""

from __future__ import annotations

import multiprocessing

import pytest

from tests.access.load_worker import caseworker, screen_reads
from tests.access.test_concurrency import PRELOAD, SECONDS
from tests.intake import SETUP
from tests.pg.conftest import PgTeam, psql


def versions(team: PgTeam) -> dict[int, int]:
    out = psql(team.url, "SELECT id || '|' || version FROM cases").stdout.split()
    return {int(i): int(v) for i, v in (line.split("|") for line in out)}


@pytest.mark.slow
def test_a_team_at_work_as_their_roles_loses_nothing(pg_team: PgTeam) -> None:
    t = pg_team.team
    before = versions(pg_team)
    anna = [t.cases["anna-1"], t.cases["anna-2"]]
    bo = [t.cases["bo-1"], t.cases["bo-2"]]
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    plan = [(caseworker, "anna", (anna, 0)), (caseworker, "anna", (anna[::-1], 1)),
            (caseworker, "bo", (bo, 2)), (caseworker, "bo", (bo[::-1], 3)),
            (caseworker, "lena", (anna + bo, 4)),
            (screen_reads, "anna", []), (screen_reads, "lena", ["--all"])]
    barrier, results = ctx.Barrier(len(plan)), ctx.Queue()
    workers = [ctx.Process(target=job, args=(pg_team.url_as(login), login, arg, SECONDS,
                                             barrier, results))
               for job, login, arg in plan]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=90) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    errors = [e for r in reports for e in r[3]]
    assert errors == []
    changed: dict[int, int] = {}
    for kind, _login, counts, _ in reports:
        if kind == "caseworker":
            for case_id, n in counts.items():
                changed[case_id] = changed.get(case_id, 0) + n
    after = versions(pg_team)
    for case_id in anna + bo:
        assert after[case_id] - before[case_id] == changed[case_id]  # no lost update
    assert sum(changed.values()) >= 12
    assert min(r[2] for r in reports if r[0] == "screens") >= 2
    interviews = int(psql(pg_team.url, "SELECT count(*) FROM interviews").stdout)
    assert interviews == sum(changed.values()) // 2  # each booked once, marked once
    # each change by its own role, in the audit log
    logged = psql(pg_team.url, "SELECT actor, count(*) FROM audit_log WHERE action IN "
                  "('create', 'change') AND detail NOT LIKE 'note%' AND actor <> "
                  f"'{SETUP}' GROUP BY actor ORDER BY actor").stdout.split()
    assert [line.split("|")[0] for line in logged] == ["anna", "bo", "lena"]
