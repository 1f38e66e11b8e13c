"""Migration 0006_fact_dates: ``cases.opened_on``, backfilled for the cases already there."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from caseload.store.engine import make_engine
from caseload.store.schema import alembic_config


def _upgrade(engine, revision: str) -> None:  # noqa: ANN001
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def test_opened_on_is_backfilled_from_the_day_the_case_was_opened(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db", create=True)
    _upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO citizens (id, cpr, birth_date, edited_fields, name,"
                          " created_at, updated_at) VALUES (1, '0101801111', '1980-01-01', '',"
                          " 'A', '2026-09-01 08:00:00', '2026-09-01 08:00:00')"))
        for case_id, decided in ((1, "'2026-09-02'"), (2, "NULL")):
            conn.execute(text(
                "INSERT INTO cases (id, citizen_id, first_absence_day, status, \"group\","
                " group_decided_on, exempt, needs_review, version, created_at, updated_at)"
                f" VALUES ({case_id}, 1, '2026-08-20', 'closed', 'outside', {decided}, 0, 0, 1,"
                " '2026-09-03 22:30:00', '2026-09-04 08:00:00')"))
    _upgrade(engine, "head")
    with engine.connect() as conn:
        opened = conn.execute(text("SELECT id, opened_on FROM cases ORDER BY id")).all()
    engine.dispose()
    # The day the group was decided (at intake), else the day of created_at.
    assert [tuple(r) for r in opened] == [(1, "2026-09-02"), (2, "2026-09-03")]
