"""Several processes writing the same PostgreSQL database: no update may be lost (the
workers and the race of ``tests/store/test_concurrency.py``; on PostgreSQL the write
transactions are serialised by one advisory lock, as ``BEGIN IMMEDIATE`` does on SQLite)."""

from __future__ import annotations

import pytest

from caseload.pgurl import PostgresUrl
from caseload.services.db import init_database
from tests.store.test_concurrency import PROCESSES, ROUNDS, _race


@pytest.mark.slow
def test_no_lost_updates_with_write_session(pg_url: str) -> None:
    engine, _, _ = init_database(PostgresUrl(pg_url))
    try:
        final, done, errors = _race(engine, pg_url, safe=True)
    finally:
        engine.dispose()
    assert errors == []
    assert done == PROCESSES * ROUNDS
    assert final == PROCESSES * ROUNDS
