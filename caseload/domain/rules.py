"""Apply a rule set to a case's facts: what the case owes, by when, and whether it was met.

``obligations(facts, rules)`` does not take today: no due date depends on the day you ask.
``evaluate(facts, rules, today)`` adds each obligation's state on that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from caseload.domain.calendar import add_months, latest_working_day_on_or_before
from caseload.domain.model import (
    CaseFacts,
    InterviewFact,
    InterviewKind,
    Obligation,
    ObligationKind,
    ObligationStatus,
)
from caseload.domain.ruleset import Applies, Interval, MetBy, Offset, Rule, RuleSet


def obligations(facts: CaseFacts, rules: RuleSet) -> list[Obligation]:
    """Every obligation of the case under ``rules``: met ones and the ones still open."""
    if facts.closed:
        return []
    ctx = _Context(facts, rules)
    found: list[Obligation] = []
    for rule in rules.rules:
        if not _applies(rule.applies, facts):
            continue
        found.extend(ctx.one_off(rule) if rule.due else ctx.series(rule))
    return sorted(found, key=lambda o: (o.due, o.kind.value, o.seq))


def evaluate(facts: CaseFacts, rules: RuleSet, today: date) -> list[ObligationStatus]:
    """Each obligation with its state (met, overdue, due today, upcoming) on ``today``."""
    return [
        ObligationStatus(o, o.state(today), o.days_overdue(today))
        for o in obligations(facts, rules)
    ]


def shift(day: date, offset: Offset) -> date:
    return add_months(day, offset.months) + timedelta(days=offset.days + 7 * offset.weeks)


def _applies(applies: Applies, facts: CaseFacts) -> bool:
    if applies.categories is not None and facts.category not in applies.categories:
        return False
    if applies.groups is not None and facts.group not in applies.groups:
        return False
    return applies.exempt is None or applies.exempt == facts.exempt


def _obligation(kind: ObligationKind, due: date, met_on: date | None,
                requirement: str | None = None, seq: int = 0) -> Obligation:
    return Obligation(kind=kind, due=due, book_by=latest_working_day_on_or_before(due),
                      met_on=met_on, requirement=requirement, seq=seq)


class _Context:
    def __init__(self, facts: CaseFacts, rules: RuleSet) -> None:
        self.facts = facts
        self.in_person_modes = rules.in_person_modes
        self.held: list[InterviewFact] = sorted(
            (i for i in facts.interviews if i.is_held), key=lambda i: i.day
        )
        follow_ups = [i for i in self.held if i.kind is InterviewKind.FOLLOW_UP]
        self.course_start: date | None = follow_ups[0].day if follow_ups else None
        self.first_follow_up_met: InterviewFact | None = None

    # -- anchors -------------------------------------------------------------------------
    def anchor(self, name: str) -> date | None:
        if name == "first_absence_day":
            return self.facts.first_absence_day
        if name == "course_start":
            return self.course_start
        if name == "expected_return_date":
            return self.facts.expected_return_date
        if name == "category_3_since":
            return self._category_since(3)
        raise ValueError(name)  # the rule set parser rejects unknown anchors

    def _category_since(self, category: int) -> date | None:
        since = None
        previous: int | None = None
        for change in sorted(self.facts.categories, key=lambda c: c.changed_on):
            if change.category == category and previous != category:
                since = change.changed_on
            elif change.category != category:
                since = None
            previous = change.category
        return since

    # -- meeting -------------------------------------------------------------------------
    def _mode_ok(self, interview: InterviewFact, in_person: bool) -> bool:
        return not in_person or interview.mode in self.in_person_modes

    def _first_interview(self, met_by: MetBy, not_before: date) -> InterviewFact | None:
        for interview in self.held:
            if (interview.day >= not_before and interview.kind in met_by.interviews
                    and self._mode_ok(interview, met_by.in_person)):
                return interview
        return None

    def _first_day_with_hours(self, hours: float) -> date | None:
        referrals = self.facts.referrals
        candidates = sorted({self.facts.first_absence_day} | {r.start for r in referrals})
        for day in candidates:
            if day < self.facts.first_absence_day:
                continue
            if sum(r.hours_per_week for r in referrals if r.runs_on(day)) >= hours:
                return day
        return None

    def _record(self, name: str) -> date | None:
        if name == "participation_ended":
            return self.facts.participation_ended_on
        return self.facts.reassessed_on

    # -- rules ---------------------------------------------------------------------------
    def one_off(self, rule: Rule) -> Iterable[Obligation]:
        for due_from in rule.due:
            anchor = self.anchor(due_from.anchor)
            if anchor is not None:
                break
        else:
            return []  # no anchor yet (e.g. the course has not started)
        due = shift(anchor, due_from.offset)
        met_by = rule.met_by
        met_on: date | None
        if met_by.interviews:
            interview = self._first_interview(met_by, not_before=anchor)
            met_on = interview.day if interview else None
            if rule.kind is ObligationKind.FIRST_FOLLOW_UP:
                self.first_follow_up_met = interview
        elif met_by.weekly_hours is not None:
            met_on = self._first_day_with_hours(met_by.weekly_hours)
        else:
            met_on = self._record(met_by.record or "")
        return [_obligation(rule.kind, due, met_on, "in_person" if met_by.in_person else None)]

    def series(self, rule: Rule) -> list[Obligation]:
        assert rule.series is not None and rule.every is not None
        if rule.series.starts == "course_start":
            if self.course_start is None:
                return []
            anchor_day, last = self.course_start, None
        else:
            if self.first_follow_up_met is None:
                return []
            last = self.first_follow_up_met
            anchor_day = last.day
        any_interview_moves = rule.series.after == "any_held_interview"
        until = (self.facts.participation_ended_on
                 if rule.series.until == "participation_end" else None)
        found: list[Obligation] = []
        for interview in self.held:
            if interview.day <= anchor_day:
                continue
            interval = rule.every.get(self._category_on(interview.day))
            if interval is None:
                break
            in_person = self._needs_in_person(interval, last, rule.met_by)
            due = shift(anchor_day, interval.offset)
            if until is not None and due > until:
                return found
            if interview.kind in rule.met_by.interviews and self._mode_ok(interview, in_person):
                found.append(_obligation(rule.kind, due, interview.day,
                                         "in_person" if in_person else None, len(found) + 1))
                anchor_day, last = interview.day, interview
            elif any_interview_moves:
                anchor_day = interview.day
        interval = rule.every.get(self.facts.category)
        if interval is None:
            return found
        in_person = self._needs_in_person(interval, last, rule.met_by)
        due = shift(anchor_day, interval.offset)
        if until is None or due <= until:
            found.append(_obligation(rule.kind, due, None, "in_person" if in_person else None,
                                     len(found) + 1))
        return found

    def _category_on(self, day: date) -> int | None:
        from caseload.domain.model import category_on

        return category_on(self.facts.categories, day)

    def _needs_in_person(self, interval: Interval, last: InterviewFact | None,
                         met_by: MetBy) -> bool:
        if interval.in_person or met_by.in_person:
            return True
        return (interval.in_person_after_remote and last is not None
                and last.mode not in self.in_person_modes)
