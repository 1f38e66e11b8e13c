"""Run in child processes by test_concurrency: read a counter, pause, write it back + 1."""

from __future__ import annotations

import time
from pathlib import Path

COUNTER = "counter"
PAUSE = 0.002  # between the read and the write, so that transactions overlap


def run(db: str, rounds: int, safe: bool, barrier, results) -> None:  # noqa: ANN001
    """Do ``rounds`` read-modify-write transactions; put (done, errors, seconds) in ``results``."""
    from sqlalchemy.exc import OperationalError

    increment = _safe(db) if safe else _unsafe(Path(db))
    barrier.wait()
    started = time.perf_counter()
    done, errors = 0, []
    for _ in range(rounds):
        try:
            increment()
            done += 1
        except OperationalError as exc:  # "database is locked" and friends
            errors.append(str(exc.orig))
    results.put((done, errors, time.perf_counter() - started))


def _safe(db: str):  # noqa: ANN202
    """Ours, on a SQLite file or a PostgreSQL URL (``tests/pg/test_concurrency.py``)."""
    from caseload.models import Meta
    from caseload.store.database import open_database
    from caseload.store.paths import resolve_db_path
    from caseload.store.uow import write_session

    engine = open_database(resolve_db_path(db))

    def increment() -> None:
        with write_session(engine) as session:
            row = session.get(Meta, COUNTER)
            value = int(row.value)
            time.sleep(PAUSE)
            row.value = str(value + 1)

    return increment


def _unsafe(db: Path):  # noqa: ANN202
    """The same with SQLAlchemy's default pysqlite behaviour (deferred, lazy BEGIN)."""
    from sqlalchemy import create_engine
    from sqlmodel import Session

    from caseload.models import Meta

    engine = create_engine(f"sqlite:///{db}", connect_args={"timeout": 5})

    def increment() -> None:
        with Session(engine) as session, session.begin():
            row = session.get(Meta, COUNTER)
            value = int(row.value)
            time.sleep(PAUSE)
            row.value = str(value + 1)

    return increment
