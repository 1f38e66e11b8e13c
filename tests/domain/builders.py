"""Small builders for the rules tests: facts in a line, obligations looked up by kind."""

from __future__ import annotations

from datetime import date, timedelta

from caseload.domain.model import (
    CaseFacts,
    CategoryChange,
    InterviewFact,
    InterviewKind,
    InterviewMode,
    InterviewStatus,
    Obligation,
    ObligationKind,
    ReferralFact,
)

F = date(2026, 9, 7)  # a Monday; F + 55 is Sunday 2026-11-01 (the spec's example)

K = InterviewKind
M = InterviewMode
S = InterviewStatus
O = ObligationKind  # noqa: E741


def d(text: str) -> date:
    return date.fromisoformat(text)


def plus(day: date, days: int) -> date:
    return day + timedelta(days=days)


def held(day: date, kind: InterviewKind = K.FOLLOW_UP,
         mode: InterviewMode = M.IN_PERSON) -> InterviewFact:
    return InterviewFact(kind=kind, mode=mode, status=S.HELD, booked_for=day, held_on=day)


def not_held(day: date, status: InterviewStatus, kind: InterviewKind = K.FOLLOW_UP,
             mode: InterviewMode = M.IN_PERSON) -> InterviewFact:
    return InterviewFact(kind=kind, mode=mode, status=status, booked_for=day)


def cat(category: int | None, on: date) -> CategoryChange:
    return CategoryChange(category=category, changed_on=on)


def referral(start: date, hours: float, end: date | None = None) -> ReferralFact:
    return ReferralFact(start=start, hours_per_week=hours, end=end)


def facts(**kw: object) -> CaseFacts:
    kw.setdefault("first_absence_day", F)
    for key in ("interviews", "categories", "referrals"):
        if key in kw:
            kw[key] = tuple(kw[key])  # type: ignore[arg-type]
    return CaseFacts(**kw)  # type: ignore[arg-type]


def of_kind(found: list[Obligation], kind: ObligationKind) -> list[Obligation]:
    return sorted((o for o in found if o.kind is kind), key=lambda o: o.seq)


def one(found: list[Obligation], kind: ObligationKind) -> Obligation:
    matching = of_kind(found, kind)
    assert len(matching) == 1, f"expected one {kind}, got {matching}"
    return matching[0]


def pending(found: list[Obligation], kind: ObligationKind) -> Obligation:
    """The open obligation of a kind (a series has at most one)."""
    matching = [o for o in of_kind(found, kind) if o.met_on is None]
    assert len(matching) == 1, f"expected one open {kind}, got {matching}"
    return matching[0]


def kinds(found: list[Obligation]) -> set[ObligationKind]:
    return {o.kind for o in found}
