"""The importer's reasons and messages come from the catalogue: Danish by default, English
with ``--lang en``; each still names the file, the line and the field."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from caseload import i18n, identity
from caseload.importer.readers import RawRecord, read_bytes
from caseload.importer.validate import validate
from tests.access.conftest import run_as

from .conftest import good, write_jsonl

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

# (form overrides, field, Danish reason, English reason)
CASES = [
    ({"weekly_hours": "many"}, "weekly_hours", "skal være et tal", "must be a number"),
    ({"weekly_hours": 99}, "weekly_hours", "skal være mellem 0 og 80",
     "must be between 0 and 80"),
    ({"first_absence_day": "31.02.2026"}, "first_absence_day",
     "er ikke en dato (ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ)",
     "is not a date (YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY)"),
    ({"name": None}, "name", "skal udfyldes, men mangler eller er tomt",
     "is required but missing or empty"),
    ({"cpr": "12345"}, "cpr", "et CPR-nummer har 10 cifre (DDMMÅÅSSSS eller DDMMÅÅ-SSSS)",
     "a CPR number has 10 digits (DDMMYYSSSS or DDMMYY-SSSS)"),
    ({"cpr": "320182-1234"}, "cpr",
     "de første seks cifre i CPR-nummeret er ikke en rigtig dato",
     "the first six digits of the CPR number are not a real date"),
    ({"received": "2027-01-01"}, "received", "ligger i fremtiden", "lies in the future"),
    ({"in_treatment": "maybe"}, "in_treatment", "skal være true/false, ja/nej, yes/no eller 1/0",
     "must be true/false, ja/nej, yes/no or 1/0"),
    ({"postal_code": "12"}, "postal_code", "skal være 4 cifre", "must be 4 digits"),
    ({"employer_name": ["a"]}, "employer_name",
     "skal være tekst, ikke en liste, et objekt, et tal med decimaler eller en sandhedsværdi",
     "must be text, not a list, object, number with decimals or boolean"),
]


def _reasons(form: dict[str, object]) -> list[tuple[str | None, str]]:
    raw = json.dumps(form)
    checked = validate(RawRecord("f.jsonl", 1, raw, data=dict(form)), today=TODAY, now=NOW)
    assert checked.rejected is not None
    return [(r.field, r.message) for r in checked.rejected.reasons]


@pytest.mark.parametrize(("overrides", "field", "danish", "english"), CASES)
def test_each_reason_in_both_languages(overrides, field, danish, english) -> None:  # noqa: ANN001
    form = good(**overrides)
    i18n.set_language("da")
    assert (field, danish) in _reasons(form)
    i18n.set_language("en")
    assert (field, english) in _reasons(form)


def test_reading_errors_in_both_languages() -> None:
    bad = b'{"form_id": "A"}\n[1, 2]\n{"form_id": \n'
    i18n.set_language("da")
    assert [r.error for r in read_bytes("f.jsonl", bad, ".jsonl")] == [
        None, "et skema skal være et JSON-objekt",
        "ødelagt JSON: Expecting value (kolonne 12)"]
    assert read_bytes("f.csv", b"a;b\n1;2;3\n", ".csv")[0].error == \
        "rækken har 3 celler, overskriften har 2"
    i18n.set_language("en")
    assert [r.error for r in read_bytes("f.jsonl", bad, ".jsonl")] == [
        None, "a form must be a JSON object", "broken JSON: Expecting value (column 12)"]
    assert read_bytes("f.csv", b"a;b\n1;2;3\n", ".csv")[0].error == \
        "the row has 3 cells, the header has 2"


def test_the_cli_says_it_in_danish_by_default_and_in_english_with_lang(
        engine, db_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """Through the CLI in a subprocess: the rejection line names file, line, form id and
    field; the summary is in the language chosen; what is stored is the same."""
    engine.dispose()
    path = write_jsonl(tmp_path / "forms.jsonl", [
        good(form_id="OK-1", cpr="150381-1234"),
        good(form_id="BAD-1", cpr="160382-1235", weekly_hours="many")])
    me = identity.current_login()
    code, out, err = run_as(me, "import", path, "--db", db_path, "--today", "2026-11-23",
                            lang="")  # LANG=C.UTF-8 here: the default, Danish
    assert code == 1, err
    assert "Traceback" not in err
    lines = out.splitlines()
    assert lines[0].startswith("1 fil(er), 2 skema(er) læst: 1 importeret (1 ny(e) sag(er)")
    assert f"afvist {path}:2 BAD-1 weekly_hours: skal være et tal" in lines
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT source_line, reasons FROM import_issues").fetchall()
        forms = conn.execute("SELECT form_id FROM forms").fetchall()
    conn.close()
    assert forms == [("OK-1",)]
    assert [(line, json.loads(reasons)) for line, reasons in stored] == [
        (2, [{"field": "weekly_hours", "message": "skal være et tal"}])]
    code, out, err = run_as(me, "--lang", "en", "import", path, "--db", db_path,
                            "--today", "2026-11-23", lang="")
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0].startswith("1 file(s), 2 form(s) read: 0 imported (0 new case(s)")
    assert "1 skipped as already imported, 1 rejected" in lines[0]
    assert f"rejected {path}:2 BAD-1 weekly_hours: must be a number (already on record)" \
        in lines
