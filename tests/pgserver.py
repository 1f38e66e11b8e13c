"""A real PostgreSQL server for the tests (``pg_server``, for ``tests/pg`` and for the
directories whose tests run on both engines), and a database per test.

``CASELOAD_TEST_PG`` (set by ``.ci/run``) is the libpq URL of a server whose role for the
login running the tests is a superuser; without it the session starts its own with
``tests/pg/cluster.sh`` (the same script as CI's) and stops it at the end. A test that needs
PostgreSQL and cannot get one fails, it does not skip.

Databases are copies of a template (CREATE DATABASE ... TEMPLATE), never a migration per test:
``pg_template`` is migrated once per session; ``pg_engine`` is an engine (as the owner, a
superuser: the tool's logic, not the policies, is under test) on one copy of it, emptied back
to the template's state before each test.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

CLUSTER = Path(__file__).with_name("pg") / "cluster.sh"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    url = os.environ.get("CASELOAD_TEST_PG")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="caseload-test-pg.")
    started = subprocess.run([str(CLUSTER), "start", folder], capture_output=True, text=True,
                             timeout=180, check=False)
    if started.returncode != 0:
        subprocess.run([str(CLUSTER), "stop", folder], capture_output=True, check=False)
        pytest.fail(f"no PostgreSQL server for the tests (tests/pg/cluster.sh): "
                    f"{started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(CLUSTER), "stop", folder], capture_output=True, check=False)


def admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


def database_url(server: str, dbname: str, **extra: str) -> str:
    """The libpq URL of database ``dbname`` on ``server`` (``extra``: more parameters)."""
    from psycopg.conninfo import conninfo_to_dict

    params = {k: str(v) for k, v in conninfo_to_dict(server).items() if k != "dbname"}
    params.update(extra)
    query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in params.items())
    return f"postgresql:///{dbname}" + (f"?{query}" if query else "")


@contextmanager
def copy_of(server: str, template: str | None) -> Iterator[str]:
    """The URL of a new database copied from ``template`` (None: an empty one); dropped
    afterwards."""
    name = f"caseload_t_{uuid.uuid4().hex[:12]}"
    admin(server, f'CREATE DATABASE "{name}"' + (
        f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
    try:
        yield database_url(server, name)
    finally:
        admin(server, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """The name of a database migrated to the newest schema (default rule set)."""
    from caseload.pgurl import PostgresUrl
    from caseload.services.db import init_database

    name = f"caseload_tmpl_{uuid.uuid4().hex[:12]}"
    admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        engine, _, _ = init_database(PostgresUrl(database_url(pg_server, name)))
        engine.dispose()
        yield name
    finally:
        admin(pg_server, f'DROP DATABASE "{name}" WITH (FORCE)')


# Back to the template's state in one round trip (as a superuser: no foreign-key triggers
# while emptying; the template holds one row of settings, put back by the caller).
RESET = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid();
SET session_replication_role = replica;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables
              WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
        EXECUTE format('DELETE FROM %I', r.tablename);
    END LOOP;
    FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER SEQUENCE %I RESTART', r.sequencename);
    END LOOP;
END $$;
RESET session_replication_role;
"""


@pytest.fixture(scope="session")
def _pg_reused(pg_server: str, pg_template: str) -> Iterator[tuple[str, list[tuple]]]:
    """One copy of the template for the tests that take ``pg_engine``, emptied before each
    (a tenth of a new copy), and the template's settings rows."""
    import psycopg

    with copy_of(pg_server, pg_template) as url:
        with psycopg.connect(url) as conn:
            meta = conn.execute("SELECT key, value FROM meta").fetchall()
        yield url, meta


@pytest.fixture
def pg_engine(_pg_reused: tuple[str, list[tuple]]) -> Iterator[object]:
    """An engine, as the owner, on a database in the template's state."""
    import psycopg

    from caseload.pgurl import PostgresUrl
    from caseload.services.db import open_database

    url, meta = _pg_reused
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(RESET)
        with conn.cursor() as cursor:
            cursor.executemany("INSERT INTO meta (key, value) VALUES (%s, %s)", meta)
    engine = open_database(PostgresUrl(url))
    try:
        yield engine
    finally:
        engine.dispose()
