"""Apply a rule set to a case's facts: what the case owes, by when, and whether it was met.

``obligations(facts, rules)`` does not take today: no due date depends on the day you ask.
``evaluate(facts, rules, today)`` adds each obligation's state on that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from caseload.domain.calendar import add_months, latest_working_day_on_or_before
from caseload.domain.model import (
    CaseFacts,
    CategoryChange,
    InterviewFact,
    InterviewKind,
    Obligation,
    ObligationKind,
    ObligationStatus,
    category_on,
)
from caseload.domain.ruleset import Applies, Interval, MetBy, Offset, Rule, RuleSet, Spread

# Anchors that are a deadline rather than a start: interviews and records from the day
# named here (None: the first day of absence) meet them.
DEADLINE_ANCHORS: dict[str, str | None] = {"expected_return_date": None,
                                           "predictable_return_date": "predictable_course_since"}
_DAY = timedelta(days=1)


def obligations(facts: CaseFacts, rules: RuleSet) -> list[Obligation]:
    """Every obligation of the case under ``rules``: met ones and the ones still open."""
    if facts.closed:
        return []
    facts = read_categories(facts, rules)
    ctx = _Context(facts, rules)
    found: list[Obligation] = []
    # One-off obligations first: a series may start from the interview that met one.
    for kind, candidates in _by_kind(r for r in rules.rules if r.due).items():
        applying = [r for r in candidates if _applies(r.applies, facts)]
        chosen = ctx.one_off(kind, applying)
        if chosen is not None:
            found.append(chosen)
    for rule in rules.rules:
        if rule.series is not None and _applies(rule.applies, facts):
            found.extend(ctx.series(rule))
    return sorted(found, key=lambda o: (o.due, o.kind.value, o.seq))


def evaluate(facts: CaseFacts, rules: RuleSet, today: date) -> list[ObligationStatus]:
    """Each obligation with its state (met, overdue, due today, upcoming) on ``today``."""
    return [
        ObligationStatus(o, o.state(today), o.days_overdue(today))
        for o in obligations(facts, rules)
    ]


def read_categories(facts: CaseFacts, rules: RuleSet) -> CaseFacts:
    """The facts with each category as the rule set reads it (sdp-2025: 3 is read as 2)."""
    if not rules.read_as:
        return facts
    return replace(facts, categories=tuple(
        CategoryChange(rules.read_category(c.category), c.changed_on) for c in facts.categories))


def period_end(first_absence_day: date, months: int) -> date:
    """The last day of the first ``months`` calendar months counted from F: F + months − 1
    day (calendar months clamped to the end of a shorter month, then one day back)."""
    return add_months(first_absence_day, months) - _DAY


def shift(day: date, offset: Offset) -> date:
    return add_months(day, offset.months) + timedelta(days=offset.days + 7 * offset.weeks)


def _by_kind(rules: Iterable[Rule]) -> dict[ObligationKind, list[Rule]]:
    grouped: dict[ObligationKind, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.kind, []).append(rule)
    return grouped


def _applies(applies: Applies, facts: CaseFacts) -> bool:
    """The group and exemption conditions. The category condition is checked per due date
    (``_Context.one_off`` and ``_Context._interval``): a change applies from the next one on."""
    if applies.groups is not None and facts.group not in applies.groups:
        return False
    return applies.exempt is None or applies.exempt == facts.exempt


def _category_allowed(applies: Applies, category: int | None) -> bool:
    return applies.categories is None or category in applies.categories


def _obligation(kind: ObligationKind, due: date, met_on: date | None,
                requirement: str | None = None, seq: int = 0) -> Obligation:
    return Obligation(kind=kind, due=due, book_by=latest_working_day_on_or_before(due),
                      met_on=met_on, requirement=requirement, seq=seq)


class _Context:
    def __init__(self, facts: CaseFacts, rules: RuleSet) -> None:
        self.facts = facts
        self.in_person_modes = rules.in_person_modes
        self.predictable_weeks = rules.predictable_course_weeks
        # In the order held; on one day, in-person ones first (the one that counts when a
        # day has two), then by kind and mode, so the order rows arrive in never matters.
        self.held: list[InterviewFact] = sorted(
            (i for i in facts.interviews if i.is_held),
            key=lambda i: (i.day, i.mode not in self.in_person_modes, i.kind.value, i.mode.value,
                           i.next_agreed_on or date.max),
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
        if name == "predictable_return_date":
            return self._predictable_return()
        if name == "predictable_course_since":
            course = self.facts.predictable_course
            return course.marked_on if course else None
        raise ValueError(name)  # the rule set parser rejects unknown anchors

    def _predictable_return(self) -> date | None:
        """§ 13 f: the expected return recorded at the mark, at the latest the end of week
        ``predictable_course_weeks`` counted from the day of the mark."""
        course = self.facts.predictable_course
        if course is None or self.predictable_weeks is None:
            return None
        latest = course.marked_on + timedelta(days=7 * self.predictable_weeks - 1)
        return min(course.expected_return, latest)

    def pause(self) -> tuple[date, date | None] | None:
        """§ 13 f: from the mark until the day a return is recorded as not having happened
        (None: it still holds)."""
        course = self.facts.predictable_course
        if course is None or self.predictable_weeks is None:
            return None
        ends = sorted(r.on for r in self.facts.returns
                      if not r.happened and r.on >= course.marked_on)
        return course.marked_on, ends[0] if ends else None

    def _category_since(self, category: int | None, day: date | None = None) -> date | None:
        """The day ``category`` last took force, if it is the one in force on ``day``
        (None: the latest recorded)."""
        since = None
        previous: int | None = None
        for change in sorted(self.facts.categories, key=lambda c: c.changed_on):
            if day is not None and change.changed_on > day:
                break
            if change.category == category and (since is None or previous != category):
                since = change.changed_on
            elif change.category != category:
                since = None
            previous = change.category
        return since

    def not_before_change(self, due: date, category: int | None, day: date | None) -> date:
        """A change of category applies from the next due date on: a due date that only the
        new category gives (the category in force on it was another) is never before the
        day the change was made."""
        if self._category_on(due) == category:
            return due
        since = self._category_since(category, day)
        return max(due, since) if since is not None else due

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

    def _record(self, name: str, not_before: date) -> date | None:
        if name == "participation_ended":
            return self.facts.participation_ended_on
        if name == "return":
            days = sorted(r.on for r in self.facts.returns if r.on >= not_before)
            return days[0] if days else None
        return self.facts.reassessed_on

    # -- rules ---------------------------------------------------------------------------
    def one_off(self, kind: ObligationKind, rules: list[Rule]) -> Obligation | None:
        """The one obligation of ``kind`` among the rules that may give it.

        A rule with a category condition counts if the category in force on the day it was
        met allowed it, or, while it is open, the category in force now: a change of
        category applies from the next due date on and never reopens a met obligation.
        The earliest met candidate wins, else the earliest due.
        """
        met: list[tuple[Obligation, InterviewFact | None]] = []
        open_: list[Obligation] = []
        for rule in rules:
            obligation, interview = self._one_off(rule)
            if obligation is None:
                continue
            on = obligation.met_on
            category = self._category_on(on) if on is not None else self.facts.category
            if not _category_allowed(rule.applies, category):
                continue
            if on is not None:
                met.append((obligation, interview))
            else:
                if rule.applies.categories is not None:
                    due = self.not_before_change(obligation.due, category, None)
                    obligation = _obligation(obligation.kind, due, None, obligation.requirement)
                open_.append(obligation)
        if met:
            obligation, interview = min(met, key=lambda m: m[0].met_on or m[0].due)
            if kind is ObligationKind.FIRST_FOLLOW_UP:
                self.first_follow_up_met = interview
            return obligation
        return min(open_, key=lambda o: o.due) if open_ else None

    def _one_off(self, rule: Rule) -> tuple[Obligation | None, InterviewFact | None]:
        for due_from in rule.due:
            anchor = self.anchor(due_from.anchor)
            if anchor is not None:
                break
        else:
            return None, None  # no anchor yet (e.g. the course has not started)
        due = shift(anchor, due_from.offset)
        met_by = rule.met_by
        interview: InterviewFact | None = None
        met_on: date | None
        # An anchor that is itself a deadline (the expected return date) is no start: what
        # happened from the first day of absence (or the day it names) meets it.
        not_before = anchor
        if due_from.anchor in DEADLINE_ANCHORS:
            since = DEADLINE_ANCHORS[due_from.anchor]
            not_before = (self.anchor(since) if since else None) or self.facts.first_absence_day
        if met_by.interviews:
            interview = self._first_interview(met_by, not_before=not_before)
            met_on = interview.day if interview else None
            if met_by.or_record:
                recorded = self._record(met_by.or_record, not_before)
                if recorded is not None and (met_on is None or recorded < met_on):
                    interview, met_on = None, recorded
        elif met_by.weekly_hours is not None:
            met_on = self._first_day_with_hours(met_by.weekly_hours)
        else:
            met_on = self._record(met_by.record or "", not_before)
        requirement = "in_person" if met_by.in_person else None
        return _obligation(rule.kind, due, met_on, requirement), interview

    def series(self, rule: Rule) -> list[Obligation]:
        """A recurring obligation: one per interval, each met by the first fitting interview.

        The interval of an obligation already met follows the category in force the day
        before the interview that met it (a change made at that interview applies to the
        next one); the open one follows the category in force now. While the series is
        paused (§ 13 f) nothing is owed; it resumes counting from the day the pause ends.
        """
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
        chain = [last.day] if last is not None else []  # the fitting interviews held
        any_interview_moves = rule.series.after == "any_held_interview"
        until = (self.facts.participation_ended_on
                 if rule.series.until == "participation_end" else None)
        pause = self.pause() if rule.series.paused_by else None
        resumed = False
        found: list[Obligation] = []
        for interview in self.held:
            if interview.day <= anchor_day:
                continue
            fits_kind = interview.kind in rule.met_by.interviews
            if pause is not None and pause[0] <= interview.day and (
                    pause[1] is None or interview.day <= pause[1]):
                if fits_kind:  # held while nothing is owed: still the last one held
                    anchor_day, last = interview.day, interview
                    chain.append(interview.day)
                continue
            if pause is not None and pause[1] is not None and not resumed \
                    and pause[1] < interview.day:
                anchor_day, resumed = max(anchor_day, pause[1]), True
            interval = self._interval(rule, self._category_on(interview.day - _DAY))
            if interval is None:
                # No rhythm under the category then in force, but the interview is still
                # the last one held: the next rhythm counts from it.
                if fits_kind or any_interview_moves:
                    anchor_day = interview.day
                    if fits_kind:
                        last = interview
                        chain.append(interview.day)
                continue
            in_person = self._needs_in_person(interval, last, rule.met_by)
            before = interview.day - _DAY
            due = self.not_before_change(self._next_due(interval, anchor_day, last, chain),
                                         self._category_on(before), before)
            if until is not None and due > until:
                return found
            if fits_kind and self._mode_ok(interview, in_person):
                found.append(_obligation(rule.kind, due, interview.day,
                                         "in_person" if in_person else None, len(found) + 1))
                anchor_day, last = interview.day, interview
                chain.append(interview.day)
            elif any_interview_moves:
                anchor_day = interview.day
        if pause is not None:
            if pause[1] is None:
                return found  # § 13 f holds: no follow-up is owed
            if not resumed:
                anchor_day = max(anchor_day, pause[1])
        interval = self._interval(rule, self.facts.category)
        if interval is None:
            return found
        in_person = self._needs_in_person(interval, last, rule.met_by)
        due = self.not_before_change(self._next_due(interval, anchor_day, last, chain),
                                     self.facts.category, None)
        if until is None or due <= until:
            found.append(_obligation(rule.kind, due, None, "in_person" if in_person else None,
                                     len(found) + 1))
        return found

    def _next_due(self, interval: Interval, anchor_day: date, last: InterviewFact | None,
                  chain: list[date]) -> date:
        """The next due date after ``anchor_day`` (the last held, or the end of a pause)."""
        if interval.spread is not None:
            due = self._spread_due(interval.spread, anchor_day, chain)
            if due is not None:
                return due
        if (interval.agreed_day and last is not None and last.day == anchor_day
                and last.next_agreed_on is not None and last.next_agreed_on > anchor_day):
            return last.next_agreed_on
        return shift(anchor_day, interval.offset)

    def _spread_due(self, spread: Spread, anchor_day: date, chain: list[date]) -> date | None:
        """Within the period, with r still owed after day L: L + ⌊(H − L) / r⌋ days (at least
        the next day). None once the period is over or nothing more is owed in it."""
        first = self.facts.first_absence_day
        end = period_end(first, spread.months)
        owed = spread.held - sum(1 for day in chain if first <= day <= end)
        if owed <= 0 or anchor_day >= end:
            return None
        return anchor_day + timedelta(days=max(1, (end - anchor_day).days // owed))

    def _interval(self, rule: Rule, category: int | None) -> Interval | None:
        if rule.every is None or not _category_allowed(rule.applies, category):
            return None
        return rule.every.get(category)

    def _category_on(self, day: date) -> int | None:
        return category_on(self.facts.categories, day)

    def _needs_in_person(self, interval: Interval, last: InterviewFact | None,
                         met_by: MetBy) -> bool:
        if interval.in_person or met_by.in_person:
            return True
        return (interval.in_person_after_remote and last is not None
                and last.mode not in self.in_person_modes)
