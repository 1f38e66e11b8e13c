"""The tables for a person (Rich), and the errors: exit codes, one line, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import ON


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELOAD_LANG", "en")
    monkeypatch.delenv("COLUMNS", raising=False)


def lines_with(out: str, text: str) -> list[str]:
    return [line for line in out.splitlines() if text in line]


def test_overdue_table_most_overdue_first(cli, caseload_db: Path) -> None:
    code, out, err = cli("overdue", "--db", caseload_db, "--today", ON, "--as", "anna")
    assert (code, err) == (0, "")
    assert "Overdue · anna · 2026-11-22" in out
    aase, jens = lines_with(out, "Åse Østergård")[0], lines_with(out, "Jens Hansen")[0]
    assert out.index(aase) < out.index(jens)
    assert aase.split() == ["28", "Åse", "Østergård", "020291-xxxx", "12", "–", "Partic.",
                            "1st", "follow-up", "2026-10-25", "2026-10-23"]
    assert "showing" not in out  # all rows fit under the default limit


def test_team_table_has_the_caseworker_and_marks_exemption(cli, caseload_db: Path) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--all")
    assert code == 0
    assert "Whole team" in out and "Caseworker" in out
    assert lines_with(out, "Bo Berg")[0].split()[-1] == "bo"
    assert "Outside (exempt)" in lines_with(out, "Bo Berg")[0]
    assert lines_with(out, "Ny Ansat")[0].split()[-1] == "–"  # no caseworker


def test_table_limit_and_footer(cli, caseload_db: Path) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--all", "--limit",
                       "2")
    assert code == 0
    assert "showing 2 of 4; --limit 0 for all" in out
    assert lines_with(out, "Bo Berg") == []
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--all", "--limit",
                       "0")
    assert lines_with(out, "Ny Ansat") and "showing" not in out


def test_nothing_overdue_says_so(cli, caseload_db: Path) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", "2026-09-20", "--all")
    assert (code, out.strip()) == (0, "Nothing is overdue")


def test_today_table(cli, caseload_db: Path) -> None:
    code, out, _ = cli("today", "--db", caseload_db, "--today", ON, "--as", "anna")
    assert code == 0
    assert lines_with(out, "09:00")[0].split() == ["09:00", "Åse", "Østergård", "020291-xxxx",
                                                   "Follow-up", "Phone", "No-show"]
    assert "Due today · anna · 2026-11-22" in out
    assert "Active offer" in lines_with(out, "2026-11-20")[0]
    code, out, _ = cli("today", "--db", caseload_db, "--today", ON, "--as", "bo")
    assert out.split("\n", 1)[0] == "No interviews booked today"
    assert "Nothing due today" in out


# -- errors ------------------------------------------------------------------------------

def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", ["overdue", "today"])
def test_unknown_caseworker_exits_1(cli, caseload_db: Path, command: str) -> None:
    code, out, err = cli(command, "--db", caseload_db, "--as", "nobody", "--json")
    assert (code, out) == (1, "")
    assert "unknown caseworker 'nobody'" in one_line(err)


@pytest.mark.parametrize("day", ["2026-13-01", "31.02.2026", "20261122", "2026-W47-1",
                                 "someday", ""])
def test_a_date_that_cannot_be_read_exits_2(cli, caseload_db: Path, day: str) -> None:
    code, out, err = cli("overdue", "--db", caseload_db, "--today", day, "--all", "--json")
    assert (code, out) == (2, "")
    assert "is not a date (e.g. 2026-12-05, 05.12.2026" in one_line(err)


@pytest.mark.parametrize("day", ["2026-11-22", "22.11.2026", "22/11/2026", "22. november 2026"])
def test_danish_dates_are_read(cli, caseload_db: Path, day: str) -> None:
    code, out, _ = cli("today", "--db", caseload_db, "--today", day, "--all", "--json")
    assert code == 0 and '"date": "2026-11-22"' in out


@pytest.mark.parametrize("args", [
    ["overdue", "--bogus"], ["today", "--limit", "many"], ["overdue", "--limit", "-1"],
    ["overdue", "--as", "anna", "--all"], ["overdue", "--today"], ["no-such-command"],
])
def test_usage_errors_exit_2_on_one_line(cli, caseload_db: Path, args: list[str]) -> None:
    code, out, err = cli(*args, "--db", caseload_db)
    assert (code, out) == (2, "")
    assert one_line(err).startswith("caseload: ")


def test_a_db_path_that_does_not_exist_is_a_usage_error(cli, tmp_path: Path,
                                                        monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, err = cli("overdue", "--db", tmp_path / "none.db", "--all")
    assert (code, out) == (2, "")
    assert "none.db: no such file" in one_line(err)


def test_with_only_the_demo_the_quick_check_says_how_to_use_it(cli, monkeypatch) -> None:  # noqa: ANN001
    from caseload.cli.demo import default_demo_path

    monkeypatch.setenv("CASELOAD_LANG", "en")
    demo = default_demo_path()
    demo.parent.mkdir(parents=True)
    demo.write_bytes(b"")
    code, out, err = cli("overdue")
    assert (code, out) == (1, "")
    assert f"the demo database exists: use 'caseload overdue --db {demo}'" in one_line(err)


def test_default_database_missing_exits_1(cli) -> None:
    code, _, err = cli("today", "--all", "--json")  # XDG_DATA_HOME is a fresh temp dir
    assert code == 1 and "no database at" in one_line(err)


def test_an_unknown_schema_says_a_newer_version_made_it(cli, caseload_db: Path,
                                                        tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    with sqlite3.connect(caseload_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    code, out, err = cli("overdue", "--db", copy, "--all", "--json")
    assert (code, out) == (1, "")
    assert "0000" in one_line(err) and "upgrade caseload" in one_line(
        err.replace("opgrader caseload", "upgrade caseload"))


def test_not_a_database_exits_1(cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is not SQLite " * 100)
    code, out, err = cli("overdue", "--db", junk, "--all")
    assert (code, out) == (1, "")
    assert str(junk) in one_line(err)


def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("caseload ")
