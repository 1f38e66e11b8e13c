"""A small, fixed caseload for the app's tests (used until/alongside the demo data)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine

from tests.actors import LEAD

TODAY = date(2026, 11, 4)  # a Wednesday

# (login, name, cpr, first absence day offset from TODAY, interview today "HH:MM kind mode")
CASES = [
    ("anna", "Mette Hansen", "0703821234", -58, "09:00 follow_up in_person"),
    ("anna", "Jens Nielsen", "1502791233", -56, "10:30 follow_up phone"),
    ("anna", "Sofie Larsen", "2207901234", -55, None),
    ("anna", "Ahmed Ali", "0101851237", -51, "13:00 contact video"),
    ("anna", "Lone Berg", "1212601234", -15, None),
    ("bo", "Peter Holm", "0505771234", -95, "11:00 follow_up in_person"),
]


def build(engine: Engine, today: date = TODAY) -> dict[str, int]:
    """Fill an initialised database; returns case ids by citizen name."""
    from caseload.services import caseworkers, interviews
    from caseload.store.uow import write_session
    from tests import intake

    ids: dict[str, int] = {}
    with write_session(engine) as session:
        workers = {
            "anna": caseworkers.add_caseworker(session, login="anna", name="Anna Jensen"),
            "bo": caseworkers.add_caseworker(session, login="bo", name="Bo Madsen"),
        }
        for login, name, cpr, offset, booking in CASES:
            case = intake.open_case(session, cpr=cpr, name=name,
                                    first_absence_day=today + timedelta(days=offset),
                                    caseworker_id=workers[login].id, today=today)
            ids[name] = case.id
            if booking:
                clock, kind, mode = booking.split()
                at = datetime.combine(today, time.fromisoformat(clock))
                interviews.book_interview(session, case.id, kind=kind, mode=mode, at=at,
                                          actor=LEAD, today=today)
    return ids
