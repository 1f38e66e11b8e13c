"""The demo's § 13 f marks, recorded returns and agreed next follow-up days, where the rule
set uses them (sdp-2025), so each of its obligations appears in the demo.

A separate random stream per case (from the seed and the case id) keeps every other part of
the demo exactly as it is under the rule sets that use none of these facts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseload.demo.timeline import Timeline
from caseload.domain.ruleset import RuleSet

MARK_SHARE = 0.35  # employed category 2 cases marked as a predictable course (§ 13 f)
NOT_RETURNED_SHARE = 0.5  # marked cases past the expected return whose return did not happen
AGREED_SHARE = 0.5  # cases whose last held follow-up agreed the next day
EARLY_TRIAGE_SHARE = 0.7  # cases expected back within 8 weeks triaged to 1 at intake


@dataclass(slots=True)
class FollowUpFacts:
    course: tuple[date, date] | None = None  # (marked on, expected return)
    returns: list[tuple[date, bool]] = field(default_factory=list)
    agreed: dict[int, date] = field(default_factory=dict)  # visit index → next agreed day


def follow_up_facts(rules: RuleSet, seed: int, case_id: int, tl: Timeline, *, employed: bool,
                    today: date, first_absence: date,
                    expected_return: date | None) -> FollowUpFacts:
    """The facts for one case; a case expected back within 8 weeks and not yet seen may be
    triaged to category 1 at intake (added to ``tl.categories``), so its return date is
    owed."""
    found = FollowUpFacts()
    uses_agreed, weeks = rules.agrees_next_day, rules.predictable_course_weeks
    if not uses_agreed and weeks is None:
        return found
    rng = random.Random(f"{seed}:{case_id}")
    held = [i for i, v in enumerate(tl.visits) if v.status == "held" and v.kind == "follow_up"
            and v.day <= today]
    intake = first_absence + timedelta(days=3)
    if (expected_return is not None and not held and not tl.categories and intake <= today
            and 1 in rules.categories and rng.random() < EARLY_TRIAGE_SHARE):
        tl.categories.append((1, intake))
    category = tl.categories[-1][0] if tl.categories else None
    if weeks and employed and held and rules.read_category(category) == 2 \
            and rng.random() < MARK_SHARE:
        marked = tl.visits[held[0]].day
        expected = marked + timedelta(days=rng.randint(14, 7 * weeks - 1))
        found.course = (marked, expected)
        if expected < today and rng.random() < NOT_RETURNED_SHARE:
            found.returns.append((expected, False))
    if uses_agreed and held and rng.random() < AGREED_SHARE:
        last = held[-1]
        found.agreed[last] = tl.visits[last].day + timedelta(days=rng.randint(21, 56))
    return found
