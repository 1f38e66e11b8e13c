"""Triage, exemption, participation, reassessment and closing a case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from caseload.errors import DomainError, NotFound
from caseload.models import CategoryChangeRow, Exemption
from caseload.services import cases, obligations, settings
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD

from .conftest import CONTROL_CPR, load_case, stored
from .test_interviews import book, mark

DAY = date(2026, 10, 1)
PARTICIPANT_ONLY = {"active_offer", "contact_interview", "participation_end"}


def run(engine: Engine, use_case: Callable[..., object], *args: object, **kwargs: object):  # noqa: ANN201
    """``use_case(session, *args, **kwargs)`` in a write session, acted by a team lead."""
    with write_session(engine) as session:
        return use_case(session, *args, actor=LEAD, **kwargs)


def test_set_category_records_who_and_when(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    run(engine, cases.set_category, case_id, 2, on=DAY, by="anna", reason="triage")
    run(engine, cases.set_category, case_id, 1, on=date(2026, 11, 1), by="bo")
    with read_session(engine) as session:
        changes = session.exec(select(CategoryChangeRow).order_by(CategoryChangeRow.id)).all()
    assert [(c.category, c.changed_on, c.changed_by) for c in changes] == [
        (2, DAY, "anna"), (1, date(2026, 11, 1), "bo")]
    case = load_case(engine, case_id)
    assert case.category == 1 and case.version == 3


@pytest.mark.parametrize("category", [0, 4, "2", True])
def test_set_category_rejects_other_values(new_case: Callable[..., int], engine: Engine,
                                           category: object) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match="category must be 1, 2 or 3"):
        run(engine, cases.set_category, case_id, category, on=DAY)
    assert load_case(engine, case_id).version == 1


def test_exemption_removes_the_trial_obligations_and_lifting_restores_them(
        new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    mark(engine, book(engine, case_id), "held")
    assert set(stored(engine, case_id)) >= PARTICIPANT_ONLY
    run(engine, cases.set_exemption, case_id, "hospitalisation", on=date(2026, 11, 2), by="anna")
    assert set(stored(engine, case_id)) == {"first_follow_up", "follow_up"}
    assert load_case(engine, case_id).exempt
    run(engine, cases.lift_exemption, case_id, on=date(2026, 11, 20))
    assert set(stored(engine, case_id)) >= PARTICIPANT_ONLY
    with read_session(engine) as session:
        (exemption,) = session.exec(select(Exemption)).all()
    assert (exemption.reason, exemption.decided_on, exemption.lifted_on) == (
        "hospitalisation", date(2026, 11, 2), date(2026, 11, 20))
    assert not load_case(engine, case_id).exempt


def test_exemption_reason_must_come_from_the_domain(new_case: Callable[..., int],
                                                    engine: Engine) -> None:
    case_id = new_case()
    with pytest.raises(DomainError) as error:
        run(engine, cases.set_exemption, case_id, "busy", on=DAY)
    assert str(error.value) == (
        "exemption reason must be one of terminal_illness, pension_case, hospitalisation, "
        "treatment, pregnancy, other")
    for text in (None, "", "   "):
        with pytest.raises(DomainError, match="needs a text"):
            run(engine, cases.set_exemption, case_id, "other", on=DAY, text=text)
    assert not load_case(engine, case_id).exempt
    exemption = run(engine, cases.set_exemption, case_id, "other", on=DAY, text=" abroad ")
    assert (exemption.reason, exemption.reason_text) == ("other", "abroad")


def test_a_new_exemption_lifts_the_one_in_force(new_case: Callable[..., int],
                                                engine: Engine) -> None:
    case_id = new_case()
    run(engine, cases.set_exemption, case_id, "treatment", on=DAY, text="  ")
    run(engine, cases.set_exemption, case_id, "pregnancy", on=date(2026, 10, 5))
    with read_session(engine) as session:
        rows = session.exec(select(Exemption).order_by(Exemption.id)).all()
    assert [(e.reason, e.reason_text, e.lifted_on) for e in rows] == [
        ("treatment", None, date(2026, 10, 5)), ("pregnancy", None, None)]


def test_lifting_without_an_exemption(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match="not exempted"):
        run(engine, cases.lift_exemption, case_id, on=DAY)


def test_end_participation_meets_the_obligation(new_case: Callable[..., int],
                                                engine: Engine) -> None:
    case_id = new_case()
    mark(engine, book(engine, case_id), "held")
    run(engine, cases.end_participation, case_id, on=date(2027, 1, 15), outcome=" working ")
    found = stored(engine, case_id)
    assert found["participation_end"] == [(date(2027, 2, 28), date(2027, 1, 15))]
    case = load_case(engine, case_id)
    assert (case.participation_ended_on, case.participation_outcome) == (
        date(2027, 1, 15), "working")


def test_end_participation_is_for_participants_with_an_outcome(
        new_case: Callable[..., int], engine: Engine) -> None:
    participant, control = new_case(), new_case(cpr=CONTROL_CPR)
    with pytest.raises(DomainError, match="not in the participant group"):
        run(engine, cases.end_participation, control, on=DAY, outcome="x")
    with pytest.raises(DomainError, match="needs its outcome"):
        run(engine, cases.end_participation, participant, on=DAY, outcome=" ")


def test_record_reassessment_meets_it_under_sdp(new_case: Callable[..., int],
                                                engine: Engine) -> None:
    with write_session(engine) as session:
        settings.ensure_rules(session, "sdp-2014")
    case_id = new_case()
    assert stored(engine, case_id)["reassessment"] == [(date(2027, 2, 7), None)]  # F + 153
    run(engine, cases.record_reassessment, case_id, on=date(2027, 2, 1))
    assert stored(engine, case_id)["reassessment"] == [(date(2027, 2, 7), date(2027, 2, 1))]
    assert load_case(engine, case_id).reassessed_on == date(2027, 2, 1)


def test_close_case_owes_nothing(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    mark(engine, book(engine, case_id), "held")
    case = run(engine, cases.close_case, case_id, on=date(2026, 11, 3), reason="return_to_work")
    assert (case.status, case.closed_on, case.close_reason) == (
        "closed", date(2026, 11, 3), "return_to_work")
    assert stored(engine, case_id) == {}
    assert load_case(engine, case_id).next_due is None


def test_close_case_validates(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match="one of: return_to_work, partial_return_to_work"):
        run(engine, cases.close_case, case_id, on=DAY, reason="bored")
    with pytest.raises(DomainError, match="før første fraværsdag"):
        run(engine, cases.close_case, case_id, on=date(2026, 9, 6), reason="benefit_ended")
    run(engine, cases.close_case, case_id, on=DAY, reason="benefit_ended")
    for use_case, args in [
        (cases.close_case, {"reason": "benefit_ended"}),
        (cases.set_category, {"category": 2}),
        (cases.set_exemption, {"reason": "treatment"}),
        (cases.record_reassessment, {}),
    ]:
        with pytest.raises(DomainError, match="is closed"):
            run(engine, use_case, case_id, on=DAY, **args)


def test_unknown_case(engine: Engine) -> None:
    with pytest.raises(NotFound, match="no case 7"):
        run(engine, cases.set_category, 7, 2, on=DAY)


def test_failed_change_leaves_case_and_obligations_as_they_were(
        new_case: Callable[..., int], engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = new_case()
    before, version = stored(engine, case_id), load_case(engine, case_id).version
    real_store = obligations.store

    def store_then_fail(session, case, found) -> None:  # noqa: ANN001
        real_store(session, case, found)
        raise RuntimeError("power cut")

    monkeypatch.setattr(obligations, "store", store_then_fail)
    with pytest.raises(RuntimeError):
        run(engine, cases.set_exemption, case_id, "treatment", on=DAY)
    assert stored(engine, case_id) == before
    case = load_case(engine, case_id)
    assert (case.version, case.exempt) == (version, False)
    with read_session(engine) as session:
        assert session.exec(select(Exemption)).all() == []
