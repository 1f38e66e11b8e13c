"""A team at work on one database at once, for a bounded time: the morning import, two
caseworkers (two processes each) and a lead booking and marking interviews (the lead on the
same cases as the caseworkers), and quick checks. No update may be lost, no "database is
locked" may reach anyone, and the file must be intact afterwards."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

from caseload import identity
from tests.access.conftest import Team, audit_rows

from .load_worker import caseworker, quick_check

SECONDS = 4.0  # each worker's working time once all have started
FORMS = 600
PRELOAD = ["sqlalchemy", "sqlmodel", "caseload.models", "caseload.store.uow",
           "caseload.store.database", "caseload.services.interviews", "caseload.cli"]


def forms_file(path: Path) -> Path:
    """``FORMS`` valid information forms of new citizens (distinct CPR numbers)."""
    from tests.importer.conftest import good

    forms = []
    for n in range(FORMS):
        day, month, year = n % 28 + 1, n // 28 % 12 + 1, 60 + n // 336
        cpr = f"{day:02d}{month:02d}{year:02d}-{4000 + n:04d}"
        forms.append(good(form_id=f"OS-LOAD-{n:05d}", cpr=cpr, name=f"Borger {n}"))
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in forms), "utf-8")
    return path


def versions(db: Path) -> dict[int, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT id, version FROM cases"))
    finally:
        conn.close()


def test_a_team_at_work_loses_nothing(team: Team, tmp_path: Path) -> None:
    from caseload.services.caseworkers import add_caseworker
    from caseload.store.uow import write_session

    with write_session(team.engine) as session:  # whoever runs the import is on the team
        add_caseworker(session, login=identity.current_login(), name="Import",
                       role="team_lead")
    team.engine.dispose()
    forms = forms_file(tmp_path / "forms.jsonl")
    before = versions(team.db)
    anna = [team.cases["anna-1"], team.cases["anna-2"]]
    bo = [team.cases["bo-1"], team.cases["bo-2"]]
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    # Each caseworker process books in its own stretch of the calendar (the calendar
    # refuses a slot already taken): (cases, lane).
    plan = [(caseworker, "anna", (anna, 0)), (caseworker, "anna", (anna[::-1], 1)),
            (caseworker, "bo", (bo, 2)), (caseworker, "bo", (bo[::-1], 3)),
            (caseworker, "lena", (anna + bo, 4)),
            (quick_check, "anna", []), (quick_check, "lena", ["--all"])]
    barrier, results = ctx.Barrier(len(plan) + 1), ctx.Queue()
    workers = [ctx.Process(target=job, args=(str(team.db), login, arg, SECONDS, barrier,
                                             results))
               for job, login, arg in plan]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=60)  # everyone is ready: the import starts with them
    importer = subprocess.run(
        [sys.executable, "-m", "caseload", "import", str(forms), "--db", str(team.db),
         "--today", "2026-11-23", "--json"], capture_output=True, text=True, timeout=120)
    reports = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert len(workers) + 1 >= 8  # processes at once

    assert importer.returncode == 0, importer.stderr
    summary = json.loads(importer.stdout)
    assert "locked" not in importer.stderr
    errors = [e for r in reports for e in r[3]]
    assert errors == []  # no refusal, no "database is locked", nothing
    changed: dict[int, int] = {}
    for kind, _login, counts, _ in reports:
        if kind == "caseworker":
            for case_id, n in counts.items():
                changed[case_id] = changed.get(case_id, 0) + n
    after = versions(team.db)
    for case_id in anna + bo:
        assert after[case_id] - before[case_id] == changed[case_id]  # no lost update
    # real work was done at once (a floor a loaded 2-core machine reaches: 20-40 changes seen at
    # load 7, 120+ when idle; the claim is 'no lost update', not throughput)
    assert sum(changed.values()) >= 12
    quick_runs = [r[2] for r in reports if r[0] == "quick"]
    print(f"changes {sum(changed.values())}, quick checks {quick_runs}, import {summary}")
    assert min(quick_runs) >= 2  # each quick check ran while the writers worked

    conn = sqlite3.connect(team.db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        interviews = conn.execute("SELECT count(*) FROM interviews").fetchone()[0]
        new_citizens = conn.execute("SELECT count(*) FROM citizens").fetchone()[0] - 5
    finally:
        conn.close()
    assert interviews == sum(changed.values()) // 2  # each booked once, marked once
    assert new_citizens == FORMS == summary["new_citizens"]
    created = audit_rows(team.db, action="create", actor=identity.current_login())
    assert len([e for e in created if e["detail"] == "import: new citizen and case"]) == FORMS
