"""Read use cases for the citizen screen (plain dataclasses, never ORM objects), and the one
write it needs of its own: revealing a CPR number, which leaves a line in the audit log.

The CPR number leaves ``citizen_view`` masked; only ``reveal_cpr`` gives it whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, select

from caseload.clock import DANISH
from caseload.domain.calendar import week_of_absence
from caseload.domain.cpr import mask
from caseload.domain.model import Group
from caseload.domain.ruleset import RuleSet
from caseload.models import (
    Case,
    CaseEvent,
    Caseworker,
    CategoryChangeRow,
    Citizen,
    Exemption,
    FollowUpPlan,
    Interview,
    Note,
    ObligationRow,
    Offer,
    Referral,
    ReturnRecord,
    StoredForm,
)
from caseload.services.access import Actor, guard, require_case
from caseload.services.common import get_case
from caseload.services.plans import PlanView, current_plan


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    category: int | None
    changed_on: date
    changed_by: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class ExemptionInfo:
    reason: str  # caseload.domain.model.ExemptionReason
    text: str | None
    decided_on: date
    decided_by: str | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event of the case. ``kind``: form | interview | note | referral | category |
    exemption | plan | event; ``code`` says more (the interview's kind, the category, a
    note's template, an event's kind …); ``status`` an interview's status (an event's new
    value); ``detail`` free text (a note's first written line, an offer's name, why).

    ``interview_id``/``note_id`` say what Enter opens: an interview row carries the id of
    its note (None: the note is missing), a note row its own; ``old`` an event's old value,
    ``by`` who recorded it (a note's author)."""

    at: datetime  # Danish wall-clock time (a day's events without a time: midnight)
    kind: str
    code: str = ""
    status: str = ""
    detail: str = ""
    interview_id: int | None = None
    note_id: int | None = None
    old: str = ""
    by: str = ""
    mode: str = ""  # an interview's


@dataclass(frozen=True, slots=True)
class ObligationEntry:
    kind: str
    seq: int
    due: date
    book_by: date
    met_on: date | None
    state: str  # met | overdue | due_today | upcoming
    requirement: str | None


@dataclass(frozen=True, slots=True)
class ReferralEntry:
    referral_id: int
    offer: str  # the offer's name ("" for a partial return recorded without an offer)
    kind: str | None
    start: date
    end: date | None
    hours_per_week: float
    justification: str
    purpose: str
    running: bool  # runs today


@dataclass(frozen=True, slots=True)
class CitizenView:
    case_id: int
    citizen_id: int
    case_version: int
    name: str
    cpr: str  # masked
    birth_date: date
    age: int
    employment_status: str | None
    employer: str | None
    job_title: str | None
    normal_hours: float | None  # the citizen's usual hours a week in the job
    phone: str | None
    caseworker: str | None
    first_absence_day: date
    week: int
    status: str  # open | closed
    closed_on: date | None
    close_reason: str | None
    category: int | None
    suggested_category: int | None
    categories: tuple[CategoryEntry, ...]  # oldest first
    group: str
    exemption: ExemptionInfo | None
    expected_return_date: date | None
    obligations: tuple[ObligationEntry, ...]  # by due date
    referrals: tuple[ReferralEntry, ...]  # newest start first
    weekly_hours: float  # hours a week of the referrals running today
    required_hours: float | None  # what the rule set asks of this case (None: nothing)
    timeline: tuple[TimelineEntry, ...]  # newest first
    plan: PlanView | None
    # What the rule set in force uses (data of the rule set, not its name): see FactsInfo.
    rule_facts: FactsInfo | None = None


