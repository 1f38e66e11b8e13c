"""Creating and upgrading the schema, and models and migrations that cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel, select

from caseload.errors import DomainError
from caseload.models import ObligationRow
from caseload.services import cases, settings
from caseload.services.db import init_database
from caseload.store.database import open_database
from caseload.store.engine import make_engine
from caseload.store.schema import current_revision, head_revision
from caseload.store.uow import read_session, write_session
from tests import intake
from tests.actors import LEAD

Cli = Callable[..., tuple[int, str, str]]


def test_init_creates_at_head_then_says_up_to_date(cli: Cli, db_path: Path) -> None:
    code, _, err = cli("init", "--db", db_path)
    assert code == 0
    assert f"oprettede {db_path} (skema {head_revision()})" in err
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()
    with read_session(engine) as session:
        assert settings.get(session, settings.RULES_KEY) == "aktive-2008"
    engine.dispose()
    code, _, err = cli("init", "--db", db_path)
    assert code == 0
    assert "er opdateret" in err


def test_init_uses_the_environment_path(cli: Cli, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("CASELOAD_DB", str(db))
    assert cli("init")[0] == 0
    assert db.exists()


def test_open_missing_database_says_run_init(db_path: Path) -> None:
    with pytest.raises(DomainError, match="no database at .* run 'caseload init'"):
        open_database(db_path)
    assert not db_path.exists()


def test_open_unmigrated_database_says_upgrade(cli: Cli, db_path: Path) -> None:
    make_engine(db_path, create=True).dispose()  # a file without any schema
    with pytest.raises(DomainError, match="schema none, this version needs .* to upgrade"):
        open_database(db_path)
    assert cli("init", "--db", db_path)[0] == 0
    open_database(db_path).dispose()


def test_database_from_a_newer_version_is_refused(cli: Cli, engine: Engine, db_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from caseload import i18n

    monkeypatch.setenv("CASELOAD_LANG", "en")
    i18n.set_language("en")
    monkeypatch.setattr(i18n, "_current", "en")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DomainError, match="newer version .* upgrade caseload"):
        open_database(db_path)
    code, _, err = cli("init", "--db", db_path)
    assert code == 1
    assert "9999_future" in err and "Traceback" not in err


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    """What ``alembic revision --autogenerate`` would write: nothing."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_drift_is_detected(engine: Engine) -> None:
    """The check above can fail: a column the migrations lack shows up."""
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE meta ADD COLUMN stray TEXT")
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert [d[0] for d in differences] == ["remove_column"]


def _open_cases(engine: Engine) -> tuple[int, int]:
    """A participant case (born 1981) and a closed case; returns their ids."""
    with write_session(engine) as session:
        open_one = intake.open_case(session, cpr="150381-1234", name="Anna",
                                    first_absence_day=date(2026, 9, 7), today=date(2026, 9, 10))
        closed = intake.open_case(session, cpr="160382-1235", name="Bo",
                                  first_absence_day=date(2026, 9, 7), today=date(2026, 9, 10))
        cases.close_case(session, closed.id, on=date(2026, 9, 20), reason="return_to_work",
                         actor=LEAD)
        return open_one.id, closed.id


def _kinds(engine: Engine, case_id: int) -> set[str]:
    with read_session(engine) as session:
        rows = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id))
        return {row.kind for row in rows}


def test_init_rules_switches_the_rule_set_and_recomputes(cli: Cli, engine: Engine,
                                                         db_path: Path) -> None:
    open_id, closed_id = _open_cases(engine)
    assert _kinds(engine, open_id) == {"first_follow_up", "active_offer"}
    code, _, err = cli("init", "--db", db_path, "--rules", "sdp-2014")
    assert code == 0, err
    with read_session(engine) as session:
        assert settings.get(session, settings.RULES_KEY) == "sdp-2014"
        assert settings.ruleset(session).name == "sdp-2014"
    assert _kinds(engine, open_id) == {"first_follow_up", "reassessment"}
    assert _kinds(engine, closed_id) == set()
    with read_session(engine) as session:
        from caseload.models import Case

        assert session.get(Case, open_id).next_due == date(2026, 11, 1)  # F + 55
        assert session.get(Case, closed_id).next_due is None


def test_init_with_an_unknown_rule_set_changes_nothing(cli: Cli, engine: Engine,
                                                       db_path: Path, tmp_path: Path) -> None:
    code, _, err = cli("init", "--db", db_path, "--rules", "no-such-rules")
    assert code == 1
    assert "unknown rule set" in err
    with read_session(engine) as session:
        assert settings.rules_name(session) == "aktive-2008"
    fresh = tmp_path / "fresh.db"
    assert cli("init", "--db", fresh, "--rules", "no-such-rules")[0] == 1
    assert not fresh.exists()  # refused before anything was created


def test_a_rule_set_file_is_stored_by_its_absolute_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    text = resources.files("caseload.rulesets").joinpath("sdp-2014.toml").read_text("utf-8")
    (tmp_path / "ours.toml").write_text(text.replace('"sdp-2014"', '"ours"', 1))
    monkeypatch.chdir(tmp_path)
    engine, _, _ = init_database(tmp_path / "x.db", rules="ours.toml")
    with read_session(engine) as session:
        assert settings.rules_name(session) == str(tmp_path.resolve() / "ours.toml")
        assert settings.ruleset(session).name == "ours"
    engine.dispose()
