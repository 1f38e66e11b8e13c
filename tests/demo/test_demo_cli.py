"""``caseload demo``: builds when needed, never touches a real database, then shows today."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .conftest import TODAY


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from caseload.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """What ``caseload demo`` asked the app to open (the app itself is tested elsewhere)."""
    import caseload.cli.tui

    calls: list[dict] = []
    monkeypatch.setattr(caseload.cli.tui, "open_app", lambda **kw: calls.append(kw))
    monkeypatch.setattr("caseload.identity.current_login", lambda: "kirsten")
    return calls


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_builds_once_then_reuses_then_rebuilds_for_another_seed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shown: list[dict]) -> None:
    from caseload.demo import read_marker

    db = tmp_path / "demo.db"
    args = ["demo", "--db", str(db), "--cases", "12", "--today", TODAY.isoformat()]
    code, out, err = run([*args, "--no-open"], capsys)
    assert code == 0 and out == ""
    assert "bygger demodatabasen" in err and "12 åbne sager" in err
    assert read_marker(db)["cases"] == 12

    code, out, err = run(args, capsys)
    assert code == 0 and "bruger demodatabasen" in err and "bygger" not in err
    assert len(shown) == 1
    assert (shown[0]["db"], shown[0]["as_user"], shown[0]["all_"], shown[0]["on"],
            shown[0]["screen"]) == (str(db), None, True, TODAY.isoformat(), "today")

    code, _, err = run([*args, "--seed", "2", "--no-open"], capsys)
    assert code == 0 and "bygger" in err and read_marker(db)["seed"] == 2
    code, _, err = run([*args, "--seed", "2", "--as", "jonas"], capsys)
    assert "bygger" not in err and shown[-1]["as_user"] == "jonas"
    assert shown[-1]["all_"] is False


def test_the_person_running_it_becomes_a_team_lead(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shown: list[dict]) -> None:
    import sqlite3

    db = tmp_path / "demo.db"
    for _ in range(2):
        code, _, _ = run(["demo", "--db", str(db), "--cases", "5", "--today", "2026-11-23",
                          "--no-open"], capsys)
        assert code == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT role FROM caseworkers WHERE login = 'kirsten'").fetchall()
    assert rows == [("team_lead",)]


def test_refuses_to_replace_a_database_that_is_not_a_demo(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shown: list[dict]) -> None:
    from caseload.services.db import init_database

    real = tmp_path / "caseload.db"
    engine, _, _ = init_database(real)
    engine.dispose()
    before = digest(real)
    code, out, err = run(["demo", "--db", str(real), "--cases", "5"], capsys)
    assert code == 1 and out == ""
    assert "er ikke en demodatabase: den erstattes ikke" in err
    assert "Traceback" not in err
    assert digest(real) == before and shown == []

    other = tmp_path / "notes.txt"
    other.write_text("not a database at all\n", encoding="utf-8")
    code, _, err = run(["demo", "--db", str(other), "--no-open"], capsys)
    assert code == 1 and other.read_text(encoding="utf-8") == "not a database at all\n"


def test_default_path_is_the_demo_file_in_the_user_data_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shown: list[dict]) -> None:
    code, _, err = run(["demo", "--cases", "3", "--today", "2026-11-23", "--no-open"], capsys)
    assert code == 0
    expected = tmp_path / "xdg-data" / "caseload" / "demo.db"  # XDG_DATA_HOME from conftest
    assert expected.is_file() and str(expected) in err
    assert not (tmp_path / "xdg-data" / "caseload" / "caseload.db").exists()


@pytest.mark.parametrize("args", [["--today", "2026-02-30"], ["--cases", "-1"],
                                  ["--seed", "x"]])
def test_bad_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      args: list[str]) -> None:
    code, out, _ = run(["demo", "--db", str(tmp_path / "d.db"), "--no-open", *args], capsys)
    assert code == 2 and out == ""
    assert not (tmp_path / "d.db").exists()
