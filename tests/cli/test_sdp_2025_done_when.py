"""Done when: ``caseload init --rules sdp-2025``, the morning import of forms built for the
sdp-2025 examples of rules.md (and the triage and interviews the examples name), then
``caseload overdue --json`` gives the examples' due dates exactly."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from tests.actors import LEAD

FORMS = [  # one citizen per example; F = 2026-09-07 for all
    {"form_id": "sdp25-1", "cpr": "0703811234", "name": "Ingen Afholdt"},
    {"form_id": "sdp25-2", "cpr": "0803821234", "name": "Første Afholdt"},
    {"form_id": "sdp25-3", "cpr": "0903831234", "name": "Anden Afholdt"},
    {"form_id": "sdp25-4", "cpr": "1003841234", "name": "Kategori Et",
     "expected_duration": "under_8_weeks", "expected_return_date": "2026-10-15"},
]


def held(session, case_id: int, day: date) -> None:  # noqa: ANN001
    from caseload.services import interviews

    at = datetime.combine(day, datetime.min.time()).replace(hour=10)
    booked = interviews.book_interview(session, case_id, kind="follow_up", mode="in_person",
                                       at=at, actor=LEAD, today=at.date())
    interviews.mark_interview(session, booked.id, "held", held_at=at, actor=LEAD)


def test_sdp_2025_examples_through_init_import_and_overdue(cli, tmp_path: Path) -> None:  # noqa: ANN001
    from caseload.services import cases
    from caseload.store.database import open_database
    from caseload.store.uow import write_session

    db = tmp_path / "caseload.db"
    assert cli("init", "--db", db, "--rules", "sdp-2025")[0] == 0
    batch = tmp_path / "batch" / "forms.jsonl"
    batch.parent.mkdir()
    batch.write_text("\n".join(json.dumps({
        "received": "2026-09-10", "first_absence_day": "2026-09-07",
        "employment_status": "employed", **form}) for form in FORMS) + "\n", "utf-8")
    code, _, err = cli("import", batch.parent, "--db", db, "--today", "2026-09-10")
    assert code == 0, err

    engine = open_database(db)
    try:
        with write_session(engine) as session:
            from sqlmodel import select

            from caseload.models import Case, Citizen

            ids = {name: case_id for name, case_id in session.exec(
                select(Citizen.name, Case.id).join(Case, Case.citizen_id == Citizen.id)).all()}
            for name in ("Første Afholdt", "Anden Afholdt"):
                cases.set_category(session, ids[name], 2, on=date(2026, 10, 28), actor=LEAD)
                held(session, ids[name], date(2026, 10, 28))
            held(session, ids["Anden Afholdt"], date(2026, 12, 10))
            cases.set_category(session, ids["Kategori Et"], 1, on=date(2026, 9, 10), actor=LEAD)
    finally:
        engine.dispose()

    code, out, err = cli("overdue", "--db", db, "--all", "--json", "--today", "2027-03-10")
    assert code == 0, err
    found = {(row["citizen"], row["obligation"]): (row["due"], row["book_by"])
             for row in json.loads(out)}
    assert found == {
        ("Ingen Afholdt", "first_follow_up"): ("2026-11-01", "2026-10-30"),
        ("Ingen Afholdt", "reassessment"): ("2027-02-07", "2027-02-05"),
        ("Første Afholdt", "follow_up"): ("2026-12-10", "2026-12-10"),
        ("Første Afholdt", "reassessment"): ("2027-02-07", "2027-02-05"),
        ("Anden Afholdt", "follow_up"): ("2027-01-22", "2027-01-22"),
        ("Anden Afholdt", "reassessment"): ("2027-02-07", "2027-02-05"),
        ("Kategori Et", "follow_up"): ("2026-10-15", "2026-10-15"),
        ("Kategori Et", "first_follow_up"): ("2026-11-01", "2026-10-30"),
        ("Kategori Et", "reassessment"): ("2027-02-07", "2027-02-05"),
    }
