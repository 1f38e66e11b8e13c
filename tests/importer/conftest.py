"""Helpers for the import tests: valid forms, files in every format, a migrated database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"
CPR_ODD = "150381-1234"  # born 15 March 1981: odd year → participant
CPR_EVEN = "160382-1235"  # born 16 March 1982: even year → control


def good(**overrides: object) -> dict[str, object]:
    """A valid form (the spec's example), with fields changed or dropped (value None)."""
    form: dict[str, object] = {
        "form_id": "OS-2026-004211", "received": "2026-11-20T07:41:00+01:00",
        "cpr": "150382-1234", "name": "Mette Kjær Hansen", "first_absence_day": "2026-10-05",
        "employment_status": "employed", "employer_name": "Herning Kommune, Hjemmeplejen",
        "employer_cvr": "29189919", "job_title": "Social- og sundhedshjælper",
        "weekly_hours": 32, "expected_duration": "over_8_weeks",
        "partial_return_possible": "yes", "sickness_description": "Smerter i lænd efter fald",
        "in_treatment": True, "employer_contact_consent": True,
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def write_jsonl(path: Path, forms: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in forms), "utf-8")
    return path


def write_json(path: Path, forms: list[dict[str, object]] | dict[str, object]) -> Path:
    path.write_text(json.dumps(forms, ensure_ascii=False, indent=2), "utf-8")
    return path


def csv_text(forms: list[dict[str, object]], delimiter: str = ";") -> str:
    names: list[str] = []
    for form in forms:
        names.extend(k for k in form if k not in names)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for form in forms:
        writer.writerow({k: _cell(v) for k, v in form.items()})
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def write_csv(path: Path, forms: list[dict[str, object]], delimiter: str = ";",
              encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(forms, delimiter).encode(encoding))
    return path


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated template with whoever runs the tests as its team lead, as
    ``caseload init`` makes them: only a lead or the import account imports every form."""
    from caseload import identity
    from caseload.services.caseworkers import add_caseworker
    from caseload.services.db import init_database
    from caseload.store.uow import write_session

    path = tmp_path_factory.mktemp("import-template") / "caseload.db"
    engine, _, _ = init_database(path)
    with write_session(engine) as session:
        add_caseworker(session, login=identity.current_login(), name="Lead", role="team_lead")
    engine.dispose()
    return path


DUMP_QUERIES = {
    "citizens": "SELECT cpr, name, birth_date, address, postal_code, city, phone, email,"
                " employment_status, employer_name, employer_cvr, job_title,"
                " weekly_hours, unemployment_fund, edited_fields FROM citizens",
    "cases": "SELECT z.cpr, c.first_absence_day, c.status, c.\"group\","
             " c.group_decided_on, w.login, c.suggested_category, c.expected_duration,"
             " c.expected_return_date, c.needs_review, c.review_reason, c.next_due,"
             " c.version FROM cases c JOIN citizens z ON z.id = c.citizen_id"
             " LEFT JOIN caseworkers w ON w.id = c.caseworker_id",
    "forms": "SELECT f.form_id, f.content_hash, f.raw, f.received, z.cpr,"
             " c.first_absence_day, f.source_file, f.source_line FROM forms f"
             " JOIN citizens z ON z.id = f.citizen_id"
             " LEFT JOIN cases c ON c.id = f.case_id",
    "obligations": "SELECT z.cpr, c.first_absence_day, o.kind, o.seq, o.due,"
                   " o.book_by, o.met_on, o.requirement FROM obligations o"
                   " JOIN cases c ON c.id = o.case_id"
                   " JOIN citizens z ON z.id = c.citizen_id",
    "issues": "SELECT kind, form_id, content_hash, source_file, source_line, raw,"
              " reasons, resolved_at IS NOT NULL FROM import_issues",
}


def dump(db: Path) -> dict[str, list[tuple]]:
    """The database's content as the import leaves it, without ids or timestamps, sorted:
    equal dumps mean the same citizens, cases, forms, obligations and issues."""
    conn = sqlite3.connect(db)
    try:
        return {name: sorted(conn.execute(sql).fetchall(), key=repr)
                for name, sql in DUMP_QUERIES.items()}
    finally:
        conn.close()


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``caseload ARGS`` in this process: exit code, stdout, stderr."""
    from caseload.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


@pytest.fixture(autouse=True)
def _own_cache_and_holidays(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A private cache folder (the holiday cache), and the core's holiday source restored
    after a test whose ``caseload import`` installed the cache."""
    from caseload.domain import calendar

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    yield
    calendar.use_holidays(None)


@pytest.fixture(autouse=True)
def _in_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The importer's tests read its reasons in English (``--lang en``; the CLI in-process
    takes ``CASELOAD_LANG``); Danish, the default, is asserted where a test says so
    (``test_reasons_language.py``). The language is restored after each test."""
    from caseload import i18n

    before = i18n.language()
    monkeypatch.setenv("CASELOAD_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language(before)
