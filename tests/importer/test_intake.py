"""Taking forms in: citizens, cases, groups, caseworkers, obligations, re-runs, conflicts."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.domain.model import CaseFacts, Group
from caseload.domain.rules import obligations
from caseload.errors import UsageError
from caseload.models import Case, Citizen, ImportIssue, ObligationRow, StoredForm
from caseload.rulesets import load
from caseload.services import caseworkers, importing
from caseload.services.importing import Options
from caseload.store.uow import read_session, write_session
from tests.dbcopy import copy_db
from tests.importer.conftest import (
    CPR_EVEN,
    CPR_ODD,
    NOW,
    TODAY,
    dump,
    good,
    write_jsonl,
)


def run(engine: Engine, *paths: Path, **options: object):  # noqa: ANN201
    """Import into the database of ``engine`` on the import's own ``sqlite3`` connection."""
    conn = importing.connect(Path(engine.url.database))
    try:
        return importing.run(conn, list(paths),
                             Options(today=TODAY, now=NOW, clock=lambda: NOW, **options))
    finally:
        conn.close()


def open_issues(db: Path) -> list[dict[str, object]]:
    conn = importing.connect(db)
    try:
        return importing.open_issues(conn)
    finally:
        conn.close()


def cases(engine: Engine) -> list[Case]:
    with read_session(engine) as s:
        return list(s.exec(select(Case).order_by(Case.id)).all())


def test_a_form_creates_citizen_case_stored_form_and_obligations(
        engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [good(cpr=CPR_ODD, postal_code="7400",
                                                   city="Herning")])
    summary = run(engine, path)
    assert (summary.imported, summary.new_citizens, summary.new_cases) == (1, 1, 1)
    with read_session(engine) as s:
        citizen = s.exec(select(Citizen)).one()
        case = s.exec(select(Case)).one()
        form = s.exec(select(StoredForm)).one()
        owed = s.exec(select(ObligationRow).order_by(ObligationRow.due)).all()
    assert (citizen.cpr, citizen.birth_date, citizen.name) == (
        "1503811234", date(1981, 3, 15), "Mette Kjær Hansen")
    assert (citizen.postal_code, citizen.city, citizen.weekly_hours) == ("7400", "Herning", 32.0)
    assert citizen.created_at == NOW  # stored as UTC, read back aware
    assert (case.citizen_id, case.first_absence_day, case.status) == (
        citizen.id, date(2026, 10, 5), "open")
    assert case.group == "participant"  # odd birth year, the default rule set
    assert (case.group_decided_on, case.caseworker_id) == (TODAY, None)
    assert (case.suggested_category, case.category) == (2, None)  # suggested, not decided
    assert case.expected_duration == "over_8_weeks"
    assert (form.form_id, form.case_id, form.source_file, form.source_line) == (
        "OS-2026-004211", case.id, str(path), 1)
    assert form.received == datetime(2026, 11, 20, 6, 41, tzinfo=UTC)
    assert json.loads(form.raw)["sickness_description"] == "Smerter i lænd efter fald"
    # Obligations are there at once, as the rules core computes them for the case.
    expected = obligations(CaseFacts(date(2026, 10, 5), group=Group.PARTICIPANT), load())
    assert [(o.kind, o.due, o.book_by) for o in owed] == [
        (e.kind.value, e.due, e.book_by) for e in expected]
    assert {o.kind for o in owed} == {"first_follow_up", "active_offer"}
    assert case.next_due == min(e.due for e in expected)