@dataclass(frozen=True, slots=True)
class FactsInfo:
    """The rule set's categories and the sdp-2025 facts of the case, for the citizen screen."""

    rules_name: str
    categories: tuple[int, ...]  # the ones a caseworker may set
    read_as: int | None  # the case's category as the rule set reads it, where it differs
    agrees_next_day: bool  # may a next follow-up day be agreed (and is one held to agree at)
    predictable_weeks: int | None  # § 13 f offered (None: not by this rule set)
    records_return: bool  # does any obligation look at a recorded return
    predictable_course: tuple[date, date] | None  # § 13 f: (marked on, expected return)
    returns: tuple[tuple[date, bool], ...]  # (recorded on, happened), oldest first


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def local(value: datetime) -> datetime:
    """A stored UTC time (naive or aware) as Danish wall-clock time, naive."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(DANISH).replace(tzinfo=None)


def state_on(due: date, met_on: date | None, today: date) -> str:
    if met_on is not None and met_on <= today:
        return "met"
    if today > due:
        return "overdue"
    return "due_today" if today == due else "upcoming"


def required_hours(rules: RuleSet, group: str, exempt: bool) -> float | None:
    """The weekly hours the rule set requires of a case in ``group`` (the active offer)."""
    for rule in rules.rules:
        hours, applies = rule.met_by.weekly_hours, rule.applies
        if hours is None:
            continue
        if applies.groups is not None and Group(group) not in applies.groups:
            continue
        if applies.exempt is False and exempt:
            continue
        return hours
    return None


def citizen_view(session: Session, case_id: int, *, today: date,
                 actor: Actor) -> CitizenView:
    """Everything the citizen screen shows about one case (opening it is an audited read)."""
    from caseload.services.settings import ruleset

    guard(session, actor, case_id, "read", detail="citizen screen")
    case = get_case(session, case_id)
    citizen = session.get(Citizen, case.citizen_id)
    worker = session.get(Caseworker, case.caseworker_id) if case.caseworker_id else None
    changes = session.exec(select(CategoryChangeRow).where(CategoryChangeRow.case_id == case.id)
                           .order_by(CategoryChangeRow.changed_on, CategoryChangeRow.id)).all()
    exemption = session.exec(select(Exemption).where(
        Exemption.case_id == case.id, Exemption.lifted_on.is_(None))).first()
    referrals = _referrals(session, case.id, today)
    obligations = session.exec(select(ObligationRow).where(ObligationRow.case_id == case.id)
                               .order_by(ObligationRow.due, ObligationRow.kind,
                                         ObligationRow.seq)).all()
    return CitizenView(
        case_id=case.id, citizen_id=citizen.id, case_version=case.version, name=citizen.name,
        cpr=mask(citizen.cpr), birth_date=citizen.birth_date,
        age=age_on(citizen.birth_date, today), employment_status=citizen.employment_status,
        employer=citizen.employer_name, job_title=citizen.job_title,
        normal_hours=citizen.weekly_hours, phone=citizen.phone,
        caseworker=worker.name if worker else None, first_absence_day=case.first_absence_day,
        week=week_of_absence(case.first_absence_day, today), status=case.status,
        closed_on=case.closed_on, close_reason=case.close_reason, category=case.category,
        suggested_category=case.suggested_category,
        categories=tuple(CategoryEntry(c.category, c.changed_on, c.changed_by, c.reason)
                         for c in changes),
        group=case.group,
        exemption=ExemptionInfo(exemption.reason, exemption.reason_text, exemption.decided_on,
                                exemption.decided_by) if exemption else None,
        expected_return_date=case.expected_return_date,
        obligations=tuple(ObligationEntry(o.kind, o.seq, o.due, o.book_by, o.met_on,
                                          state_on(o.due, o.met_on, today), o.requirement)
                          for o in obligations),
        referrals=referrals,
        weekly_hours=sum(r.hours_per_week for r in referrals if r.running),
        required_hours=required_hours(ruleset(session), case.group, case.exempt),
        timeline=timeline(session, case, changes, referrals),
        plan=current_plan(session, case.id, actor=actor),
        rule_facts=facts_info(session, case, ruleset(session)),
    )


def facts_info(session: Session, case: Case, rules: RuleSet) -> FactsInfo:
    read = rules.read_category(case.category)
    records = session.exec(select(ReturnRecord).where(ReturnRecord.case_id == case.id)
                           .order_by(ReturnRecord.recorded_on, ReturnRecord.id)).all()
    uses_return = any("return" in (r.met_by.record, r.met_by.or_record) for r in rules.rules)
    course = ((case.predictable_course_on, case.predictable_return_on)
              if case.predictable_course_on and case.predictable_return_on else None)
    return FactsInfo(
        rules_name=rules.name, categories=rules.categories,
        read_as=read if read != case.category else None,
        agrees_next_day=rules.agrees_next_day,
        predictable_weeks=rules.predictable_course_weeks, records_return=uses_return,
        predictable_course=course,
        returns=tuple((r.recorded_on, r.happened) for r in records))


def weekly_hours(session: Session, case_id: int, *, today: date) -> float:
    """Hours a week of the case's referrals running today."""
    return sum(r.hours_per_week for r in _referrals(session, case_id, today) if r.running)


