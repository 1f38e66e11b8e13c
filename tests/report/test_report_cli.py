"""``caseload report`` and ``caseload digest`` through the CLI's entry point."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from caseload.domain.report import HIDDEN
from tests.probe import loaded

from .conftest import CPRS, NAMES, ON


def assert_no_citizen(text: str) -> None:
    for number in CPRS:
        assert number not in text and f"{number[:6]}-{number[6:]}" not in text
        assert f"{number[:6]}-xxxx" not in text
    for name in NAMES:
        assert name.split()[0] not in text and name.split()[1] not in text


def test_json(cli, report_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, err = cli("report", "--db", report_db.path, "--all", "--today", ON, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["groups"]["participant"]["cases"] == 6
    assert data["groups"]["outside"]["cases"] == HIDDEN
    assert data["period"] == {"since": "2026-09-07", "until": ON, "today": ON}
    assert_no_citizen(out)


def test_days_are_read_as_a_person_writes_them(cli, report_db) -> None:  # noqa: ANN001
    from datetime import date

    on = date.fromisoformat(ON)
    code, out, err = cli("report", "--db", report_db.path, "--all", "--today",
                         on.strftime("%d.%m.%Y"), "--since", "15.9.2026", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["period"] == {"since": "2026-09-15", "until": ON, "today": ON}


def test_table_in_english_and_danish(cli, report_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, _ = cli("report", "--db", report_db.path, "--all", "--today", ON)
    assert code == 0
    assert "Cases in the period" in out and "Participant" in out and "<5" in out
    assert "Still on benefit after week 8 (KM)" in out
    monkeypatch.setenv("CASELOAD_LANG", "da")
    code, out, _ = cli("report", "--db", report_db.path, "--all", "--today", ON)
    assert "Sager i perioden" in out and "Deltager" in out and "83 %" in out
    assert_no_citizen(out)


def test_csv_cells_are_neutral(cli, report_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, _ = cli("report", "--db", report_db.path, "--all", "--today", ON, "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert ["Cases in the period", "6", "7", "<5"] in rows
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row)
    assert_no_citizen(out)


def test_neutral_prefixes_formula_cells() -> None:
    from caseload.reporting.csvout import neutral

    assert [neutral(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "<5")] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok", "<5"]


def test_pdf_is_owner_only_and_holds_no_citizen(cli, report_db, tmp_path: Path,  # noqa: ANN001
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("CASELOAD_LANG", "en")
    target = tmp_path / "report.pdf"
    code, out, err = cli("report", "--db", report_db.path, "--all", "--today", ON,
                         "--pdf", target)
    assert (code, out) == (0, "")
    assert str(target) in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "The trial: participants and controls" in text
    assert "Cases in the period 6 7 <5" in text
    assert len(reader.pages[0].images) == 1  # the survival curves, a real chart
    assert_no_citizen(text + json.dumps(reader.metadata))


def test_usage_errors_exit_2(cli, report_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    for args, message in (
            (["--since", "2026-13-01"], "--since '2026-13-01' is not a date (e.g. 2026-12-05,"
                                              " 05.12.2026, 5/12, i morgen, +7, mandag)"),
            (["--since", "2026-12-01", "--until", "2026-11-01"], "--since is after --until"),
            (["--quiet-days", "0"], "--quiet-days must be 1 or more, not 0"),
            (["--as", "anna", "--all"], "use --as USER or --all, not both"),
            (["--json", "--csv"], "use one of --json, --csv or --pdf")):
        code, out, err = cli("report", "--db", report_db.path, *args)
        assert (code, out, err) == (2, "", f"caseload: {message}\n"), args


def test_a_caseworker_may_not_ask_for_the_team(cli, report_db, monkeypatch) -> None:  # noqa: ANN001
    from caseload import identity

    monkeypatch.setattr(identity, "current_login", lambda: "anna")
    code, out, err = cli("report", "--db", report_db.path, "--all", "--today", ON, "--json")
    assert (code, out) == (1, "")
    assert "--all" in err
    code, out, _ = cli("report", "--db", report_db.path, "--today", ON, "--json")
    assert code == 0 and json.loads(out)["groups"]["control"]["cases"] == 0


def test_digest_text_and_json(cli, report_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("CASELOAD_LANG", "en")
    code, out, _ = cli("digest", "--db", report_db.path, "--all", "--today", ON, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["week"], data["from"], data["to"]) == ("2027-W01", "2027-01-04", "2027-01-10")
    by_login = {w["caseworker"]: w for w in data["caseworkers"]}
    assert set(by_login) >= {"anna", "bo"}
    # anna's two open participants and two open outside cases owe their first follow-up
    # (due 2026-11-01) and nothing was held: overdue; quiet since the first day of absence
    anna = by_login["anna"]
    assert {i["obligation"] for i in anna["overdue"]} >= {"first_follow_up"}
    assert all(i["cpr"].endswith("-xxxx") for i in anna["overdue"])
    assert {q["days"] for q in anna["quiet"]} <= {112, 84}  # F or the partial return
    code, text, _ = cli("digest", "--db", report_db.path, "--as", "bo", "--today", ON,
                        "--week", "2026-W53")
    assert code == 0
    assert text.startswith("Weekly digest for bo, week 2026-W53 (2026-12-28 – 2027-01-03)")
    assert "Overdue on 2026-12-28:" in text
    code, _, err = cli("digest", "--db", report_db.path, "--week", "2026-53")
    assert (code, err) == (2, "caseload: --week '2026-53' is not an ISO week "
                              "(YYYY-Www, e.g. 2026-W46)\n")


STATS = ("lifelines", "matplotlib", "pandas", "numpy", "scipy", "plotext", "textual_plotext")


def test_only_the_report_loads_the_statistics(report_db) -> None:  # noqa: ANN001
    quick = loaded(STATS, "overdue", "--all", "--json", "--db", report_db.path, "--today", ON)
    assert quick == {"code": 0, "heavy": []}
    digest = loaded(STATS, "digest", "--all", "--json", "--db", report_db.path, "--today", ON)
    assert digest == {"code": 0, "heavy": []}
    report = loaded(STATS, "report", "--all", "--json", "--db", report_db.path, "--today", ON)
    assert report["code"] == 0
    assert "lifelines" in report["heavy"] and "matplotlib" not in report["heavy"]
