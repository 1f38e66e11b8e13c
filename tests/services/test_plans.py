"""Follow-up plans: every save a new version, a concurrent save is a conflict, validation."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import select

from caseload.errors import DomainError
from caseload.models import FollowUpPlan, PlanHours, PlanStep
from caseload.services import cases, plans
from caseload.services.plans import PlanConflict, StepInput
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD

STEPS = [StepInput("Tale med lederen om delvis raskmelding", "citizen", date(2026, 10, 1)),
         StepInput("Indhente status fra egen læge", "caseworker", None, "done")]
HOURS = [(date(2026, 10, 12), 15.0), (date(2026, 10, 5), 10)]


def save(engine, case_id: int, based_on: int | None, goal: str = "Tilbage i eget job",  # noqa: ANN001
         steps=STEPS, hours=HOURS, author: str = "anna") -> int:  # noqa: ANN001
    with write_session(engine) as session:
        return plans.save_plan(session, case_id=case_id, based_on_version=based_on,
                               employment_goal=goal, steps=steps, hours=hours,
                               author=author, actor=LEAD).version


def versions(engine, case_id: int) -> list[int]:  # noqa: ANN001
    with read_session(engine) as session:
        return plans.plan_versions(session, case_id)


def current(engine, case_id: int):  # noqa: ANN001, ANN201
    with read_session(engine) as session:
        return plans.current_plan(session, case_id, actor=LEAD)


def test_a_case_without_a_plan_has_none(engine, new_case) -> None:
    assert current(engine, new_case()) is None


def test_the_first_save_is_version_1_with_its_steps_and_hours(engine, new_case) -> None:
    case_id = new_case()
    assert save(engine, case_id, None, goal="  Tilbage i eget job  ") == 1
    plan = current(engine, case_id)
    assert plan.version == 1 and plan.employment_goal == "Tilbage i eget job"
    assert plan.steps == tuple(STEPS) and plan.created_by == "anna"
    assert plan.hours == ((date(2026, 10, 5), 10.0), (date(2026, 10, 12), 15.0))  # by day


def test_every_save_is_a_new_version_and_older_ones_are_kept(engine, new_case) -> None:
    case_id = new_case()
    save(engine, case_id, None)
    assert save(engine, case_id, 1, goal="Gradvis tilbagevenden", steps=STEPS[:1], hours=[],
                author="bo") == 2
    assert versions(engine, case_id) == [1, 2]
    plan = current(engine, case_id)
    assert (plan.version, plan.employment_goal, plan.created_by) == (2, "Gradvis tilbagevenden",
                                                                    "bo")
    assert plan.steps == (STEPS[0],) and plan.hours == ()
    with read_session(engine) as session:
        first = session.exec(select(FollowUpPlan).where(FollowUpPlan.version == 1)).one()
        kept = session.exec(select(PlanStep).where(PlanStep.plan_id == first.id)).all()
        kept_hours = session.exec(select(PlanHours).where(PlanHours.plan_id == first.id)).all()
    assert first.employment_goal == "Tilbage i eget job" and len(kept) == 2
    assert len(kept_hours) == 2


def test_a_save_based_on_an_older_version_is_a_conflict_and_stores_nothing(
        engine, new_case) -> None:
    case_id = new_case()
    save(engine, case_id, None)
    save(engine, case_id, 1, goal="Bo's goal", author="bo")  # saved meanwhile
    with pytest.raises(PlanConflict) as caught:
        save(engine, case_id, 1, goal="Anna's goal", steps=STEPS[1:])
    conflict = caught.value
    assert conflict.theirs.version == 2 and conflict.theirs.employment_goal == "Bo's goal"
    assert conflict.mine.employment_goal == "Anna's goal" and conflict.mine.steps == (STEPS[1],)
    assert conflict.based_on_version == 1
    assert "bo saved version 2" in str(conflict) and isinstance(conflict, DomainError)
    assert versions(engine, case_id) == [1, 2]
    assert current(engine, case_id).employment_goal == "Bo's goal"
    # keeping mine: save again based on the newest version
    assert save(engine, case_id, 2, goal="Anna's goal") == 3


def test_starting_from_no_plan_when_one_was_saved_meanwhile_is_a_conflict(
        engine, new_case) -> None:
    case_id = new_case()
    save(engine, case_id, None, author="bo")
    with pytest.raises(PlanConflict) as caught:
        save(engine, case_id, None)
    assert caught.value.theirs.version == 1 and caught.value.based_on_version is None
    assert versions(engine, case_id) == [1]


def test_a_save_based_on_a_version_that_does_not_exist_is_refused(engine, new_case) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match="no version 3"):
        save(engine, case_id, 3)
    assert versions(engine, case_id) == []


def test_concurrent_saves_on_the_same_version_store_exactly_one(engine, new_case) -> None:
    case_id = new_case()
    save(engine, case_id, None)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            save(engine, case_id, 1, goal=f"goal {n}")
            outcomes.append("saved")
        except PlanConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    assert versions(engine, case_id) == [1, 2]


@pytest.mark.parametrize(("goal", "steps", "hours", "message"), [
    ("  ", STEPS, HOURS, "employment goal"),
    ("Goal", [StepInput(" ", "citizen")], [], "step 1: write what"),
    ("Goal", [STEPS[0], StepInput("Ring", " ")], [], "step 2: say who"),
    ("Goal", [StepInput("Ring", "citizen", None, "maybe")], [], "status must be one of"),
    ("Goal", [], [(date(2026, 10, 5), -1)], "between 0 and 80"),
    ("Goal", [], [(date(2026, 10, 5), 80.5)], "between 0 and 80"),
    ("Goal", [], [(date(2026, 10, 5), True)], "between 0 and 80"),
    ("Goal", [], [(date(2026, 10, 5), 10), (date(2026, 10, 5), 12)], "twice"),
    ("Goal", [], [(None, 10)], "apply from"),
])
def test_validation_names_the_problem_and_stores_nothing(engine, new_case, goal, steps, hours,
                                                         message) -> None:
    case_id = new_case()
    with pytest.raises(DomainError, match=message):
        save(engine, case_id, None, goal=goal, steps=steps, hours=hours)
    assert versions(engine, case_id) == []


def test_hours_at_the_bounds_and_no_steps_are_fine(engine, new_case) -> None:
    case_id = new_case()
    save(engine, case_id, None, steps=[], hours=[(date(2026, 10, 5), 0),
                                                 (date(2026, 11, 5), 80)])
    assert current(engine, case_id).hours == ((date(2026, 10, 5), 0.0),
                                              (date(2026, 11, 5), 80.0))


def test_a_closed_case_takes_no_new_plan(engine, new_case) -> None:
    case_id = new_case()
    with write_session(engine) as session:
        cases.close_case(session, case_id, on=date(2026, 11, 1), reason="return_to_work",
                         actor=LEAD)
    with pytest.raises(DomainError, match="closed"):
        save(engine, case_id, None)
