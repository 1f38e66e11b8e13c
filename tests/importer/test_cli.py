"""``caseload import`` from the command line: the done-when batch, exit codes, output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.importer.conftest import FIXTURES, dump, good, run_cli, write_csv, write_jsonl

BATCH = FIXTURES / "batch"
TODAY = ["--today", "2026-11-23"]


def imp(args: list[str], db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(["import", *args, "--db", str(db), *TODAY], capsys)


def test_the_done_when_batch_imports_the_good_rejects_the_rest_and_reruns_as_skipped(
        engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = imp([str(BATCH)], db_path, capsys)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == ("3 file(s), 13 form(s) read: 4 imported (4 new case(s), 0 attached to "
                        "an open case, 0 flagged for review), 2 skipped as already imported, "
                        "5 rejected, 2 conflict(s), 2 warning(s)")
    assert f"1 file(s) left alone (not .json, .jsonl or .csv): {BATCH / 'readme.txt'}" in lines
    issues = [line for line in lines if line.startswith(("rejected ", "conflict "))]
    assert issues == [
        f"rejected {BATCH}/1-forms.json:18 OS-2026-000101 cpr: is required but missing or empty",
        f"rejected {BATCH}/1-forms.json:37 OS-2026-000102 weekly_hours: must be between 0 and 80",
        f"rejected {BATCH}/2-forms.jsonl:4 - -: broken JSON: Expecting property name enclosed "
        "in double quotes (column 77)",
        f"conflict {BATCH}/2-forms.jsonl:5 OS-2026-000002 form_id: was imported before with "
        f"other content (from {BATCH}/1-forms.json:26); the stored form is kept, this one "
        "awaits review",
        f"rejected {BATCH}/3-forms.csv:4 OS-2026-000104 postal_code: must be 4 digits",
        f"rejected {BATCH}/3-forms.csv:5 - -: the row has 4 cells, the header has 11",
        f"conflict {BATCH}/3-forms.csv:6 OS-2026-000001 form_id: was imported before with "
        f"other content (from {BATCH}/1-forms.json:2); the stored form is kept, this one "
        "awaits review",
    ]
    content = dump(db_path)
    assert sorted(f[0] for f in content["forms"]) == [
        "OS-2026-000001", "OS-2026-000002", "OS-2026-000003", "OS-2026-000004"]
    assert "Søren Ærø Åsted" in [c[1] for c in content["citizens"]]  # from Windows-1252
    assert len(content["issues"]) == 7

    code, out, _ = imp([str(BATCH), "--json"], db_path, capsys)
    assert code == 1
    summary = json.loads(out)
    assert (summary["imported"], summary["skipped"], summary["rejected"],
            summary["conflicts"]) == (0, 6, 5, 2)
    assert all(issue["known"] for issue in summary["issues"])
    assert dump(db_path) == content


def test_a_clean_batch_exits_0_and_json_is_alone_on_stdout(
        engine: Engine, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good(form_id="A")])
    write_csv(tmp_path / "b.csv", [good(form_id="B", cpr="010190-1234")], ",", "utf-8-sig")
    code, out, err = imp([str(tmp_path / "a.jsonl"), str(tmp_path / "b.csv"), "--json"],
                         db_path, capsys)
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert (summary["files"], summary["imported"], summary["new_cases"]) == (2, 2, 2)


@pytest.mark.parametrize("args,message", [
    (["/no/such/folder"], "no such file or folder: /no/such/folder"),
    ([], "name at least one file or folder"),
    (["--rejected", "x.csv"], "give it no paths"),
])
def test_usage_errors_exit_2(args: list[str], message: str, engine: Engine, db_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = imp(args, db_path, capsys)
    assert code == 2 and out == "" and message in err
    assert "Traceback" not in err


def test_a_bad_today_or_an_unknown_assignee_exit_2(
        engine: Engine, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELOAD_LANG", "en")
    path = write_jsonl(tmp_path / "a.jsonl", [good()])
    code, _, err = run_cli(["import", str(path), "--db", str(db_path), "--today", "31.02.2026"],
                           capsys)
    assert code == 2
    code, _, err = imp([str(path), "--assign", "nobody"], db_path, capsys)
    assert code == 2 and "no caseworker with the login 'nobody'" in err
    assert dump(db_path)["forms"] == []


def test_no_database_is_a_domain_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [good()])
    code, _, err = imp([str(path)], tmp_path / "none.db", capsys)
    assert code == 1 and "caseload init" in err


def test_dry_run_validates_and_writes_nothing(
        engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(db_path)
    code, out, _ = imp([str(BATCH), "--dry-run"], db_path, capsys)
    assert code == 1
    assert out.startswith("dry run, nothing written: 3 file(s), 13 form(s) read: 4 imported")
    assert dump(db_path) == before


def test_rejected_lists_what_is_still_open(
        engine: Engine, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["import", "--rejected", "--db", str(db_path)], capsys)
    assert (code, out) == (0, "no rejected or conflicting forms are waiting\n")
    path = write_jsonl(tmp_path / "a.jsonl", [good(form_id="A", postal_code="1"),
                                              good(form_id="A2", cpr="1")])
    imp([str(path)], db_path, capsys)
    code, out, _ = run_cli(["import", "--rejected", "--db", str(db_path)], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"#1 rejected {path}:1 A postal_code: must be 4 digits",
        f"#2 rejected {path}:2 A2 cpr: a CPR number has 10 digits (DDMMYYSSSS or DDMMYY-SSSS)",
    ]
    code, out, _ = run_cli(["import", "--rejected", "--json", "--db", str(db_path)], capsys)
    assert [i["form_id"] for i in json.loads(out)] == ["A", "A2"]


def test_output_never_shows_a_full_cpr_number_or_health_text(
        engine: Engine, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    forms = [good(form_id="150381-1234", cpr="150381-1234", postal_code="x",
                  sickness_description="Diskusprolaps i lænden"),
             good(form_id="B", cpr="150381-1234", employment_status="Diskusprolaps"),
             good(form_id="C", cpr="3213811234", treatment_description="Kemoterapi")]
    path = write_jsonl(tmp_path / "1503811234.jsonl", forms)
    for extra in ([], ["--json"]):
        code, out, err = imp([str(path), *extra], db_path, capsys)
        text = out + err
        assert code == 1
        assert not re.search(r"[0-9]{6}-?[0-9]{4}(?!-xxxx)", text.replace("-xxxx", ""))
        assert "150381-xxxx" in text
        assert "Diskusprolaps" not in text and "Kemoterapi" not in text
    code, out, _ = run_cli(["import", "--rejected", "--db", str(db_path)], capsys)
    assert "1503811234" not in out and "150381-1234" not in out


def test_an_undecodable_file_is_reported_with_its_name_and_offset(
        engine: Engine, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"form_id;name\nA;S\x9dren\n")
    code, out, _ = imp([str(path)], db_path, capsys)
    assert code == 1
    assert f"rejected {path}:2 - -: byte 0x9D at offset 16 is neither UTF-8 nor " \
           "Windows-1252" in out


def test_imported_cases_show_in_overdue_and_today_straight_after(
        engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imp([str(BATCH)], db_path, capsys)
    db = ["--db", str(db_path), "--all", "--json"]
    code, out, _ = run_cli(["overdue", *db, "--today", "2026-12-10"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [(r["citizen"], r["obligation"]) for r in rows] == [
        ("Åse Bøgh", "first_follow_up"), ("Mette Kjær Hansen", "first_follow_up")]
    assert rows[0]["cpr"] == "010190-xxxx"
    # Åse's was due 11-22, before the cases were opened (imported 11-23): that day it did
    # not exist yet. Mette's falls due on 11-29.
    code, out, _ = run_cli(["today", *db, "--today", rows[1]["due"]], capsys)
    assert [r["citizen"] for r in json.loads(out)["due_today"]] == ["Mette Kjær Hansen"]



def test_the_summary_keeps_a_bounded_number_of_lines_and_the_database_every_rejection(
        engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from caseload.importer import report

    monkeypatch.setattr(report, "MAX_ISSUE_LINES", 3)
    write_jsonl(tmp_path / "bad.jsonl", [good(form_id=f"B{i}", postal_code="12")
                                         for i in range(5)] + [good()])
    code, out, _ = imp([str(tmp_path / "bad.jsonl")], db_path, capsys)
    assert code == 1
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("rejected ")] == [
        f"rejected {tmp_path}/bad.jsonl:{n} B{n - 1} postal_code: must be 4 digits"
        for n in (1, 2, 3)]
    from caseload.i18n import t

    assert lines[-1] == t("import_access.issues_left_off", n=2)
    assert len(dump(db_path)["issues"]) == 5 and len(dump(db_path)["forms"]) == 1
    code, out, _ = imp([str(tmp_path / "bad.jsonl"), "--json"], db_path, capsys)
    summary = json.loads(out)
    assert (len(summary["issues"]), summary["issues_left_off"], summary["rejected"]) == (3, 2, 5)
