"""From stored rows to the plain facts the rules core works on.

``facts_from_rows`` takes anything with the columns as attributes (ORM objects, SQLAlchemy
rows, the plain rows of ``caseload.store.queries.facts``), so this module imports SQLModel
only inside ``case_facts``: the quick check's as-of path uses it without SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseload.domain.model import (
    CaseFacts,
    CategoryChange,
    Group,
    InterviewFact,
    InterviewKind,
    InterviewMode,
    InterviewStatus,
    PredictableCourse,
    ReferralFact,
    ReturnFact,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseload.models import Case


def case_facts(session: Session, case: Case) -> CaseFacts:
    from sqlmodel import select

    from caseload.models import CategoryChangeRow, Interview, Referral, ReturnRecord

    changes = session.exec(
        select(CategoryChangeRow).where(CategoryChangeRow.case_id == case.id)
    ).all()
    interviews = session.exec(select(Interview).where(Interview.case_id == case.id)).all()
    referrals = session.exec(select(Referral).where(Referral.case_id == case.id)).all()
    returns = session.exec(select(ReturnRecord).where(ReturnRecord.case_id == case.id)).all()
    return facts_from_rows(case, changes, interviews, referrals, returns)


def facts_from_rows(case: Case, changes, interviews, referrals,  # noqa: ANN001
                    returns=()) -> CaseFacts:  # noqa: ANN001
    course = (PredictableCourse(case.predictable_course_on, case.predictable_return_on)
              if case.predictable_course_on and case.predictable_return_on else None)
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
                next_agreed_on=i.next_agreed_on,
            )
            for i in interviews
        ),
        referrals=tuple(ReferralFact(r.start, r.hours_per_week, r.end) for r in referrals),
        participation_ended_on=case.participation_ended_on,
        reassessed_on=case.reassessed_on,
        expected_return_date=case.expected_return_date,
        closed=case.status == "closed",
        predictable_course=course,
        returns=tuple(ReturnFact(r.recorded_on, r.happened) for r in returns),
    )
