"""From stored rows to the plain facts the rules core works on."""

from __future__ import annotations

from sqlmodel import Session, select

from caseload.domain.model import (
    CaseFacts,
    CategoryChange,
    Group,
    InterviewFact,
    InterviewKind,
    InterviewMode,
    InterviewStatus,
    ReferralFact,
)
from caseload.models import Case, CategoryChangeRow, Interview, Referral


def case_facts(session: Session, case: Case) -> CaseFacts:
    changes = session.exec(
        select(CategoryChangeRow).where(CategoryChangeRow.case_id == case.id)
    ).all()
    interviews = session.exec(select(Interview).where(Interview.case_id == case.id)).all()
    referrals = session.exec(select(Referral).where(Referral.case_id == case.id)).all()
    return facts_from_rows(case, changes, interviews, referrals)


def facts_from_rows(case: Case, changes, interviews, referrals) -> CaseFacts:  # noqa: ANN001
    return CaseFacts(
        first_absence_day=case.first_absence_day,
        group=Group(case.group),
        exempt=case.exempt,
        categories=tuple(CategoryChange(c.category, c.changed_on) for c in changes),
        interviews=tuple(
            InterviewFact(
                kind=InterviewKind(i.kind),
                mode=InterviewMode(i.mode),
                status=InterviewStatus(i.status),
                booked_for=i.booked_for.date(),
                held_on=i.held_at.date() if i.held_at else None,
            )
            for i in interviews
        ),
        referrals=tuple(ReferralFact(r.start, r.hours_per_week, r.end) for r in referrals),
        participation_ended_on=case.participation_ended_on,
        reassessed_on=case.reassessed_on,
        expected_return_date=case.expected_return_date,
        closed=case.status == "closed",
    )