def _referrals(session: Session, case_id: int, today: date) -> tuple[ReferralEntry, ...]:
    rows = session.exec(select(Referral, Offer).join(Offer, isouter=True)
                        .where(Referral.case_id == case_id)
                        .order_by(Referral.start.desc(), Referral.id.desc())).all()
    return tuple(
        ReferralEntry(referral_id=r.id, offer=o.name if o else "", kind=o.kind if o else None,
                      start=r.start, end=r.end, hours_per_week=r.hours_per_week,
                      justification=r.justification, purpose=r.purpose,
                      running=r.start <= today and (r.end is None or today <= r.end))
        for r, o in rows
    )


def timeline(session: Session, case: Case, changes, referrals) -> tuple[TimelineEntry, ...]:  # noqa: ANN001
    """Forms, interviews, notes, referrals, categories, exemptions and plans; newest first."""
    entries: list[TimelineEntry] = []
    for form in session.exec(select(StoredForm).where(StoredForm.case_id == case.id)).all():
        entries.append(TimelineEntry(local(form.received), "form", detail=form.form_id))
    notes = session.exec(select(Note).where(Note.case_id == case.id).order_by(Note.id)).all()
    first_note: dict[int, Note] = {}
    for note in notes:
        if note.interview_id is not None and note.addendum_to is None:
            first_note.setdefault(note.interview_id, note)
    for i in session.exec(select(Interview).where(Interview.case_id == case.id)).all():
        note = first_note.get(i.id)
        entries.append(TimelineEntry(i.held_at or i.booked_for, "interview", code=i.kind,
                                     status=i.status, detail=first_line(note.body) if note
                                     else "", interview_id=i.id,
                                     note_id=note.id if note else None, mode=i.mode))
    for note in notes:
        if note.interview_id is not None and first_note.get(note.interview_id) is note:
            continue  # shown on its interview's row
        entries.append(TimelineEntry(local(note.created_at), "note",
                                     code="addendum" if note.addendum_to else (note.template
                                                                               or ""),
                                     detail=first_line(note.body), note_id=note.id,
                                     interview_id=note.interview_id, by=note.author))
    for ev in session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all():
        entries.append(TimelineEntry(local(ev.at), "event", code=ev.kind,
                                     status=ev.new_value or "", old=ev.old_value or "",
                                     detail=ev.reason or "", interview_id=ev.interview_id,
                                     by=ev.by))
    for r in referrals:
        entries.append(TimelineEntry(datetime.combine(r.start, time.min), "referral",
                                     code=r.kind or "", detail=r.offer))
    for c in changes:
        entries.append(TimelineEntry(datetime.combine(c.changed_on, time.min), "category",
                                     code=str(c.category or ""), detail=c.reason or ""))
    for e in session.exec(select(Exemption).where(Exemption.case_id == case.id)).all():
        entries.append(TimelineEntry(datetime.combine(e.decided_on, time.min), "exemption",
                                     code=e.reason, detail=e.reason_text or ""))
    for p in session.exec(select(FollowUpPlan).where(FollowUpPlan.case_id == case.id)).all():
        entries.append(TimelineEntry(local(p.created_at), "plan", code=str(p.version),
                                     detail=p.created_by or ""))
    entries.sort(key=lambda e: (e.at, e.kind), reverse=True)
    return tuple(entries)


def first_line(body: str) -> str:
    """A note's first line the caseworker wrote (not a template's title or heading)."""
    from caseload.notes.templates import SECTION_HEADINGS, TITLES

    for line in body.splitlines():
        text = line.strip()
        if text and text not in TITLES and text not in SECTION_HEADINGS \
                and not (text.startswith("[") and text.endswith("]")):
            return text
    return ""


def reveal_cpr(session: Session, case_id: int, *, purpose: str | None = None,
               actor: Actor) -> str:
    """The citizen's whole CPR number (DDMMYY-SSSS); writes who saw it, and why, to the
    audit log (the purpose masked like all free text there).

    Run it in a write session: the number is given only once the audit line is stored."""
    case = require_case(session, actor, case_id, "reveal_cpr", purpose,
                        detail="citizen screen")
    citizen = session.get(Citizen, case.citizen_id)
    return f"{citizen.cpr[:6]}-{citizen.cpr[6:]}"
