"""The demo caseload as plain table rows: deterministic for (seed, cases, today).

``generate`` returns every row to insert, with ids assigned, and each open case's
obligations as the rules core computes them (``caseload.domain.rules.obligations``), so a
freshly built database answers ``caseload overdue`` at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from caseload.catalogue import OfferSpec
from caseload.demo import names, people, texts
from caseload.demo.chance import FastRandom, Weighted
from caseload.demo.follow_up_facts import FollowUpFacts, follow_up_facts
from caseload.demo.records import PlanBuilder, form_row, note_body, stamp
from caseload.demo.timeline import CaseSimulation, Timeline
from caseload.domain.groups import allocate_group, suggest_category
from caseload.domain.model import (
    CaseFacts,
    CategoryChange,
    ExemptionReason,
    Group,
    InterviewFact,
    InterviewKind,
    InterviewMode,
    InterviewStatus,
    Obligation,
    PredictableCourse,
    ReferralFact,
    ReturnFact,
)
from caseload.domain.rules import obligations
from caseload.domain.ruleset import RuleSet

MAX_WEEK = 40
SLIP_SHARE = 0.22  # cases whose caseworker fell behind at some point in the last four weeks
OUTSIDE_SHARE = 0.10
EXEMPT_SHARE = 0.10
CLOSED_SHARE = 3.0  # closed cases besides the open ones: the trial's history so far
# The weekly chance that a case closes from week 3 on, by group: participants (weekly contact,
# an active offer) return somewhat faster, as the jobcentres reported (002). The report's
# survival curves and log-rank test are computed from what this produces.
CLOSING_HAZARD = {Group.PARTICIPANT.value: 0.12, Group.CONTROL.value: 0.07,
                  Group.OUTSIDE.value: 0.07}
SLOTS = tuple(time(h, m) for h, m in ((8, 30), (9, 15), (10, 0), (10, 45), (11, 30),
                                      (12, 30), (13, 15), (14, 0), (14, 45), (15, 30)))
EXEMPTION_REASONS = Weighted(
    (ExemptionReason.TREATMENT, 30), (ExemptionReason.HOSPITALISATION, 20),
    (ExemptionReason.PREGNANCY, 15), (ExemptionReason.PENSION_CASE, 10),
    (ExemptionReason.TERMINAL_ILLNESS, 5), (ExemptionReason.OTHER, 20),
)
CATEGORIES = Weighted((1, 30), (2, 50), (3, 20))
INTAKE_TIME = time(7, 30)
EVENING = time(16, 0)
BOOKING_TIME = time(9, 0)
HOUR = timedelta(hours=1)
NOTE_DELAY = timedelta(minutes=50)
KINDS = {k.value: k for k in InterviewKind}
MODES = {m.value: m for m in InterviewMode}
STATUSES = {s.value: s for s in InterviewStatus}
CHUNK = 2000  # cases generated (and written) at a time
TABLES = ("caseworkers", "citizens", "cases", "category_changes", "exemptions", "interviews",
          "referrals", "plans", "plan_steps", "plan_hours", "notes", "forms", "obligations",
          "case_returns")


@dataclass
class DemoData:
    """Rows per table, in an order that satisfies the foreign keys."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def count(self, table: str) -> int:
        return len(self.tables[table])


def generate(*, seed: int, cases: int, today: date, offers: list[OfferSpec],
             offer_ids: dict[str, int], rules: RuleSet) -> DemoData:
    """Every row at once (for small caseloads and tests)."""
    merged = DemoData()
    for part in generate_chunks(seed=seed, cases=cases, today=today, offers=offers,
                                offer_ids=offer_ids, rules=rules):
        for name, rows in part.tables.items():
            merged.tables[name].extend(rows)
    return merged


def generate_chunks(*, seed: int, cases: int, today: date, offers: list[OfferSpec],
                    offer_ids: dict[str, int], rules: RuleSet,
                    size: int = CHUNK) -> Iterator[DemoData]:
    """The same rows in parts of ``size`` cases (the first also holds the caseworkers), so
    that a big caseload never sits in memory whole. The parts do not depend on ``size``."""
    return _Generator(seed, today, offers, offer_ids, rules).chunks(cases, size)


