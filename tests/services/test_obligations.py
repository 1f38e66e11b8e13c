"""Stored obligations: the set-wise recompute gives exactly what the one-case path gives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select

from caseload.models import Case, ObligationRow
from caseload.services import cases, interviews, obligations, referrals, settings
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD

from .conftest import CONTROL_CPR, PARTICIPANT_CPR

CPRS = [PARTICIPANT_CPR, CONTROL_CPR, "010203-4012", "311299-1001", "290280-2002",
        "050505-4003", "121070-1004"]


def _varied_cases(engine: Engine, new_case: Callable[..., int]) -> list[int]:
    ids = [new_case(cpr=cpr, first_absence_day=date(2026, 8, 3 + i))
           for i, cpr in enumerate(CPRS)]
    with write_session(engine) as s:
        for n, case_id in enumerate(ids):
            if n % 3 != 2:
                iv = interviews.book_interview(s, case_id, kind="follow_up",
                                               mode="phone" if n % 2 else "in_person",
                                               at=datetime(2026, 9, 21 + n % 5, 8 + n),
                                               today=date(2026, 9, 21), actor=LEAD)
                interviews.mark_interview(s, iv.id, "held" if n != 4 else "no_show", actor=LEAD)
            if n % 2:
                cases.set_category(s, case_id, 1 + n % 3, on=date(2026, 9, 20 + n), actor=LEAD)
        cases.set_exemption(s, ids[2], "treatment", on=date(2026, 9, 25), actor=LEAD)
        referrals.refer(s, ids[0], offer_id=None, start=date(2026, 10, 1),
                        hours_per_week=12, justification="j", purpose="p", actor=LEAD)
        cases.end_participation(s, ids[0], on=date(2026, 12, 1), outcome="working", actor=LEAD)
        cases.record_reassessment(s, ids[5], on=date(2026, 12, 20), actor=LEAD)
        cases.close_case(s, ids[6], on=date(2026, 10, 10), reason="benefit_ended", actor=LEAD)
    return ids


def _snapshot(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    with read_session(engine) as s:
        rows = s.exec(select(ObligationRow).order_by(
            ObligationRow.case_id, ObligationRow.kind, ObligationRow.seq)).all()
        dues = s.exec(select(Case.id, Case.next_due).order_by(Case.id)).all()
    return ([(r.case_id, r.kind, r.seq, r.due, r.book_by, r.met_on, r.requirement)
             for r in rows], [tuple(d) for d in dues])


@pytest.mark.parametrize("rules", ["aktive-2008", "sdp-2014"])
def test_refresh_all_matches_refresh_case(engine: Engine, new_case: Callable[..., int],
                                          rules: str) -> None:
    ids = _varied_cases(engine, new_case)
    with write_session(engine) as s:
        settings.put(s, settings.RULES_KEY, rules)
        for case_id in ids[:-1]:
            obligations.refresh_case(s, s.get(Case, case_id))
    expected = _snapshot(engine)
    assert len({row[0] for row in expected[0]}) == len(ids) - 1  # every open case owes
    with engine.begin() as conn:  # spoil the stored obligations
        conn.exec_driver_sql("DELETE FROM obligations")
        conn.execute(text("UPDATE cases SET next_due = '2000-01-01'"))
    with write_session(engine) as s:
        assert obligations.refresh_all(s, chunk=2) == len(ids) - 1
    spoiled_closed = [(ids[-1], date(2000, 1, 1))]
    assert _snapshot(engine) == (expected[0], [d for d in expected[1] if d[0] != ids[-1]]
                                 + spoiled_closed)  # a closed case is left alone


def test_refresh_all_expires_loaded_cases(engine: Engine, new_case: Callable[..., int]) -> None:
    case_id = new_case(expected_return_date=date(2026, 10, 1))
    with write_session(engine) as s:
        cases.set_category(s, case_id, 1, on=date(2026, 9, 10), actor=LEAD)
    with write_session(engine) as s:
        case = s.get(Case, case_id)
        assert case.next_due == date(2026, 11, 1)  # aktive-2008: F + 55
        settings.put(s, settings.RULES_KEY, "sdp-2014")
        assert obligations.refresh_all(s) == 1
        assert case.next_due == date(2026, 10, 1)  # sdp-2014, category 1: the return date
        assert {r.kind for r in s.exec(select(ObligationRow))} == {
            "first_follow_up", "reassessment"}
