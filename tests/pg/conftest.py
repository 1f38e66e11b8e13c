"""The tests of the second engine on a real PostgreSQL server (``pg_server``, in
``tests/pgserver.py``: a test that needs PostgreSQL and cannot get one fails, it does not
skip). Each test gets a database of its own."""

from __future__ import annotations

import glob
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import quote

import pytest
from sqlalchemy import Engine

from tests.access.conftest import (
    Team,
    build_team,
    cli,  # noqa: F401  (the CLI in-process as a given OS login)
)
from tests.pgserver import admin, copy_of, database_url


@pytest.fixture(autouse=True)
def _keep_the_language() -> Iterator[None]:
    """The CLI sets the process's language from the environment (the app does on start);
    tests that run it in English must not leave the tests after them in English."""
    from caseload import i18n

    before = i18n.language()
    yield
    i18n.set_language(before)


def as_role(url: str, role: str) -> str:
    """``url`` acting as database role ``role`` (as its login would after peer
    authentication: ``current_user`` is ``role``, with only its grants and policies)."""
    return f"{url}&options={quote(f'-c role={role}', safe='')}"


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new empty database for this test; dropped afterwards."""
    with copy_of(pg_server, None) as url:
        yield url


def psql_binary() -> str:
    found = shutil.which("psql") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)), None)
    if found is None:
        pytest.fail("psql not found: apt-get install -y postgresql")
    return found


def psql(url: str, sql: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``sql`` in ``psql`` on ``url`` (not through the tool): unaligned, tuples only."""
    done = subprocess.run([psql_binary(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                           "-d", url], input=sql, capture_output=True, text=True, timeout=60,
                          check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"psql failed: {done.stderr.strip()}")
    return done


def downgrade(engine: Engine, revision: str) -> None:
    """Alembic's migrations down to ``revision`` on ``engine``'s database
    (``caseload.store.schema.upgrade`` takes it back up)."""
    from alembic import command

    from caseload.store.schema import alembic_config

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


@dataclass(frozen=True)
class PgTeam:
    """The team of ``tests/access`` (lena leads; anna and bo have two cases each; one case
    has nobody) in a PostgreSQL database, each login with its database role; bo's first
    case also has a note and a stored form."""

    url: str  # as the owner (the superuser who ran init)
    team: Team
    note_id: int
    form_id: int

    def url_as(self, login: str) -> str:
        return as_role(self.url, login)


@pytest.fixture(scope="session")
def _pg_team_template(pg_server: str) -> Iterator[tuple[str, PgTeam]]:
    """The team built once in a template database; each test gets a copy (CREATE DATABASE
    ... TEMPLATE: a tenth of building it)."""
    from caseload.pgurl import PostgresUrl
    from caseload.services.db import init_database
    from caseload.store import roles
    from caseload.store.uow import write_session

    name = f"caseload_tmpl_{uuid.uuid4().hex[:12]}"
    admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        url = database_url(pg_server, name)
        engine, _, _ = init_database(PostgresUrl(url))
        try:
            team = build_team(engine, None)
            with write_session(engine) as session:
                for login, role in (("lena", "team_lead"), ("anna", "caseworker"),
                                    ("bo", "caseworker")):
                    roles.enrol(session, login, role)
            note_id, form_id = _bo_note_and_form(engine, team)
        finally:
            engine.dispose()
        yield name, PgTeam(url, replace(team, engine=None), note_id, form_id)
    finally:
        admin(pg_server, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def pg_team(pg_server: str, _pg_team_template: tuple[str, PgTeam]) -> Iterator[PgTeam]:
    template, built = _pg_team_template
    with copy_of(pg_server, template) as url:
        yield replace(built, url=url)


def _bo_note_and_form(engine: Engine, team: Team) -> tuple[int, int]:
    from datetime import UTC, datetime

    from caseload.models import StoredForm
    from caseload.services.notes import write_note
    from caseload.services.policy import Actor
    from caseload.store.uow import write_session

    now = datetime.now(UTC)
    with write_session(engine) as session:
        bo = Actor("bo", team.workers["bo"], "caseworker", scope_id=team.workers["bo"],
                   scope_login="bo")
        note = write_note(session, case_id=team.cases["bo-1"], body="Bo's note on his citizen",
                          author="bo", actor=bo)
        form = StoredForm(form_id="OS-T-1", content_hash="h", raw='{"health": "secret"}',
                          received=now, citizen_id=team.citizens["bo-1"],
                          case_id=team.cases["bo-1"], source_file="f.json", imported_at=now)
        session.add(form)
        session.flush()
        return note.id, form.id
