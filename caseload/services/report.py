"""Use cases: the trial's report (``caseload report``, the report screen) and the quiet cases.

``gather`` reads plain rows in the caller's read transaction, one query per table, each
scoped the same way (a team lead's whole team or one caseworker's cases: the actor's
scope), and ``caseload.domain.report.build`` does the arithmetic. Neither names nor CPR
numbers are read. The read is logged as one ``search`` entry, like every list read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session

from caseload.domain.report import (
    DUTIES,
    CaseRecord,
    DutyRecord,
    InterviewRecord,
    Period,
    Report,
    build,
    is_quiet,
)
from caseload.models import (
    Case,
    Caseworker,
    CategoryChangeRow,
    Exemption,
    Interview,
    Note,
    ObligationRow,
    Offer,
    Referral,
)
from caseload.services import audit
from caseload.services.policy import Actor

DEFAULT_QUIET_DAYS = 14


def _scope(actor: Actor):  # noqa: ANN202
    """The cases the actor's report covers (a caseworker: their own)."""
    if actor.team_wide:
        return select(Case.id)
    return select(Case.id).where(Case.caseworker_id == actor.scope_id)


def _day(value: date | datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def gather(session: Session, actor: Actor, today: date
           ) -> tuple[list[CaseRecord], list[InterviewRecord], list[DutyRecord]]:
    """The plain rows of the actor's cases (no names, no CPR numbers)."""
    scope = _scope(actor)
    logins = dict(session.execute(select(Caseworker.id, Caseworker.login)).all())
    last: dict[int, date] = {}

    def touch(case_id: int, day: date | None) -> None:
        if day is not None and day <= today and (case_id not in last or day > last[case_id]):
            last[case_id] = day

    interviews = []
    for case_id, worker, case_worker, booked_for, status in session.execute(
            select(Interview.case_id, Interview.caseworker_id, Case.caseworker_id,
                   Interview.booked_for, Interview.status)
            .join(Case, Case.id == Interview.case_id).where(Interview.case_id.in_(scope))):
        day = _day(booked_for)
        interviews.append(InterviewRecord(logins.get(worker or case_worker), day, status))
        if status != "booked":
            touch(case_id, day)
    for case_id, day in session.execute(
            select(Note.case_id, func.max(Note.created_at)).where(Note.case_id.in_(scope))
            .group_by(Note.case_id)):
        touch(case_id, _day(day))
    for case_id, day in session.execute(
            select(CategoryChangeRow.case_id, func.max(CategoryChangeRow.changed_on))
            .where(CategoryChangeRow.case_id.in_(scope)).group_by(CategoryChangeRow.case_id)):
        touch(case_id, _day(day))
    partial: dict[int, list] = defaultdict(list)
    for case_id, start, end, hours, kind in session.execute(
            select(Referral.case_id, Referral.start, Referral.end, Referral.hours_per_week,
                   Offer.kind)
            .outerjoin(Offer, Offer.id == Referral.offer_id)
            .where(Referral.case_id.in_(scope))):
        touch(case_id, _day(start))  # an offer or partial return starting is activity
        if kind in (None, "partial_return"):
            partial[case_id].append((_day(start), _day(end), float(hours)))
    exempted = {case_id: (reason, _day(on)) for case_id, reason, on in session.execute(
        select(Exemption.case_id, Exemption.reason, Exemption.decided_on)
        .where(Exemption.case_id.in_(scope)).order_by(Exemption.decided_on, Exemption.id))}
    cases = []
    for row in session.execute(
            select(Case.id, Case.group, Case.caseworker_id, Case.first_absence_day,
                   Case.closed_on, Case.close_reason).where(Case.id.in_(scope))):
        reason, on = exempted.get(row.id, (None, None))
        cases.append(CaseRecord(
            id=row.id, group=row.group, caseworker=logins.get(row.caseworker_id),
            first_absence=_day(row.first_absence_day), closed_on=_day(row.closed_on),
            close_reason=row.close_reason, exemption=reason, exempted_on=on,
            last_activity=last.get(row.id), partial=tuple(partial.get(row.id, ()))))
    duties = [DutyRecord(case_id, kind, _day(due), _day(met_on)) for case_id, kind, due, met_on
              in session.execute(
                  select(ObligationRow.case_id, ObligationRow.kind, ObligationRow.due,
                         ObligationRow.met_on)
                  .join(Case, Case.id == ObligationRow.case_id)
                  .where(ObligationRow.case_id.in_(scope), Case.group == "participant",
                         or_(*(ObligationRow.kind == k for k in DUTIES))))]
    return cases, interviews, duties


def first_day(cases: list[CaseRecord], today: date) -> date:
    """The start of the trial's run: the earliest first day of absence (else today)."""
    return min((c.first_absence for c in cases), default=today)


def trial_report(session: Session, actor: Actor, *, today: date, since: date | None = None,
                 until: date | None = None,
                 quiet_days: int = DEFAULT_QUIET_DAYS) -> Report:
    """The report for the actor's cases over ``since``..``until`` (default: the trial's
    whole run, from the earliest first day of absence to ``today``)."""
    cases, interviews, duties = gather(session, actor, today)
    period = Period(since=since or first_day(cases, today), until=until or today, today=today)
    audit.log(session, actor, "search",
              detail=f"report {period.since.isoformat()}..{period.until.isoformat()}: "
                     f"{_scope_text(actor)}, {len(cases)} cases")
    report = build(cases, interviews, duties, period, quiet_days=quiet_days)
    report.scope = None if actor.team_wide else actor.scope_login
    return report


def quiet_cases(session: Session, actor: Actor, *, today: date,
                quiet_days: int = DEFAULT_QUIET_DAYS) -> list[tuple[int, str | None, int]]:
    """Open cases of the actor's scope with no activity (interview, note, referral, category)
    for ``quiet_days`` days: (case id, caseworker login, days since), quietest first."""
    cases, _, _ = gather(session, actor, today)
    found = []
    for case in cases:
        if case.first_absence <= today and is_quiet(case, today, quiet_days):
            last = max(d for d in (case.last_activity, case.first_absence) if d)
            found.append((case.id, case.caseworker, (today - last).days))
    return sorted(found, key=lambda f: (-f[2], f[0]))


def _scope_text(actor: Actor) -> str:
    from caseload.services.access import scope_text

    return scope_text(actor)
