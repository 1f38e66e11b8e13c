"""Intake: registering citizens and opening cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import func, select

from caseload.errors import DomainError
from caseload.models import Case, Citizen, ObligationRow
from caseload.services import citizens, intake, obligations
from caseload.services.db import init_database, read_session, write_session

from .conftest import CONTROL_CPR, PARTICIPANT_CPR, F, load_case, stored


def test_upsert_creates_a_citizen_with_birth_date_from_cpr(engine: Engine) -> None:
    with write_session(engine) as session:
        citizen, created = intake.upsert_citizen(
            session, cpr="010203-4012", name=" Anna Jensen ", phone="12345678")
    assert created
    assert citizen.cpr == "0102034012"  # stored whole, without the dash
    assert citizen.birth_date == date(2003, 2, 1)  # 7th digit 4, year 03 → 2000s
    assert citizen.name == "Anna Jensen"
    assert citizen.phone == "12345678"


def test_upsert_updates_contact_details(engine: Engine) -> None:
    with write_session(engine) as session:
        first, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna",
                                         phone="111", city="Odense")
    with write_session(engine) as session:
        again, created = intake.upsert_citizen(session, cpr="1503811234", name="Anna B",
                                               phone="222", city=None)
    assert not created and again.id == first.id
    assert (again.name, again.phone, again.city) == ("Anna B", "222", "Odense")
    with read_session(engine) as session:
        assert session.exec(select(func.count()).select_from(Citizen)).one() == 1


def test_upsert_never_overwrites_fields_edited_by_hand(engine: Engine) -> None:
    with write_session(engine) as session:
        citizen, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna",
                                           phone="111", email="a@x.dk")
        citizens.edit_citizen(session, citizen.id, phone="999")
    assert citizen.edited_fields == "phone"
    with write_session(engine) as session:
        again, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna",
                                         phone="111", email="b@x.dk")
    assert again.phone == "999"  # the caseworker's correction stays
    assert again.email == "b@x.dk"  # the rest follows the form


def test_edit_citizen_validates(engine: Engine) -> None:
    with write_session(engine) as session:
        citizen, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna")
    with pytest.raises(DomainError, match="unknown citizen field"), \
            write_session(engine) as session:
        citizens.edit_citizen(session, citizen.id, cpr="0102034012")
    with pytest.raises(DomainError, match="needs a name"), write_session(engine) as session:
        citizens.edit_citizen(session, citizen.id, name="  ")
    with pytest.raises(DomainError, match="no citizen"), write_session(engine) as session:
        citizens.edit_citizen(session, 999, phone="1")


@pytest.mark.parametrize(("cpr", "message"), [
    ("12345", "10 digits"),
    ("320181-1234", "not a real date"),
    ("abcdefghij", "10 digits"),
    ("010130-4123", "in the future"),  # 7th digit 4, year 30 → 2030
])
def test_upsert_rejects_a_bad_cpr(engine: Engine, cpr: str, message: str) -> None:
    with pytest.raises(DomainError, match=message), write_session(engine) as session:
        intake.upsert_citizen(session, cpr=cpr, name="X")


def test_upsert_rejects_unknown_fields_and_empty_names(engine: Engine) -> None:
    with pytest.raises(DomainError, match="unknown citizen field"), \
            write_session(engine) as session:
        intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="X", shoe_size=42)
    with pytest.raises(DomainError, match="needs a name"), write_session(engine) as session:
        intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name=" ")


def test_cpr_never_in_error_messages(engine: Engine) -> None:
    with pytest.raises(DomainError) as error, write_session(engine) as session:
        intake.upsert_citizen(session, cpr="320181-1234", name="X")
    assert "320181" not in str(error.value) and "1234" not in str(error.value)


@pytest.mark.parametrize(("cpr", "group"), [
    (PARTICIPANT_CPR, "participant"), (CONTROL_CPR, "control"),
])
def test_open_case_groups_by_birth_year_under_aktive(new_case: Callable[..., int],
                                                     engine: Engine, cpr: str,
                                                     group: str) -> None:
    case = load_case(engine, new_case(cpr=cpr, expected_duration="over_8_weeks"))
    assert case.group == group
    assert case.group_decided_on == F
    assert case.suggested_category == 2 and case.category is None  # a suggestion only
    assert case.status == "open" and case.version == 1


def test_open_case_is_outside_the_trial_under_sdp(tmp_path) -> None:  # noqa: ANN001
    engine, _, _ = init_database(tmp_path / "sdp.db", rules="sdp-2014")
    with write_session(engine) as session:
        citizen, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna")
        case = intake.open_case(session, citizen, first_absence_day=F)
    assert case.group == "outside"
    assert set(stored(engine, case.id)) == {"first_follow_up", "reassessment"}
    engine.dispose()


def test_open_case_writes_obligations_and_next_due(new_case: Callable[..., int],
                                                   engine: Engine) -> None:
    case_id = new_case()
    assert stored(engine, case_id) == {
        "first_follow_up": [(date(2026, 11, 1), None)],  # F + 55
        "active_offer": [(date(2026, 11, 29), None)],  # F + 83, before the course starts
    }
    assert load_case(engine, case_id).next_due == date(2026, 11, 1)


def test_open_case_refuses_a_second_open_case(new_case: Callable[..., int],
                                              engine: Engine) -> None:
    first = new_case()
    with pytest.raises(DomainError, match=f"open case already \\(case {first}\\)"):
        new_case()


def test_open_case_rejects_an_unknown_group(new_case: Callable[..., int]) -> None:
    with pytest.raises(DomainError, match="group must be one of participant, control, outside"):
        new_case(group="vip")


def test_open_case_with_an_explicit_group(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case(cpr=PARTICIPANT_CPR, group="outside")
    assert load_case(engine, case_id).group == "outside"
    assert set(stored(engine, case_id)) == {"first_follow_up"}


def test_group_day_is_the_danish_day(engine: Engine) -> None:
    late = datetime(2026, 9, 7, 22, 30, tzinfo=UTC)  # already 8 September in Copenhagen
    with write_session(engine) as session:
        citizen, _ = intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="A", now=late)
        case = intake.open_case(session, citizen, first_absence_day=F, now=late)
    assert case.group_decided_on == date(2026, 9, 8)


def _count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_failure_after_obligations_rolls_back_case_and_obligations(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Obligation rows and ``cases.next_due`` are written in the case's own transaction."""
    with write_session(engine) as session:
        intake.upsert_citizen(session, cpr=PARTICIPANT_CPR, name="Anna")
    written: list[int] = []
    real_store = obligations.store

    def store_then_fail(session, case, found) -> None:  # noqa: ANN001
        real_store(session, case, found)
        written.append(session.exec(select(func.count()).select_from(ObligationRow)).one())
        raise RuntimeError("disk full")

    monkeypatch.setattr(obligations, "store", store_then_fail)
    with pytest.raises(RuntimeError), write_session(engine) as session:
        citizen = session.exec(select(Citizen)).one()
        intake.open_case(session, citizen, first_absence_day=F)
    assert written == [2]  # the rows were there inside the transaction …
    assert _count(engine, ObligationRow) == 0  # … and went with it
    assert _count(engine, Case) == 0