def test_rows_written_in_bulk_read_back_like_rows_written_by_the_orm(
        engine: Engine, tmp_path: Path, db_path: Path) -> None:
    from caseload.services.obligations import refresh_case

    run(engine, write_jsonl(tmp_path / "a.jsonl", [good(cpr=CPR_ODD)]))
    with write_session(engine) as s:  # the same kind of rows as ORM objects
        citizen = Citizen(cpr=CPR_EVEN.replace("-", ""), birth_date=date(1982, 3, 16),
                          name="Orm Borger", weekly_hours=32.0, created_at=NOW, updated_at=NOW)
        s.add(citizen)
        s.flush()
        case = Case(citizen_id=citizen.id, first_absence_day=date(2026, 10, 5),
                    opened_on=TODAY, group="control", group_decided_on=TODAY,
                    created_at=NOW, updated_at=NOW)
        s.add(case)
        s.flush()
        refresh_case(s, case)
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT birth_date, created_at, typeof(weekly_hours) FROM citizens"
                            " ORDER BY id").fetchall()
        case_rows = conn.execute("SELECT first_absence_day, group_decided_on, next_due,"
                                 " created_at, exempt, needs_review FROM cases ORDER BY id"
                                 ).fetchall()
    conn.close()
    assert rows[0][:2] == ("1981-03-15", rows[1][1]) and rows[1][0] == "1982-03-16"
    assert case_rows[0] == case_rows[1]  # same F, same day, same stamp: byte for byte


def test_running_the_same_batch_again_changes_nothing(
        engine: Engine, tmp_path: Path, db_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [good(form_id=f"F{i}", cpr=f"0{i}0190-1234")
                                               for i in range(1, 6)])
    first = run(engine, path)
    before = dump(db_path)
    again = run(engine, path)
    assert (first.imported, first.skipped) == (5, 0)
    assert (again.imported, again.skipped, again.new_cases, again.rejected) == (0, 5, 0, 0)
    assert dump(db_path) == before


def test_same_form_id_with_other_content_is_a_conflict_and_the_stored_form_is_kept(
        engine: Engine, tmp_path: Path, db_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]))
    changed = write_jsonl(tmp_path / "b.jsonl", [good(), good(name="Mette Hansen")])
    summary = run(engine, changed)
    assert (summary.skipped, summary.conflicts, summary.imported) == (1, 1, 0)
    assert not summary.ok
    with read_session(engine) as s:
        stored = s.exec(select(StoredForm)).one()
        issue = s.exec(select(ImportIssue)).one()
        citizen = s.exec(select(Citizen)).one()
    assert "Mette Kjær Hansen" in stored.raw and citizen.name == "Mette Kjær Hansen"
    assert (issue.kind, issue.form_id, issue.source_file, issue.source_line) == (
        "conflict", "OS-2026-004211", str(changed), 2)
    assert "Mette Hansen" in issue.raw and issue.resolved_at is None
    assert json.loads(issue.reasons)[0]["field"] == "form_id"
    before = dump(db_path)
    again = run(engine, changed)  # the same conflict again is not stored twice
    assert again.conflicts == 1 and again.issues[0].known
    assert dump(db_path) == before


def test_a_form_for_the_open_case_with_the_same_first_absence_day_attaches_to_it(
        engine: Engine, tmp_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good(phone="11111111")]))
    summary = run(engine, write_jsonl(tmp_path / "b.jsonl", [good(
        form_id="OS-2", phone="22222222", address="Bredgade 1", first_absence_day="05-10-2026")]))
    assert (summary.attached, summary.new_cases, summary.imported) == (1, 0, 1)
    [case] = cases(engine)
    with read_session(engine) as s:
        forms = s.exec(select(StoredForm)).all()
        citizen = s.exec(select(Citizen)).one()
    assert {f.case_id for f in forms} == {case.id} and len(forms) == 2
    assert (citizen.phone, citizen.address) == ("22222222", "Bredgade 1")
    assert not case.needs_review


def test_a_form_with_another_first_absence_day_flags_the_open_case_for_review(
        engine: Engine, tmp_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]))
    summary = run(engine, write_jsonl(tmp_path / "b.jsonl", [good(
        form_id="OS-2", first_absence_day="2026-11-02")]))
    assert (summary.flagged_for_review, summary.new_cases, summary.imported) == (1, 0, 1)
    [case] = cases(engine)
    assert case.needs_review and case.first_absence_day == date(2026, 10, 5)
    assert case.review_reason == ("form OS-2 gives first absence day 2026-11-02; "
                                  "the case has 2026-10-05")
    assert case.version == 2


