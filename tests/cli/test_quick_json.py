"""``caseload overdue --json`` and ``caseload today --json``: exact keys, values and order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import DAY, ON

KEYS = ["case_id", "citizen", "cpr", "caseworker", "week", "category", "group", "exempt",
        "obligation", "due", "book_by", "days_overdue", "booked"]
INTERVIEW_KEYS = ["case_id", "citizen", "cpr", "time", "kind", "mode", "status"]


def row(case_id: int, citizen: str, cpr: str, caseworker: str | None, week: int,
        category: int | None, group: str, exempt: bool, obligation: str, due: str,
        book_by: str, days: int, booked: str | None = None) -> dict:
    return dict(zip(KEYS, [case_id, citizen, cpr, caseworker, week, category, group, exempt,
                           obligation, due, book_by, days, booked], strict=True))


@pytest.fixture
def expected(case_ids: dict[str, int]) -> dict[str, dict]:
    ids = case_ids
    return {
        "aase": row(ids["aase"], "Åse Østergård", "020291-xxxx", "anna", 12, None,
                    "participant", False, "first_follow_up", "2026-10-25", "2026-10-23", 28),
        "jens": row(ids["jens"], "Jens Hansen", "150382-xxxx", "anna", 11, None, "control",
                    False, "first_follow_up", "2026-11-01", "2026-10-30", 21),
        "bo": row(ids["bo"], "Bo Berg", "040488-xxxx", "bo", 10, None, "outside", True,
                  "first_follow_up", "2026-11-08", "2026-11-06", 14),
        "nobody": row(ids["nobody"], "Ny Ansat", "050595-xxxx", None, 9, None, "outside",
                      False, "first_follow_up", "2026-11-15", "2026-11-13", 7),
    }


def load(out: str) -> object:
    return json.loads(out)  # stdout holds the JSON and nothing else


def test_booked_is_the_next_booking_that_would_meet_the_obligation(
        cli, caseload_db: Path, expected: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked on the real today (the stored obligations), Jens's follow-up interview booked
    for 10:30 would meet his first follow-up; Åse's 09:00 was a no-show. A day gone by
    shows no booking (bookings carry no date of their own): the tests above."""
    from caseload import clock

    monkeypatch.setattr(clock, "today", lambda: DAY)
    code, out, err = cli("overdue", "--db", caseload_db, "--as", "anna", "--json")
    assert (code, err) == (0, "")
    assert load(out) == [expected["aase"], {**expected["jens"], "booked": "2026-11-22T10:30:00"}]


def test_overdue_for_a_caseworker_most_overdue_first(cli, caseload_db: Path,
                                                      expected: dict) -> None:
    code, out, err = cli("overdue", "--db", caseload_db, "--today", ON, "--as", "anna",
                         "--json")
    assert (code, err) == (0, "")
    rows = load(out)
    assert rows == [expected["aase"], expected["jens"]]
    assert all(list(r) == KEYS for r in rows)


def test_overdue_for_the_team_leaves_out_closed_cases(cli, caseload_db: Path,
                                                       expected: dict) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--all", "--json")
    assert code == 0
    assert load(out) == [expected[k] for k in ("aase", "jens", "bo", "nobody")]


def test_default_caseworker_is_the_login_name(cli, caseload_db: Path, expected: dict,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from caseload import identity

    monkeypatch.setattr(identity, "current_login", lambda: "bo")
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--json")
    assert code == 0
    assert load(out) == [expected["bo"]]


def test_database_from_the_environment(cli, caseload_db: Path, expected: dict,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELOAD_DB", str(caseload_db))
    code, out, _ = cli("overdue", "--today", ON, "--as", "bo", "--json")
    assert (code, load(out)) == (0, [expected["bo"]])


def test_an_obligation_met_after_the_asked_day_was_overdue_on_it(cli, caseload_db: Path,
                                                                  case_ids: dict) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", "2026-11-05", "--as",
                       "anna", "--json")
    assert code == 0
    rows = load(out)
    assert [(r["case_id"], r["obligation"], r["days_overdue"]) for r in rows] == [
        (case_ids["closed"], "first_follow_up", 39),  # closed on 11-20: open on 11-05
        (case_ids["aase"], "first_follow_up", 11),
        (case_ids["jens"], "first_follow_up", 4),
        (case_ids["late"], "first_follow_up", 4),
    ]
    late = rows[3]
    assert (late["citizen"], late["cpr"], late["week"], late["group"]) == (
        "Lis Sen", "030375-xxxx", 9, "outside")
    assert late["category"] is None  # set to 2 on 11-10: not yet on 11-05


def test_nothing_is_overdue_before_the_first_due_date(cli, caseload_db: Path) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", "2026-09-20", "--all",
                       "--json")
    assert (code, load(out)) == (0, [])


def test_limit_caps_the_json_rows(cli, caseload_db: Path, expected: dict) -> None:
    code, out, _ = cli("overdue", "--db", caseload_db, "--today", ON, "--all", "--json",
                       "--limit", "2")
    assert (code, load(out)) == (0, [expected["aase"], expected["jens"]])


def test_today_lists_interviews_and_what_falls_due(cli, caseload_db: Path,
                                                   case_ids: dict) -> None:
    code, out, err = cli("today", "--db", caseload_db, "--today", ON, "--as", "anna",
                         "--json")
    assert (code, err) == (0, "")
    data = load(out)
    assert list(data) == ["date", "interviews", "due_today"]
    assert data["date"] == ON
    assert data["interviews"] == [
        dict(zip(INTERVIEW_KEYS, [case_ids["aase"], "Åse Østergård", "020291-xxxx", "09:00",
                                  "follow_up", "phone", "no_show"], strict=True)),
        dict(zip(INTERVIEW_KEYS, [case_ids["jens"], "Jens Hansen", "150382-xxxx", "10:30",
                                  "follow_up", "in_person", "booked"], strict=True)),
    ]
    assert data["due_today"] == [
        row(case_ids["aase"], "Åse Østergård", "020291-xxxx", "anna", 12, None, "participant",
            False, "active_offer", ON, "2026-11-20", 0),
    ]


def test_today_for_someone_with_nothing_on(cli, caseload_db: Path) -> None:
    code, out, _ = cli("today", "--db", caseload_db, "--today", ON, "--as", "bo", "--json")
    assert (code, load(out)) == (0, {"date": ON, "interviews": [], "due_today": []})


def test_today_as_a_plain_function(caseload_db: Path, capsys: pytest.CaptureFixture) -> None:
    """``caseload demo`` calls ``today()`` directly to print the overview."""
    from caseload.quickcheck.options import Request
    from caseload.quickcheck.run import today

    today(Request("today", db=str(caseload_db), as_user="anna", on=ON, as_json=True))
    assert [i["time"] for i in load(capsys.readouterr().out)["interviews"]] == ["09:00",
                                                                                  "10:30"]
