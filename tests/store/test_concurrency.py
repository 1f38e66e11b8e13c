"""Several processes writing the same SQLite file: no update may be lost.

Every worker is its own process with its own connections (see ``PRELOAD``). The safe path
is ours (``write_session``: ``BEGIN IMMEDIATE``). The unsafe path, a plain
SQLAlchemy session with pysqlite's default lazy transactions, is run for contrast: its lost
count is printed, not asserted, since how much it loses depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from caseload.models import Meta
from caseload.store.sqlite import BUSY_TIMEOUT_MS
from caseload.store.uow import read_session, write_session

from .lost_update_worker import COUNTER, run

PROCESSES = 8
ROUNDS = 15
# Workers are fresh processes forked from a forkserver that imported these once (a
# "spawn" start imports SQLAlchemy in each of them, seconds on 2 cores). The forkserver
# never opens the database, so no connection is shared with a worker.
PRELOAD = ["sqlalchemy", "sqlmodel", "caseload.models", "caseload.store.uow",
           "caseload.store.database", "caseload.store.schema"]


def _race(engine: Engine, db: Path, *, safe: bool) -> tuple[int, int, list[str]]:
    """Run the workers; returns (final counter, transactions reported done, errors)."""
    with write_session(engine) as session:
        row = session.get(Meta, COUNTER)
        if row is None:
            session.add(Meta(key=COUNTER, value="0"))
        else:
            row.value = "0"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=run, args=(str(db), ROUNDS, safe, barrier, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
        assert worker.exitcode == 0
    with read_session(engine) as session:
        final = int(session.get(Meta, COUNTER).value)
    done = sum(r[0] for r in reports)
    errors = [e for r in reports for e in r[1]]
    print(f"slowest worker {max(r[2] for r in reports):.2f} s")
    return final, done, errors


@pytest.mark.slow
def test_no_lost_updates_with_write_session(engine: Engine, db_path: Path) -> None:
    final, done, errors = _race(engine, db_path, safe=True)
    assert errors == []
    assert done == PROCESSES * ROUNDS
    assert final == PROCESSES * ROUNDS


@pytest.mark.slow
def test_deferred_transactions_for_contrast(engine: Engine, db_path: Path) -> None:
    final, done, errors = _race(engine, db_path, safe=False)
    lost = done - final
    print(f"plain deferred sessions: {done} committed, {final} counted, {lost} lost, "
          f"{len(errors)} errors")
    assert final <= done  # the counter never runs ahead of the commits


def test_connection_pragmas(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_write_session_begins_immediate_and_read_session_deferred(engine: Engine) -> None:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        seen.append(statement.strip().upper())

    with write_session(engine) as session:
        session.get(Meta, "rules")
    assert seen[0] == "BEGIN IMMEDIATE"
    seen.clear()
    with read_session(engine) as session:
        session.get(Meta, "rules")
    assert seen[0] == "BEGIN"
    event.remove(engine, "before_cursor_execute", _record)


def test_write_session_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), write_session(engine) as session:
        session.add(Meta(key="half", value="done"))
        session.flush()
        raise RuntimeError("boom")
    with read_session(engine) as session:
        assert session.get(Meta, "half") is None


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    from datetime import UTC, date, datetime

    from sqlalchemy.exc import IntegrityError

    from caseload.models import Case

    now = datetime.now(UTC)
    with pytest.raises(IntegrityError), write_session(engine) as session:
        session.add(Case(citizen_id=999, first_absence_day=date(2026, 9, 7),
                         created_at=now, updated_at=now))


def test_a_lock_held_too_long_is_a_message_not_a_traceback(
        engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the busy timeout set to 50 ms, a write that meets a held lock gives up after
    about that long (not the real 30 s) and says so in a sentence."""
    import sqlite3
    import time

    from caseload.errors import DomainError
    from caseload.store import sqlite as store_sqlite
    from caseload.store.database import open_database

    monkeypatch.setattr(store_sqlite, "BUSY_TIMEOUT_MS", 50)
    impatient = open_database(db_path)
    with impatient.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 50
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(DomainError, match="stayed busy.*Nothing was saved"), \
                write_session(impatient) as session:
            session.add(Meta(key="late", value="x"))
        assert time.monotonic() - started < 5  # the real timeout would take 30 s
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        impatient.dispose()
    with read_session(engine) as session:
        assert session.get(Meta, "late") is None