class _Generator:
    def __init__(self, seed: int, today: date, offers: list[OfferSpec],
                 offer_ids: dict[str, int], rules: RuleSet) -> None:
        self.rng, self.seed = FastRandom(seed), seed
        self.today, self.rules = today, rules
        self.offers = [o for o in offers if o.active and o.code in offer_ids]
        self.offer_ids = offer_ids
        self.data = DemoData()
        self.ids: dict[str, int] = defaultdict(int)
        self.taken: set[str] = set()
        self.in_person = frozenset(m.value for m in rules.in_person_modes)
        self.plans = PlanBuilder(self.ids)

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def chunks(self, cases: int, size: int) -> Iterator[DemoData]:
        workers = people.caseworker_rows(cases)
        self.data.tables["caseworkers"] = workers
        self.logins = {w["id"]: w["login"] for w in workers}
        self.roster = people.Roster(workers)
        # Each caseworker's interviews today: a few of the slots, filled by the first
        # bookings the stories make (a booking a few days ahead is moved to today).
        self.today_slots = {w["id"]: sorted(self.rng.sample(SLOTS, self.rng.randint(3, 6)))
                            for w in workers if w["role"] == "caseworker"}
        stories = [(i, False) for i in range(cases)]
        stories += [(cases + i, True) for i in range(int(cases * CLOSED_SHARE))]
        for start in range(0, max(len(stories), 1), size):
            for index, closed in stories[start:start + size]:
                self._case(index, closed=closed)
            self.data.tables.update(plans=self.plans.plans, plan_steps=self.plans.steps,
                                    plan_hours=self.plans.hours)
            yield self.data
            self.data, self.plans = DemoData(), PlanBuilder(self.ids)

    # -- one case ------------------------------------------------------------------------
    def _case(self, index: int, *, closed: bool) -> None:
        rng, today, t = self.rng, self.today, self.data.tables
        if closed:
            first_absence = today - timedelta(days=rng.randint(70, 7 * 52))
            story_today = today - timedelta(days=1)  # until the group sets the closing day
        else:
            first_absence = today - timedelta(days=rng.randint(0, 7 * MAX_WEEK - 1))
            story_today = today
        case_id, citizen_id = self._next("cases"), self._next("citizens")
        created = stamp(min(today, first_absence + timedelta(days=3)), INTAKE_TIME)
        citizen = people.citizen_row(rng, citizen_id, first_absence, self.taken, created)
        t["citizens"].append(citizen)
        worker = self.roster.caseworker_for(citizen["birth_date"], index)
        login = self.logins[worker]
        group = allocate_group(citizen["birth_date"], self.rules.allocation).value
        if rng.random() < OUTSIDE_SHARE:
            group = Group.OUTSIDE.value
        if closed:
            story_today = self._closing_day(first_absence, group)
        exempt = (group != Group.OUTSIDE.value and rng.random() < EXEMPT_SHARE
                  and first_absence + timedelta(days=10) <= story_today)
        if exempt:
            self._exemption(case_id, first_absence, story_today, login)
        category = CATEGORIES.pick(rng)
        duration = {1: "under_8_weeks", 2: "over_8_weeks", 3: "over_8_weeks"}[category]
        if rng.random() < 0.2:
            duration = "unknown"
        expected_return = (first_absence + timedelta(weeks=rng.randint(3, 7))
                           if duration == "under_8_weeks" and rng.random() < 0.6 else None)
        slip = (story_today - timedelta(days=rng.randint(1, 28))
                if rng.random() < SLIP_SHARE and not closed else None)
        sim = CaseSimulation(rng, today=story_today, slip_day=slip,
                             in_person_modes=self.in_person, offers=self.offers)
        active = group == Group.PARTICIPANT.value and not exempt
        tl = sim.run(first_absence=first_absence, category=category, active=active,
                     employed=citizen["employment_status"] == "employed")
        if closed:
            tl.visits = [v for v in tl.visits if v.status != "booked"]
        # A category the rule set no longer sets (sdp-2025: 3) is recorded as it reads it.
        tl.categories = [(c if c in self.rules.categories else self.rules.read_category(c), d)
                         for c, d in tl.categories]
        extra = FollowUpFacts() if closed else follow_up_facts(
            self.rules, self.seed, case_id, tl,
            employed=citizen["employment_status"] == "employed", today=story_today,
            first_absence=first_absence, expected_return=expected_return)
        self._interviews(case_id, worker, login, tl, extra.agreed)
        for day, happened in extra.returns:
            t["case_returns"].append({
                "id": self._next("case_returns"), "case_id": case_id, "recorded_on": day,
                "happened": happened, "recorded_by": login, "created_at": stamp(day, EVENING)})
        self._categories(case_id, login, tl)
        self._referrals(case_id, login, tl)
        self.plans.build(rng, case_id=case_id, today=today, tl=tl, citizen=citizen,
                                author=login)
        t["forms"].append(form_row(
            rng, form_id=self._next("forms"), case_id=case_id, citizen=citizen,
            first_absence=first_absence, today=today, expected_duration=duration,
            expected_return=expected_return, sickness=rng.choice(names.SICKNESS)))
        found = [] if closed else obligations(self._facts(first_absence, group, exempt, tl,
                                                          expected_return, extra), self.rules)
        t["obligations"].extend(self._obligation_rows(case_id, found))
        open_dues = [o.due for o in found if o.met_on is None]
        t["cases"].append({
            "id": case_id, "citizen_id": citizen_id, "caseworker_id": worker,
            "first_absence_day": first_absence, "status": "closed" if closed else "open",
            "opened_on": min(today, first_absence + timedelta(days=3)),
            "closed_on": story_today if closed else None,
            "close_reason": ("return_to_work" if rng.random() < 0.8 else "benefit_ended")
            if closed else None,
            "group": group, "group_decided_on": min(today, first_absence + timedelta(days=3)),
            "exempt": exempt, "category": tl.categories[-1][0] if tl.categories else None,
            "suggested_category": suggest_category(duration), "expected_duration": duration,
            "expected_return_date": expected_return,
            "participation_ended_on": tl.participation_ended_on,
            "participation_outcome": tl.participation_outcome, "reassessed_on": None,
            "predictable_course_on": extra.course[0] if extra.course else None,
            "predictable_return_on": extra.course[1] if extra.course else None,
            "needs_review": False, "review_reason": None,
            "next_due": min(open_dues) if open_dues else None,
            "version": 1 + len(tl.visits) + len(tl.placements),
            "created_at": created, "updated_at": stamp(
                max([first_absence] + [v.day for v in tl.visits if v.day <= today]),
                EVENING),
        })

    def _closing_day(self, first_absence: date, group: str) -> date:
        """The day a closed case ended: weeks drawn by the group's weekly closing hazard
        (from week 3 on), drawn again while that would be on or after today."""
        rng, latest = self.rng, self.today - timedelta(days=1)
        for _ in range(20):
            weeks = 2
            while rng.random() >= CLOSING_HAZARD[group]:
                weeks += 1
            end = first_absence + timedelta(days=7 * weeks + rng.randint(0, 6))
            if end <= latest:
                return end
        return latest

    def _exemption(self, case_id: int, first_absence: date, today: date, login: str) -> None:
        rng = self.rng
        reason = EXEMPTION_REASONS.pick(rng)
        latest = min(60, (today - first_absence).days)
        decided = first_absence + timedelta(days=rng.randint(10, latest))
        self.data.tables["exemptions"].append({
            "id": self._next("exemptions"), "case_id": case_id, "reason": reason.value,
            "reason_text": rng.choice(texts.EXEMPTION_OTHER)
            if reason is ExemptionReason.OTHER else None,
            "decided_on": decided, "decided_by": login, "lifted_on": None,
            "created_at": stamp(decided, time(11, 0)),
        })

    def _interviews(self, case_id: int, worker: int, login: str, tl: Timeline,
                    agreed: dict[int, date]) -> None:
        rng, t = self.rng, self.data.tables
        interviews, notes = t["interviews"], t["notes"]
        first = True
        category = tl.categories[0][0] if tl.categories else None
        for index, visit in enumerate(tl.visits):
            slot = rng.choice(SLOTS)
            if visit.status == "booked" and self.today_slots.get(worker):
                visit.day, slot = self.today, self.today_slots[worker].pop(0)
            at = datetime.combine(visit.day, slot)
            booked = stamp(min(visit.day, self.today) - timedelta(days=rng.randint(5, 14)),
                           BOOKING_TIME)
            row = {
                "id": self._next("interviews"), "case_id": case_id, "kind": visit.kind,
                "mode": visit.mode, "status": visit.status, "booked_for": at,
                "held_at": at if visit.status == "held" else None, "caseworker_id": worker,
                "next_agreed_on": agreed.get(index),
                "created_at": booked, "updated_at": booked,
            }
            interviews.append(row)
            if visit.status == "booked":
                continue
            at_utc = stamp(visit.day, slot)
            row["updated_at"] = at_utc + HOUR
            is_first = first and visit.status == "held" and visit.kind == "follow_up"
            notes.append({
                "id": self._next("notes"), "case_id": case_id, "interview_id": row["id"],
                "addendum_to": None, "template": visit.kind,
                "body": note_body(rng, visit.kind, visit.status, is_first, category),
                "author": login, "created_at": at_utc + NOTE_DELAY,
                "content_hash": "", "prev_hash": "", "exported_at": None, "exported_by": None,
            })
            first = first and not is_first

    def _categories(self, case_id: int, login: str, tl: Timeline) -> None:
        for position, (category, day) in enumerate(tl.categories):
            self.data.tables["category_changes"].append({
                "id": self._next("category_changes"), "case_id": case_id,
                "category": category, "changed_on": day, "changed_by": login,
                "reason": None if position == 0 else "Ændret efter opfølgningssamtale",
                "created_at": stamp(day, time(15, 0)),
            })

    def _referrals(self, case_id: int, login: str, tl: Timeline) -> None:
        for placement in tl.placements:
            kind = placement.offer.kind
            decided = min(self.today, placement.start - timedelta(days=3))
            self.data.tables["referrals"].append({
                "id": self._next("referrals"), "case_id": case_id,
                "offer_id": self.offer_ids[placement.offer.code], "start": placement.start,
                "end": placement.end, "hours_per_week": placement.hours,
                "justification": texts.JUSTIFICATIONS[kind], "purpose": texts.PURPOSES[kind],
                "created_by": login,
                "created_at": stamp(decided, time(14, 0)),
            })

    def _facts(self, first_absence: date, group: str, exempt: bool, tl: Timeline,
               expected_return: date | None, extra: FollowUpFacts) -> CaseFacts:
        return CaseFacts(
            first_absence_day=first_absence, group=Group(group), exempt=exempt,
            categories=tuple(CategoryChange(c, d) for c, d in tl.categories),
            interviews=tuple(
                InterviewFact(KINDS[v.kind], MODES[v.mode], STATUSES[v.status], v.day,
                              v.day if v.status == "held" else None, extra.agreed.get(i))
                for i, v in enumerate(tl.visits)),
            referrals=tuple(ReferralFact(p.start, p.hours, p.end) for p in tl.placements),
            participation_ended_on=tl.participation_ended_on,
            expected_return_date=expected_return,
            predictable_course=PredictableCourse(*extra.course) if extra.course else None,
            returns=tuple(ReturnFact(day, happened) for day, happened in extra.returns),
        )

    def _obligation_rows(self, case_id: int, found: list[Obligation]) -> list[dict]:
        return [{"id": self._next("obligations"), "case_id": case_id, "kind": o.kind.value,
                 "seq": o.seq, "due": o.due, "book_by": o.book_by, "met_on": o.met_on,
                 "requirement": o.requirement} for o in found]
