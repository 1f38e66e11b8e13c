"""A team on one database: lena (team lead), anna and bo (caseworkers), and their cases.

anna has two cases, bo has two, one case has nobody (as an import leaves it). The CLI runs
in-process through ``main``, as the login name the test says (``caseload.identity``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.dbcopy import copy_db

F = date(2026, 9, 7)
# Fictitious but valid CPR numbers (born 1981/1982: participant/control group).
CPRS = {
    "anna-1": "150381-1234", "anna-2": "160382-1235",
    "bo-1": "010180-1111", "bo-2": "020281-2222",
    "nobody": "030382-3333",
}


@dataclass(frozen=True)
class Team:
    db: Path
    engine: Engine
    cases: dict[str, int]  # "anna-1" → case id
    citizens: dict[str, int]  # "anna-1" → citizen id
    workers: dict[str, int]  # login → caseworker id





def build_team(engine: Engine, db: Path) -> Team:
    from caseload.services import cases as case_service
    from caseload.services.caseworkers import add_caseworker
    from caseload.store.uow import write_session
    from tests import intake

    with write_session(engine) as session:
        workers = {login: add_caseworker(session, login=login, name=name, role=role).id
                   for login, name, role in (("lena", "Lena Lead", "team_lead"),
                                             ("anna", "Anna Andersen", "caseworker"),
                                             ("bo", "Bo Berg", "caseworker"))}
        found_cases, citizens = {}, {}
        for key, cpr in CPRS.items():
            case = intake.open_case(session, cpr=cpr, name=f"Borger {key}",
                                    first_absence_day=F, today=F)
            owner = key.split("-")[0]
            if owner in workers:
                case_service.assign(session, case.id, workers[owner])
            found_cases[key], citizens[key] = case.id, case.citizen_id
    return Team(db, engine, found_cases, citizens, workers)


@pytest.fixture
def team(request: pytest.FixtureRequest, template_db: Path, db_path: Path) -> Iterator[Team]:
    from caseload.store.database import open_database

    if getattr(request, "param", "sqlite") == "postgres":
        yield _pg_team(request)
        return
    copy_db(template_db, db_path)
    engine = open_database(db_path)
    yield build_team(engine, db_path)
    engine.dispose()


# -- both engines --------------------------------------------------------------------------
# The modules named here run every test that takes ``team`` on SQLite and on PostgreSQL (as
# the owner, past the policies: the tool's access rules are under test; what the server's
# policies hide is tested from each role in tests/pg), except the tests marked
# ``sqlite_file``: they are about the SQLite file itself (its permissions, its copies).
BOTH_ENGINES = ("test_access", "test_one_audit", "test_cli", "test_app")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "team" not in metafunc.fixturenames:
        return
    both = (metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_ENGINES
            and metafunc.definition.get_closest_marker("sqlite_file") is None)
    metafunc.parametrize("team", ["sqlite", "postgres"] if both else ["sqlite"],
                         indirect=True)


def _pg_team(request: pytest.FixtureRequest) -> Team:
    from caseload.pgurl import PostgresUrl
    from tests.services.conftest import acting_as_the_named_login

    engine = request.getfixturevalue("pg_engine")
    acting_as_the_named_login(request.getfixturevalue("monkeypatch"))
    return build_team(engine, PostgresUrl(request.getfixturevalue("_pg_reused")[0]))


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """``cli("anna", "overdue", "--json", ...)`` → (exit code, stdout, stderr), run as the
    login name given first."""
    from caseload import identity
    from caseload.cli import main

    def run(login: str, *argv: object) -> tuple[int, str, str]:
        monkeypatch.setattr(identity, "current_login", lambda: login)
        capsys.readouterr()
        try:
            main([str(a) for a in argv])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def audit_rows(db: Path, **where: object) -> list[dict[str, object]]:
    """The audit log's entries (as dicts), filtered by equal columns, in order (on either
    engine, around the tool); without the entries of the team's making (``tests.intake``)."""
    from caseload.pgurl import is_postgres
    from tests.intake import SETUP

    sql = f"SELECT * FROM audit_log WHERE actor <> '{SETUP}'"
    if where:
        sql += " AND " + " AND ".join(f"{k} = ?" for k in where)
    sql += " ORDER BY id"
    if is_postgres(db):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(str(db), row_factory=dict_row) as conn:
            found = conn.execute(sql.replace("?", "%s"), list(where.values())).fetchall()
        return [{k: v.isoformat(" ") if isinstance(v, datetime) else v  # as SQLite's text
                 for k, v in row.items()} for row in found]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, list(where.values()))]
    finally:
        conn.close()


ROOT = Path(__file__).resolve().parents[2]
_AS = ("import sys; from caseload import identity; identity.current_login = lambda: sys.argv[1];"
       " from caseload.cli import main; main(sys.argv[2:])")


# Root reads and writes every file: for a test of "you may not", the command runs without
# the capabilities that override file permissions (as any other login would).
PLAIN_USER = ("setpriv", "--bounding-set=-dac_override,-dac_read_search",
              "--inh-caps=-dac_override,-dac_read_search")


def run_as(login: str, *argv: object, env: dict[str, str] | None = None,
           lang: str = "en", plain_user: bool = False,
           preexec: Callable[[], None] | None = None) -> tuple[int, str, str]:
    """``caseload ARGV`` in a subprocess of its own, as the login name ``login`` (what
    ``caseload.identity`` would answer for that account): (exit code, stdout, stderr).
    ``plain_user``: file permissions apply even when the tests run as root."""
    import os
    import subprocess
    import sys

    prefix = PLAIN_USER if plain_user and os.geteuid() == 0 else ()
    done = subprocess.run([*prefix, sys.executable, "-c", _AS, login, *map(str, argv)],
                          cwd=ROOT, env={**os.environ, "CASELOAD_LANG": lang, **(env or {})},
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr
