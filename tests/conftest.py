"""Shared fixtures: a fresh database per test, and no developer config leaking in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.pgserver import _pg_reused, pg_engine, pg_server, pg_template  # noqa: F401  (fixtures)

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Keep the developer's real database and settings out of every test.

    The umask is 077, as on a server holding personal data: a database file a test makes
    with plain ``sqlite3`` is owner-only, so the permission check on open accepts it."""
    monkeypatch.delenv("CASELOAD_DB", raising=False)
    monkeypatch.delenv("CASELOAD_GROUP", raising=False)
    monkeypatch.setenv("CASELOAD_LANG", "")  # restored after: main() passes --lang on in it
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    old = os.umask(0o077)
    yield
    os.umask(old)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "caseload.db"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to the newest schema; each test gets a copy (migrating each
    time would cost a quarter of a second per test)."""
    from caseload.services.db import init_database

    path = tmp_path_factory.mktemp("template") / "caseload.db"
    engine, _, _ = init_database(path)
    engine.dispose()
    return path


@pytest.fixture
def engine(template_db: Path, db_path: Path) -> Iterator[object]:
    """An initialised database (newest schema, default rule set): a copy of the template."""
    from caseload.services.db import open_database
    from tests.dbcopy import copy_db

    engine = open_database(copy_db(template_db, db_path))
    yield engine
    engine.dispose()
