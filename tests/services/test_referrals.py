"""Referring a citizen to an offer, and when that meets the active offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from caseload.errors import DomainError, NotFound
from caseload.models import Offer
from caseload.services import referrals
from caseload.store.uow import write_session
from tests.actors import LEAD

from .conftest import load_case, stored

START = date(2026, 10, 5)


def refer(engine: Engine, case_id: int, **overrides: object):  # noqa: ANN201
    args = {"offer_id": None, "start": START, "hours_per_week": 10.0,
            "justification": "needs routine", "purpose": "back to 30 hours"} | overrides
    with write_session(engine) as session:
        return referrals.refer(session, case_id, actor=LEAD, **args)


def test_ten_hours_meets_the_active_offer(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    referral = refer(engine, case_id, justification=" needs routine ", by="anna")
    assert (referral.justification, referral.created_by) == ("needs routine", "anna")
    assert stored(engine, case_id)["active_offer"] == [(date(2026, 11, 29), START)]
    assert load_case(engine, case_id).next_due == date(2026, 11, 1)  # the follow-up is left


def test_hours_of_offers_running_together_add_up(new_case: Callable[..., int],
                                                 engine: Engine) -> None:
    case_id = new_case()
    refer(engine, case_id, hours_per_week=6, end=date(2026, 12, 31))
    assert stored(engine, case_id)["active_offer"] == [(date(2026, 11, 29), None)]
    refer(engine, case_id, hours_per_week=4, start=date(2026, 10, 19))
    assert stored(engine, case_id)["active_offer"] == [(date(2026, 11, 29), date(2026, 10, 19))]


def test_nine_hours_do_not(new_case: Callable[..., int], engine: Engine) -> None:
    case_id = new_case()
    refer(engine, case_id, hours_per_week=9.5)
    assert stored(engine, case_id)["active_offer"] == [(date(2026, 11, 29), None)]


def test_referral_to_an_offer_of_the_catalogue(new_case: Callable[..., int],
                                               engine: Engine) -> None:
    case_id = new_case()
    with write_session(engine) as session:
        offer = Offer(code="LAB-1", name="Virksomhedspraktik", kind="lab", provider="Jobcenter",
                      hours_per_week=15)
        session.add(offer)
        session.flush()
        offer_id = offer.id
    assert refer(engine, case_id, offer_id=offer_id).offer_id == offer_id
    with pytest.raises(NotFound, match="no offer 999"):
        refer(engine, case_id, offer_id=999)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"hours_per_week": 0}, "more than 0 and at most 80"),
    ({"hours_per_week": -5}, "more than 0 and at most 80"),
    ({"hours_per_week": 80.5}, "more than 0 and at most 80"),
    ({"hours_per_week": float("nan")}, "more than 0 and at most 80"),
    ({"end": date(2026, 10, 4)}, "cannot end before it starts"),
    ({"justification": "  "}, "both a justification and a purpose"),
    ({"purpose": ""}, "both a justification and a purpose"),
])
def test_referral_validation(new_case: Callable[..., int], engine: Engine,
                             overrides: dict[str, object], message: str) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match=message):
        refer(engine, case_id, **overrides)
    assert load_case(engine, case_id).version == 1


@pytest.mark.parametrize("overrides", [{"hours_per_week": 80}, {"end": START}])
def test_referral_limits_are_inclusive(new_case: Callable[..., int], engine: Engine,
                                       overrides: dict[str, object]) -> None:
    assert refer(engine, new_case(), **overrides).id is not None
