"""Audit times are the real clock in UTC, stored with their zone (migration
``0008_audit_time_zone``), and shown as Danish time with its offset: ``caseload audit``'s
table, JSON and CSV; pruning compares instants; ``--today`` never moves a stamp."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command

from caseload.clock import DANISH
from caseload.store.schema import alembic_config
from tests.access.conftest import CPRS, Team, audit_rows, run_as
from tests.importer.conftest import good, write_jsonl

Cli = Callable[..., tuple[int, str, str]]


def _migrate(team: Team, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with team.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _insert(db: Path, at: str, citizen_id: int, detail: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO audit_log (at, actor, action, citizen_id, detail) "
                     "VALUES (?, 'anna', 'read', ?, ?)", (at, citizen_id, detail))
    conn.close()


def test_naive_times_become_utc_with_their_zone(cli: Cli, team: Team) -> None:
    """Rows written before 0008 (naive UTC text) are rewritten with +00:00, the same
    instant; down again they lose only the suffix."""
    citizen = team.citizens["anna-1"]
    _migrate(team, "0007_postgres_security", down=True)
    _insert(team.db, "2026-07-01 10:00:00.000000", citizen, "summer")
    _insert(team.db, "2026-01-01 23:30:00", citizen, "winter")
    _migrate(team, "head")
    stored = {r["detail"]: r["at"] for r in audit_rows(team.db, action="read")}
    assert stored == {"summer": "2026-07-01 10:00:00.000000+00:00",
                      "winter": "2026-01-01 23:30:00.000000+00:00"}
    code, out, err = cli("lena", "audit", CPRS["anna-1"], "--json", "--db", team.db)
    assert code == 0, err
    shown = {e["detail"]: e["at"] for e in json.loads(out)["entries"]}
    # Danish time, the offset stated: summer time +02:00, winter +01:00 (the next day)
    assert shown["summer"] == "2026-07-01T12:00:00+02:00"
    assert shown["winter"] == "2026-01-02T00:30:00+01:00"
    _migrate(team, "0007_postgres_security", down=True)
    assert {r["detail"]: r["at"] for r in audit_rows(team.db, action="read")} == {
        "summer": "2026-07-01 10:00:00.000000", "winter": "2026-01-01 23:30:00.000000"}
    _migrate(team, "head")


def test_pruning_compares_instants(cli: Cli, team: Team) -> None:
    """Retention of 5 days: an entry 5 days and an hour old goes, one 5 days less an hour
    old stays (both stored with their zone)."""
    from caseload.services import audit

    now = datetime.now(UTC)
    citizen = team.citizens["anna-1"]
    for label, age in (("old", timedelta(days=5, hours=1)), ("young", timedelta(days=5) -
                                                             timedelta(hours=1))):
        _insert(team.db, audit.queries.stamp(now - age), citizen, label)
    code, _, err = cli("lena", "audit", "--retention-days", "5", "--prune", "--db", team.db)
    assert code == 0, err
    assert [r["detail"] for r in audit_rows(team.db, action="read")] == ["young"]
    [prune] = audit_rows(team.db, action="prune")
    assert prune["at"].endswith("+00:00") and prune["actor"] == "lena"


def test_today_never_changes_the_stamp_anywhere_it_is_shown(team: Team, tmp_path: Path) -> None:
    """An import with ``--today`` in the past and in the future: the audit entries are
    stamped now, stored with +00:00, and ``caseload audit`` (table, JSON, CSV) shows the
    same instant as Danish time with its offset."""
    team.engine.dispose()
    forms = write_jsonl(tmp_path / "forms.jsonl", [
        good(form_id="PAST-1", cpr="120590-1234", received="2019-06-01",
             first_absence_day="2019-05-20"),
        good(form_id="FUTURE-1", cpr="130591-1235", received="2026-11-20",
             first_absence_day="2026-11-10")])
    start = datetime.now(UTC) - timedelta(seconds=1)
    for today, form in (("2019-06-02", "PAST-1"), ("2031-03-03", "FUTURE-1")):
        one = write_jsonl(tmp_path / f"{form}.jsonl",
                          [json.loads(line) for line in forms.read_text().splitlines()
                           if form in line])
        code, _, err = run_as("lena", "import", one, "--db", team.db, "--today", today)
        assert code == 0, err
    end = datetime.now(UTC) + timedelta(seconds=1)
    created = audit_rows(team.db, action="create", actor="lena")
    assert len(created) == 2
    for row in created:
        assert row["at"].endswith("+00:00")
        assert start <= datetime.fromisoformat(row["at"]) <= end
    for cpr in ("1205901234", "1305911235"):
        code, out, err = run_as("lena", "audit", cpr, "--json", "--db", team.db)
        assert code == 0, err
        [entry] = [e for e in json.loads(out)["entries"] if e["action"] == "create"]
        at = datetime.fromisoformat(entry["at"])
        assert at.utcoffset() == datetime.now(DANISH).utcoffset()  # Danish, offset stated
        assert start - timedelta(seconds=1) <= at <= end
        csv_out = tmp_path / f"{cpr}.csv"
        assert run_as("lena", "audit", cpr, "--out", csv_out, "--db", team.db)[0] == 0
        with csv_out.open(encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["action"] == "create"]
        assert [r["at"] for r in rows] == [entry["at"]]
        code, out, err = run_as("lena", "audit", cpr, "--db", team.db,
                                env={"COLUMNS": "200"})  # the table: one line an entry
        assert code == 0, err
        assert entry["at"] in out
