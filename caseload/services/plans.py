"""Use cases on the follow-up plan (opfølgningsplan): read the newest version, save a new one.

Every save stores a new version (``plans`` with its ``plan_steps`` and ``plan_hours``); older
versions are kept. A save names the version it was based on: when someone else has saved
a newer version in between, ``PlanConflict`` carries both plans and nothing is stored, so
nobody's work is silently overwritten. Run ``save_plan`` in a write session (BEGIN
IMMEDIATE): the version check and the insert are then one atomic step across processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from caseload.clock import now_utc
from caseload.errors import DomainError
from caseload.models import FollowUpPlan, PlanHours, PlanStep
from caseload.services.access import Actor, guard
from caseload.services.common import get_open_case

STATUSES = ("open", "done", "dropped")
OWNERS = ("citizen", "caseworker", "employer", "doctor", "provider")
MAX_HOURS = 80


@dataclass(frozen=True, slots=True)
class StepInput:
    """One step of a plan as typed: what, who, by when, and how far."""

    text: str
    owner: str
    due: date | None = None
    status: str = "open"


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A plan as typed, not (yet) stored: what ``save_plan`` was asked to store."""

    employment_goal: str
    steps: tuple[StepInput, ...] = ()
    hours: tuple[tuple[date, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PlanView:
    """A stored version of a plan, as plain values."""

    plan_id: int
    case_id: int
    version: int
    employment_goal: str
    steps: tuple[StepInput, ...]
    hours: tuple[tuple[date, float], ...]
    created_by: str | None
    created_at: datetime

    @property
    def draft(self) -> PlanDraft:
        return PlanDraft(self.employment_goal, self.steps, self.hours)


class PlanConflict(DomainError):
    """Someone saved a newer version since the one the edit was based on. Carries both
    plans: ``theirs`` (the newest stored version) and ``mine`` (what was typed)."""

    def __init__(self, *, theirs: PlanView, mine: PlanDraft,
                 based_on_version: int | None) -> None:
        who = theirs.created_by or "someone"
        base = f"version {based_on_version}" if based_on_version is not None else "no plan"
        super().__init__(f"{who} saved version {theirs.version} of the plan after you "
                         f"opened {base}; nothing was saved")
        self.theirs, self.mine, self.based_on_version = theirs, mine, based_on_version


def current_plan(session: Session, case_id: int, *,
                 actor: Actor) -> PlanView | None:
    """The newest version of the case's plan, or None when it has none."""
    guard(session, actor, case_id, "read", log=False)  # part of the citizen screen's read
    plan = session.exec(select(FollowUpPlan).where(FollowUpPlan.case_id == case_id)
                        .order_by(FollowUpPlan.version.desc()).limit(1)).first()
    return None if plan is None else _view(session, plan)


def plan_versions(session: Session, case_id: int) -> list[int]:
    """The stored version numbers of the case's plan, oldest first."""
    return list(session.exec(select(FollowUpPlan.version).where(FollowUpPlan.case_id == case_id)
                             .order_by(FollowUpPlan.version)).all())


def validate_plan(draft: PlanDraft) -> PlanDraft:
    """The draft with its text trimmed, or ``DomainError`` naming what is wrong."""
    goal = (draft.employment_goal or "").strip()
    if not goal:
        raise DomainError("the plan needs an employment goal")
    steps = []
    for n, step in enumerate(draft.steps, start=1):
        text, owner = (step.text or "").strip(), (step.owner or "").strip()
        if not text:
            raise DomainError(f"step {n}: write what is to be done")
        if not owner:
            raise DomainError(f"step {n}: say who does it (the owner)")
        if step.status not in STATUSES:
            raise DomainError(f"step {n}: status must be one of {', '.join(STATUSES)}")
        steps.append(StepInput(text, owner, step.due, step.status))
    hours = []
    seen: set[date] = set()
    for from_date, per_week in draft.hours:
        if from_date is None:
            raise DomainError("hours a week need the day they apply from")
        if isinstance(per_week, bool) or not isinstance(per_week, int | float) \
                or not 0 <= per_week <= MAX_HOURS:
            raise DomainError(f"hours a week from {from_date.isoformat()} must be between 0 "
                              f"and {MAX_HOURS}")
        if from_date in seen:
            raise DomainError(f"hours a week are given twice from {from_date.isoformat()}")
        seen.add(from_date)
        hours.append((from_date, float(per_week)))
    return PlanDraft(goal, tuple(steps), tuple(sorted(hours)))


def save_plan(session: Session, *, case_id: int, based_on_version: int | None,
              employment_goal: str, steps: list[StepInput] | tuple[StepInput, ...],
              hours: list[tuple[date, float]] | tuple[tuple[date, float], ...],
              author: str | None, now: datetime | None = None,
              actor: Actor) -> FollowUpPlan:
    """Store the plan as a new version; ``PlanConflict`` when ``based_on_version`` is not
    the newest stored version (None: the edit started from no plan)."""
    typed = PlanDraft(employment_goal, tuple(steps), tuple(hours))
    draft = validate_plan(typed)
    guard(session, actor, case_id, "change", detail="follow-up plan saved")
    case = get_open_case(session, case_id)
    newest = session.exec(select(func.max(FollowUpPlan.version))
                          .where(FollowUpPlan.case_id == case.id)).one()
    if newest != based_on_version:
        theirs = current_plan(session, case.id, actor=actor)
        if theirs is None:  # based on a version that no longer exists: nothing to keep
            raise DomainError(f"there is no version {based_on_version} of this plan")
        raise PlanConflict(theirs=theirs, mine=typed, based_on_version=based_on_version)
    plan = FollowUpPlan(case_id=case.id, version=(newest or 0) + 1,
                        employment_goal=draft.employment_goal, created_by=author,
                        created_at=now or now_utc())
    session.add(plan)
    session.flush()
    session.add_all([PlanStep(plan_id=plan.id, position=n, text=s.text, owner=s.owner,
                              due=s.due, status=s.status)
                     for n, s in enumerate(draft.steps, start=1)])
    session.add_all([PlanHours(plan_id=plan.id, from_date=d, hours_per_week=h)
                     for d, h in draft.hours])
    session.flush()
    return plan


def _view(session: Session, plan: FollowUpPlan) -> PlanView:
    steps = session.exec(select(PlanStep).where(PlanStep.plan_id == plan.id)
                         .order_by(PlanStep.position)).all()
    hours = session.exec(select(PlanHours).where(PlanHours.plan_id == plan.id)
                         .order_by(PlanHours.from_date)).all()
    return PlanView(
        plan_id=plan.id, case_id=plan.case_id, version=plan.version,
        employment_goal=plan.employment_goal,
        steps=tuple(StepInput(s.text, s.owner, s.due, s.status) for s in steps),
        hours=tuple((h.from_date, h.hours_per_week) for h in hours),
        created_by=plan.created_by, created_at=plan.created_at,
    )
