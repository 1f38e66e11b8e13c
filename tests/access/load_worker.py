"""Run in child processes by test_concurrency (and tests/pg/test_mixed_load): caseworkers
booking and marking interviews, quick checks and the app's screen reads, for a bounded time.
Each puts a report in ``results``."""

from __future__ import annotations

import contextlib
import io
import time
from datetime import datetime, timedelta

THINK = 0.05  # seconds between a caseworker's changes (people do not click in a loop)
# A kind per process: the calendar refuses a second booked interview of one kind for a
# citizen, and two processes round the same cases.
KINDS = ("follow_up", "contact", "follow_up", "contact", "information_meeting")


def _slot(turn: int, lane: int) -> datetime:
    """The ``turn``-th hour of the calendar (8 a working day) in the process's own stretch
    of it (``lane``: a year each), so the calendar takes every booking."""
    from caseload.domain.calendar import is_working_day

    day = datetime(2026, 12, 1, 8, 0) + timedelta(days=365 * lane)
    for n in range(turn // 8 + 1):
        day += timedelta(days=1 if n else 0)
        while not is_working_day(day.date()):
            day += timedelta(days=1)
    return day + timedelta(hours=turn % 8)


def caseworker(db: str, login: str, work: tuple[list[int], int], seconds: float, barrier,
               results) -> None:  # noqa: ANN001
    """Book an interview and mark it (held or no-show), round the cases, until time is up.

    Reports how many times each case was changed (each transaction bumps its version once)
    and every error met."""
    from caseload.services import interviews
    from caseload.services.access import resolve_actor
    from caseload.store.database import open_database
    from caseload.store.paths import resolve_db_path
    from caseload.store.uow import read_session, write_session

    case_ids, lane = work
    engine = open_database(resolve_db_path(db))  # a file, or a postgresql:// URL
    with read_session(engine) as session:
        actor = resolve_actor(session, login)
    changes: dict[int, int] = {}
    errors: list[str] = []
    barrier.wait()
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline:
        case_id = case_ids[turn % len(case_ids)]
        at = _slot(turn, lane)
        try:
            with write_session(engine) as session:
                booked = interviews.book_interview(session, case_id, kind=KINDS[lane],
                                                   mode="phone", at=at, actor=actor,
                                                   today=at.date())
            changes[case_id] = changes.get(case_id, 0) + 1
            with write_session(engine) as session:
                interviews.mark_interview(session, booked.id,
                                          "held" if turn % 2 else "no_show", held_at=at,
                                          actor=actor)
            changes[case_id] = changes.get(case_id, 0) + 1
        except Exception as exc:  # noqa: BLE001 - every error is reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        turn += 1
        time.sleep(THINK)
    engine.dispose()
    results.put(("caseworker", login, changes, errors))


def quick_check(db: str, login: str, flags: list[str], seconds: float, barrier,
                results) -> None:  # noqa: ANN001
    """Run ``caseload overdue``/``today`` (in this process, through ``main``) until time is up."""
    from caseload import identity
    from caseload.cli import main

    identity.current_login = lambda: login
    runs, errors = 0, []
    barrier.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        command = "overdue" if runs % 2 else "today"
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                # Today (the stored read a working day's quick check uses); a past day
                # would be computed from the facts (caseload.services.as_of), not measured here.
                main([command, "--json", "--db", db, *flags])
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
        if code != 0:
            errors.append(err.getvalue())
        runs += 1
    results.put(("quick", login, runs, errors))


def screen_reads(db: str, login: str, flags: list[str], seconds: float, barrier,
                 results) -> None:  # noqa: ANN001
    """Read the app's Overdue and Caseload screens (``AppContext.query``: the app's read-only
    snapshot) until time is up."""
    from datetime import date

    from caseload.services import views
    from caseload.store.paths import resolve_db_path
    from caseload.tui.context import AppContext

    ctx = AppContext(db=resolve_db_path(db), login=login, today=date(2026, 12, 1),
                     show_all="--all" in flags)
    runs, errors = 0, []
    barrier.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            ctx.query(views.overdue, ctx.actor, on=ctx.today, soon_days=views.SOON_DAYS)
            ctx.query(views.caseload, ctx.actor, on=ctx.today)
        except Exception as exc:  # noqa: BLE001 - every error is reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        runs += 1
    ctx.close()
    results.put(("screens", login, runs, errors))