def test_within_one_batch_a_new_case_can_be_attached_to_and_flagged(
        engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [
        good(form_id="A"), good(form_id="B"), good(form_id="C", first_absence_day="2026-11-02")])
    summary = run(engine, path)
    assert (summary.new_cases, summary.attached, summary.flagged_for_review) == (1, 1, 1)
    [case] = cases(engine)
    assert case.needs_review and "form C" in case.review_reason


def test_nothing_a_caseworker_typed_is_overwritten(engine: Engine, tmp_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good(expected_duration=None)]))
    with write_session(engine) as s:
        citizen = s.exec(select(Citizen)).one()
        citizen.phone, citizen.name = "99999999", "Mette Kjær"
        citizen.edited_fields = "phone,name"
        case = s.exec(select(Case)).one()
        case.expected_return_date = date(2027, 1, 4)
    run(engine, write_jsonl(tmp_path / "b.jsonl", [good(
        form_id="OS-2", phone="11111111", name="M. K. Hansen", address="Ny vej 2",
        expected_return_date="2026-12-01", expected_duration="under_8_weeks")]))
    with read_session(engine) as s:
        citizen = s.exec(select(Citizen)).one()
        case = s.exec(select(Case)).one()
    assert (citizen.phone, citizen.name, citizen.address) == ("99999999", "Mette Kjær",
                                                              "Ny vej 2")
    assert case.expected_return_date == date(2027, 1, 4)  # kept
    assert (case.expected_duration, case.suggested_category) == ("under_8_weeks", 1)  # filled


def test_a_filled_in_expected_return_date_recomputes_the_obligations(
        engine: Engine, tmp_path: Path) -> None:
    from caseload.services.obligations import refresh_case
    from caseload.services.settings import ruleset

    run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]))
    run(engine, write_jsonl(tmp_path / "b.jsonl", [good(form_id="B",
                                                        expected_return_date="2027-03-01")]))
    with write_session(engine) as s:
        case = s.exec(select(Case)).one()
        stored = sorted((o.kind, o.due) for o in s.exec(select(ObligationRow)).all())
        expected = sorted((o.kind.value, o.due) for o in refresh_case(s, case, ruleset(s)))
    assert case.expected_return_date == date(2027, 3, 1)
    assert stored == expected


def test_groups_follow_the_birth_year(engine: Engine, tmp_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good(form_id="A", cpr=CPR_ODD),
                                                   good(form_id="B", cpr=CPR_EVEN)]))
    assert [c.group for c in cases(engine)] == ["participant", "control"]


def test_caseworkers_get_new_cases_by_day_of_birth_or_all_by_assign(
        engine: Engine, tmp_path: Path) -> None:
    with write_session(engine) as s:
        anna = caseworkers.add_caseworker(s, login="anna", name="Anna", birth_days="1-10").id
        bo = caseworkers.add_caseworker(s, login="bo", name="Bo", birth_days="11-20, 31").id
        caseworkers.add_caseworker(s, login="cat", name="Cat")
    forms = [good(form_id=f"D{day}", cpr=f"{day:02d}0190-1234") for day in (1, 10, 11, 21, 31)]
    run(engine, write_jsonl(tmp_path / "a.jsonl", forms))
    assert [c.caseworker_id for c in cases(engine)] == [anna, anna, bo, None, bo]
    with write_session(engine) as s:
        cat = caseworkers.by_login(s, "cat").id
    more = [good(form_id=f"E{day}", cpr=f"{day:02d}0290-1234") for day in (1, 21)]
    run(engine, write_jsonl(tmp_path / "b.jsonl", more), assign="cat")
    assert [c.caseworker_id for c in cases(engine)][-2:] == [cat, cat]


def test_an_unknown_caseworker_for_assign_is_a_usage_error(
        engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--assign: .*nobody"):
        run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]), assign="nobody")


def test_a_bad_birth_days_setting_is_a_warning_not_a_crash(
        engine: Engine, tmp_path: Path) -> None:
    with write_session(engine) as s:
        caseworkers.add_caseworker(s, login="anna", name="Anna", birth_days="1-40")
    summary = run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]))
    assert summary.imported == 1 and any("anna" in w for w in summary.warnings)


