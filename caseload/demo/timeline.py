"""One case's history as a caseworker would have made it: interviews, category, offers.

A diligent caseworker holds each interview a little before its due date, by the rhythm of
``aktive-2008`` (first follow-up by week 8, follow-ups every 4 or 8 weeks, weekly contact
and an active offer within 4 weeks for participants); now and then a citizen does not show
up or cancels and the interview is held a few days later. A case that "slipped" stops at
the first obligation due after its slip day: a no-show, maybe a new booking, nothing
held since, so that obligation is overdue today. The rules core, not this module, decides
what is owed: the writer stores what ``caseload.domain.rules.obligations`` says.

Plain data only (no database); every choice comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from caseload.catalogue import OfferSpec
from caseload.demo.chance import Weighted
from caseload.domain.calendar import add_months, latest_working_day_on_or_before

working_day = lru_cache(maxsize=8192)(latest_working_day_on_or_before)

BOOK_AHEAD_DAYS = 21  # interviews are booked up to three weeks ahead
ACTIVE_HOURS = 10.0
FIRST_MODES = Weighted(("in_person", 75), ("phone", 20), ("video", 5))
FOLLOW_UP_MODES = Weighted(("in_person", 45), ("phone", 40), ("video", 10), ("home_visit", 5))
CONTACT_MODES = Weighted(("in_person", 40), ("phone", 35), ("video", 12), ("group", 13))


@dataclass(slots=True)
class Visit:
    kind: str
    mode: str
    status: str  # booked | held | no_show | cancelled
    day: date


@dataclass(slots=True)
class Placement:
    """A referral: an offer (by code) from ``start`` to ``end`` at so many hours a week."""

    offer: OfferSpec
    start: date
    end: date | None
    hours: float


@dataclass(slots=True)
class Timeline:
    visits: list[Visit] = field(default_factory=list)
    categories: list[tuple[int, date]] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    course_start: date | None = None
    participation_ended_on: date | None = None
    participation_outcome: str | None = None


class CaseSimulation:
    """Builds one ``Timeline``; see the module docstring for the behaviour it mimics."""

    def __init__(self, rng: random.Random, *, today: date, slip_day: date | None,
                 in_person_modes: frozenset[str], offers: list[OfferSpec]) -> None:
        self.rng, self.today, self.slip_day = rng, today, slip_day
        self.in_person_modes, self.offers = in_person_modes, offers
        self.timeline = Timeline()
        self.last_day: date | None = None

    # -- one interview -------------------------------------------------------------------
    def attend(self, kind: str, mode: str, planned: date, due: date) -> date | None:
        """Hold (or book, or miss) an interview; the held day, or None when the story stops."""
        rng, visits = self.rng, self.timeline.visits
        if self.last_day is not None and planned <= self.last_day:
            planned = self.last_day + timedelta(days=1)
        if planned >= self.today:
            if (planned - self.today).days <= BOOK_AHEAD_DAYS:
                visits.append(Visit(kind, mode, "booked", planned))
            return None
        if self.slip_day is not None and due >= self.slip_day:
            if rng.random() < 0.6:
                visits.append(Visit(kind, mode, rng.choice(("no_show", "cancelled")), planned))
            if rng.random() < 0.5:
                rebooked = self.today + timedelta(days=rng.randint(1, 10))
                visits.append(Visit(kind, mode, "booked", rebooked))
            return None
        if rng.random() < 0.08:
            earlier = working_day(planned - timedelta(days=rng.randint(2, 6)))
            if self.last_day is None or earlier > self.last_day:
                visits.append(Visit(kind, mode, rng.choice(("no_show", "cancelled")), earlier))
        visits.append(Visit(kind, mode, "held", planned))
        self.last_day = planned
        return planned

    # -- the whole case ------------------------------------------------------------------
    def run(self, *, first_absence: date, category: int, active: bool, employed: bool) -> Timeline:
        rng, tl = self.rng, self.timeline
        if rng.random() < 0.3:
            meeting = working_day(first_absence + timedelta(rng.randint(14, 24)))
            if meeting < self.today:
                tl.visits.append(Visit("information_meeting", "group", "held", meeting))
                self.last_day = meeting
        planned = working_day(first_absence + timedelta(rng.randint(38, 55)))
        start = self.attend("follow_up", FIRST_MODES.pick(rng), planned,
                            first_absence + timedelta(days=55))
        if start is None:
            return tl
        tl.course_start = start
        tl.categories.append((category, start))
        until = self._participation(start) if active else None
        self._follow_ups(start, category, active, until)
        self._referrals(start, active, employed)
        return tl

    def _participation(self, start: date) -> date | None:
        due = add_months(start, 4)
        if due < self.today and (self.slip_day is None or due < self.slip_day):
            ended = due - timedelta(days=self.rng.randint(0, 4))
            self.timeline.participation_ended_on = ended
            self.timeline.participation_outcome = self.rng.choice(
                ("completed", "completed", "partial_return", "returned_to_work"))
            return ended
        return None

    def _follow_ups(self, start: date, category: int, active: bool, until: date | None) -> None:
        rng, tl = self.rng, self.timeline
        last_follow_up, last_mode, cursor = start, "in_person", start
        while True:
            weeks = 4 if category == 2 else 8
            fu_due = last_follow_up + timedelta(weeks=weeks)
            fu_day = working_day(fu_due - timedelta(rng.randint(0, 4)))
            contact_due = cursor + timedelta(days=7)
            if active and (until is None or contact_due <= until):
                c_day = working_day(
                    contact_due - timedelta(days=rng.choice((0, 0, 0, 1, 2))))
                if c_day < fu_day:
                    kind = "round_table" if rng.random() < 0.05 else "contact"
                    mode = "in_person" if kind == "round_table" else CONTACT_MODES.pick(rng)
                    held = self.attend(kind, mode, c_day, contact_due)
                    if held is None:
                        return
                    cursor = held
                    continue
            if category == 2 and last_mode not in self.in_person_modes:
                mode = "in_person"
            else:
                mode = FOLLOW_UP_MODES.pick(rng)
            held = self.attend("follow_up", mode, fu_day, fu_due)
            if held is None:
                return
            last_follow_up, last_mode, cursor = held, mode, held
            if rng.random() < 0.06:
                category = {1: 2, 2: rng.choice((1, 3)), 3: 2}[category]
                tl.categories.append((category, held))
            if not active and rng.random() < 0.08:
                talk = working_day(held + timedelta(days=rng.randint(7, 14)))
                if talk < self.today and talk < held + timedelta(weeks=weeks, days=-5):
                    tl.visits.append(Visit("round_table", "in_person", "held", talk))
                    self.last_day = talk

    def _referrals(self, start: date, active: bool, employed: bool) -> None:
        rng = self.rng
        if active:
            due = start + timedelta(weeks=4)
            if self.slip_day is not None and self.slip_day <= due < self.today:
                if rng.random() < 0.5:
                    self._package(self.today + timedelta(days=rng.randint(3, 14)), employed)
                return
            self._package(start + timedelta(days=rng.randint(4, 26)), employed)
        elif rng.random() < 0.35:
            begin = start + timedelta(days=rng.randint(7, 40))
            if begin <= self.today + timedelta(days=14):
                offer = rng.choice(self.offers)
                self._place(offer, begin, self._hours(offer))

    def _package(self, begin: date, employed: bool) -> None:
        """Offers that together run at least 10 hours a week from ``begin``."""
        rng = self.rng
        partial = [o for o in self.offers if o.kind == "partial_return" and o.active]
        big = [o for o in self.offers if o.kind != "partial_return" and o.active
               and o.hours_per_week >= ACTIVE_HOURS]
        small = [o for o in self.offers if o.kind == "preventive" and o.active
                 and o.hours_per_week < ACTIVE_HOURS]
        if employed and partial and (rng.random() < 0.5 or not big):
            if small and rng.random() < 0.4:
                extra = rng.choice(small)
                self._place(partial[0], begin, ACTIVE_HOURS - extra.hours_per_week)
                self._place(extra, begin, extra.hours_per_week)
            else:
                self._place(partial[0], begin, float(rng.choice((10, 12, 15, 18, 20))))
        elif big:
            offer = rng.choice(big)
            self._place(offer, begin, offer.hours_per_week)
            if small and rng.random() < 0.25:
                extra = rng.choice(small)
                self._place(extra, begin + timedelta(days=rng.randint(0, 14)),
                            extra.hours_per_week)

    def _hours(self, offer: OfferSpec) -> float:
        if offer.kind == "partial_return":
            return float(self.rng.choice((6, 8, 10, 12, 15)))
        return offer.hours_per_week or 1.0

    def _place(self, offer: OfferSpec, start: date, hours: float) -> None:
        end = start + timedelta(days=7 * offer.length_weeks - 1)
        self.timeline.placements.append(Placement(offer, start, end, max(hours, 0.5)))
