"""The demo under any rule set: ``caseload demo --rules sdp-2025`` has data that makes each
of its obligations appear, stored as the rules core computes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import TODAY
from .test_demo_build import test_stored_obligations_are_what_the_rules_core_says as same_as_core
from .test_demo_cli import run


@pytest.fixture(scope="module")
def demo_sdp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from caseload.demo import build

    path = tmp_path_factory.mktemp("demo-sdp") / "demo.db"
    build(path, seed=1, cases=150, today=TODAY, rules="sdp-2025")
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_every_obligation_of_sdp_2025_appears_open_and_met(demo_sdp: Path) -> None:
    found = rows(demo_sdp, """SELECT o.kind, o.seq > 0, o.met_on IS NULL, count(*)
                 FROM obligations o JOIN cases c ON c.id = o.case_id WHERE c.status = 'open'
                 GROUP BY 1, 2, 3""")
    shown = {(kind, series, is_open) for kind, series, is_open, _ in found}
    for kind, series in [("first_follow_up", 0), ("follow_up", 0), ("follow_up", 1),
                         ("return_check", 0), ("reassessment", 0)]:
        assert (kind, series, 1) in shown, (kind, series, "open")
    for kind, series in [("first_follow_up", 0), ("follow_up", 1), ("return_check", 0)]:
        assert (kind, series, 0) in shown, (kind, series, "met")
    assert {kind for kind, *_ in found} == {"first_follow_up", "follow_up", "return_check",
                                            "reassessment"}


def test_the_rule_set_and_its_facts_are_stored(demo_sdp: Path) -> None:
    assert rows(demo_sdp, "SELECT value FROM meta WHERE key = 'rules'") == [("sdp-2025",)]
    assert rows(demo_sdp, "SELECT count(*) FROM category_changes WHERE category = 3") == [(0,)]
    assert rows(demo_sdp, "SELECT count(*) FROM cases WHERE predictable_course_on IS NOT NULL"
                )[0][0] >= 3
    assert rows(demo_sdp, "SELECT count(*) FROM case_returns WHERE NOT happened")[0][0] >= 1
    assert rows(demo_sdp, "SELECT count(*) FROM interviews WHERE next_agreed_on IS NOT NULL"
                )[0][0] >= 10


def test_stored_obligations_are_what_the_rules_core_says_under_sdp_2025(demo_sdp: Path) -> None:
    same_as_core(demo_sdp)


def test_demo_cli_takes_the_rule_set(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from caseload.demo import read_marker

    monkeypatch.setattr("caseload.identity.current_login", lambda: "kirsten")
    db = tmp_path / "demo.db"
    args = ["demo", "--db", str(db), "--cases", "12", "--today", TODAY.isoformat(), "--no-open"]
    code, _, err = run([*args, "--rules", "sdp-2025"], capsys)
    assert code == 0 and "bygger" in err
    assert read_marker(db)["rules"] == "sdp-2025"
    assert rows(db, "SELECT value FROM meta WHERE key = 'rules'") == [("sdp-2025",)]
    code, _, err = run([*args, "--rules", "sdp-2025"], capsys)
    assert code == 0 and "bygger" not in err  # the same demo: kept
    code, _, err = run(args, capsys)
    assert code == 0 and "bygger" in err  # another rule set: rebuilt
    assert rows(db, "SELECT value FROM meta WHERE key = 'rules'") == [("aktive-2008",)]
    code, _, err = run([*args, "--rules", "nope"], capsys)
    assert code == 1 and "unknown rule set" in err and "nope" in err