def test_rejected_forms_are_kept_and_resolved_when_the_mended_file_imports(
        engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [good(form_id="A", cpr=CPR_ODD), good(form_id="B", postal_code="74")])
    path.write_text(path.read_text() + "{broken\n")
    summary = run(engine, path)
    assert (summary.imported, summary.rejected) == (1, 2)
    waiting = open_issues(Path(engine.url.database))
    assert [(i["kind"], i["form_id"], i["line"]) for i in waiting] == [
        ("rejected", "B", 2), ("rejected", None, 3)]
    assert waiting[0]["reasons"] == [{"field": "postal_code",
                                          "message": "must be 4 digits"}]
    write_jsonl(path, [good(form_id="A", cpr=CPR_ODD), good(form_id="B", postal_code="7400"),
                       good(form_id="C", cpr=CPR_EVEN)])
    mended = run(engine, path)
    assert (mended.imported, mended.skipped, mended.resolved_issues) == (2, 1, 2)
    assert open_issues(Path(engine.url.database)) == []
    with read_session(engine) as s:
        assert all(i.resolved_at for i in s.exec(select(ImportIssue)).all())


def test_a_dry_run_reports_everything_and_writes_nothing(
        engine: Engine, tmp_path: Path, db_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [good(form_id="A"), good(form_id="B", cpr="1"),
                                              good(form_id="C", cpr=CPR_EVEN)])
    before = dump(db_path)
    summary = run(engine, path, dry_run=True)
    assert (summary.imported, summary.new_cases, summary.attached, summary.rejected) == (
        2, 2, 0, 1)
    assert summary.dry_run and dump(db_path) == before


def test_forms_are_taken_in_chunks_with_the_same_result(
        engine: Engine, tmp_path: Path, db_path: Path, template_db: Path) -> None:
    forms = [good(form_id=f"F{i}", cpr=f"{i % 28 + 1:02d}0{i % 9 + 1}80-1234") for i in range(60)]
    forms += [good(form_id="F3", name="other"), good(form_id="X", postal_code="1"),
              good(form_id="R1", cpr=forms[0]["cpr"], first_absence_day="2026-11-01"),
              good(form_id="R2", cpr=forms[1]["cpr"], expected_return_date="2027-01-11"),
              good(form_id="R3", cpr=forms[1]["cpr"], first_absence_day="2026-11-02")]
    path = write_jsonl(tmp_path / "a.jsonl", forms)
    whole = run(engine, path, chunk_size=1000)
    whole_dump = dump(db_path)
    other = copy_db(template_db, tmp_path / "other.db")
    from caseload.store.database import open_database

    small = open_database(other)
    chunked = run(small, path, chunk_size=7)
    small.dispose()
    assert (whole.attached, whole.flagged_for_review) == (1, 2)
    assert (chunked.imported, chunked.attached, chunked.conflicts, chunked.rejected) == (
        whole.imported, whole.attached, whole.conflicts, whole.rejected)
    assert dump(other) == whole_dump


def test_a_conflicting_line_mended_to_match_the_stored_form_settles_the_conflict(
        engine: Engine, tmp_path: Path) -> None:
    run(engine, write_jsonl(tmp_path / "a.jsonl", [good()]))
    later = write_jsonl(tmp_path / "b.jsonl", [good(form_id="B", cpr=CPR_EVEN),
                                               good(name="Mette Hansen")])
    assert run(engine, later).conflicts == 1
    write_jsonl(later, [good(form_id="B", cpr=CPR_EVEN), good()])
    mended = run(engine, later)
    assert (mended.conflicts, mended.skipped, mended.resolved_issues) == (0, 2, 1)
    assert open_issues(Path(engine.url.database)) == []


def test_a_file_named_twice_is_read_once_and_stored_by_its_absolute_path(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good()])
    monkeypatch.chdir(tmp_path)
    summary = run(engine, Path("a.jsonl"), tmp_path, tmp_path / "a.jsonl")
    assert (summary.files, summary.forms_read, summary.imported) == (1, 1, 1)
    with read_session(engine) as s:
        assert s.exec(select(StoredForm)).one().source_file == str(tmp_path / "a.jsonl")
