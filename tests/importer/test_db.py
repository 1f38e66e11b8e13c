"""The import's own ``sqlite3`` connection: the same settings, checks and transactions as
the SQLAlchemy engine, and the one ORM step (refresh) inside the chunk's transaction."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from caseload.errors import DomainError
from caseload.services import importing, settings
from caseload.store import sqlite as importing_db
from caseload.store.files import StorageError
from caseload.store.uow import write_session
from tests.importer.conftest import NOW, TODAY, dump, good, write_jsonl

PRAGMAS = ("busy_timeout", "journal_mode", "foreign_keys", "synchronous")


def pragmas(conn: object) -> dict[str, object]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in PRAGMAS}


def test_the_connection_has_the_engines_settings(engine: Engine, db_path: Path) -> None:
    assert importing.RULES_KEY == settings.RULES_KEY
    raw = engine.raw_connection()
    try:
        expected = pragmas(raw.driver_connection)
        assert raw.driver_connection.isolation_level is None
    finally:
        raw.close()
    conn = importing.connect(db_path)
    try:
        assert pragmas(conn) == expected == {"busy_timeout": 30_000, "journal_mode": "wal",
                                             "foreign_keys": 1, "synchronous": 1}
        assert conn.isolation_level is None and not conn.in_transaction
    finally:
        conn.close()


def test_connect_refuses_what_open_database_refuses(engine: Engine, db_path: Path,
                                                     tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="no database"):
        importing.connect(tmp_path / "missing.db")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'old'")
    conn.close()
    with pytest.raises(DomainError, match="(schema|skema) old.*upgrade caseload|opgrader"):
        importing.connect(db_path)  # unknown to this version: made by a newer one
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE alembic_version")
    conn.close()
    with pytest.raises(DomainError, match="at schema none"):
        importing.connect(db_path)
    os.chmod(db_path, 0o644)
    with pytest.raises(StorageError, match="can be read by every user"):
        importing.connect(db_path)


def test_a_failing_chunk_leaves_nothing_and_the_write_lock_is_released(
        engine: Engine, db_path: Path) -> None:
    before = dump(db_path)
    conn = importing.connect(db_path)
    try:
        with pytest.raises(RuntimeError), importing_db.write_transaction(conn):
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            raise RuntimeError("boom")
        assert not conn.in_transaction
        with importing_db.write_transaction(conn, keep=False):  # a dry run
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    finally:
        conn.close()
    other = sqlite3.connect(db_path, timeout=1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # no lock left behind
    assert other.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0
    other.execute("ROLLBACK")
    other.close()
    assert dump(db_path) == before


def test_a_busy_database_is_a_storage_error_not_a_traceback(db_path: Path,
                                                            engine: Engine) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    conn = importing.connect(db_path)
    conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StorageError, match="stayed busy"), \
                importing_db.write_transaction(conn):
            pass
    finally:
        conn.close()
        holder.execute("ROLLBACK")
        holder.close()


def test_the_stored_rule_set_is_the_one_used(engine: Engine, db_path: Path) -> None:
    with write_session(engine) as s:
        settings.ensure_rules(s, "sdp-2014")
    conn = importing.connect(db_path)
    try:
        context = importing.prepare(conn, importing.Options(today=TODAY, now=NOW))
    finally:
        conn.close()
    from caseload.rulesets import load

    assert context.rules == load("sdp-2014") != load("aktive-2008")


def test_the_refresh_stays_inside_the_chunks_transaction(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    """A dry run whose form fills in an expected return date (the recomputation of the
    case's obligations) writes nothing: it runs in the chunk's transaction."""
    conn = importing.connect(db_path)
    try:
        importing.run(conn, [write_jsonl(tmp_path / "a.jsonl", [good()])],
                      importing.Options(today=TODAY, now=NOW))
        before = dump(db_path)
        summary = importing.run(
            conn, [write_jsonl(tmp_path / "b.jsonl", [good(
                form_id="B", expected_return_date="2027-03-01")])],
            importing.Options(today=TODAY, now=NOW, dry_run=True))
        assert (summary.imported, summary.attached) == (1, 1)
        assert not conn.in_transaction
    finally:
        conn.close()
    assert dump(db_path) == before


def test_the_refresh_stores_what_the_services_refresh_computes(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    """A form filling in an open case's expected return date recomputes its obligations on
    the import's connection (sdp-2014, category 1: the first follow-up is due on that day):
    the rows and next_due are those ``services.obligations``' ``refresh_case`` stores for
    the case (run afterwards, it changes nothing)."""
    from sqlmodel import select

    from caseload.models import Case, CategoryChangeRow
    from caseload.services.obligations import refresh_case

    with write_session(engine) as s:
        settings.ensure_rules(s, "sdp-2014")
    conn = importing.connect(db_path)
    try:
        importing.run(conn, [write_jsonl(tmp_path / "a.jsonl", [good()])],
                      importing.Options(today=TODAY, now=NOW))
        with write_session(engine) as session:
            case = session.exec(select(Case)).one()
            session.add(CategoryChangeRow(case_id=case.id, category=1, changed_on=TODAY,
                                          created_at=NOW))
            session.flush()
            refresh_case(session, case)
        before = dump(db_path)
        importing.run(conn, [write_jsonl(tmp_path / "b.jsonl", [good(
            form_id="B", expected_return_date="2026-11-30")])],
            importing.Options(today=TODAY, now=NOW))
    finally:
        conn.close()
    imported = dump(db_path)
    assert [c[8] for c in imported["cases"]] == ["2026-11-30"]
    assert "2026-11-30" in [o[4] for o in imported["obligations"]]
    assert imported["obligations"] != before["obligations"]
    with write_session(engine) as session:
        for case in session.exec(select(Case)).all():
            refresh_case(session, case)
    assert dump(db_path) == imported
