"""Plain data the rules work on: a case's facts and the obligations they give rise to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class InterviewKind(StrEnum):
    FOLLOW_UP = "follow_up"  # opfølgningssamtale
    CONTACT = "contact"  # kontaktsamtale
    ROUND_TABLE = "round_table"  # rundbordssamtale
    INFORMATION_MEETING = "information_meeting"  # informationsmøde
    REHABILITATION_TEAM = "rehabilitation_team"  # rehabiliteringsteam


class InterviewMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    HOME_VISIT = "home_visit"
    GROUP = "group"


class InterviewStatus(StrEnum):
    BOOKED = "booked"
    HELD = "held"
    NO_SHOW = "no_show"  # udeblivelse
    CANCELLED = "cancelled"  # afbud


class Group(StrEnum):
    PARTICIPANT = "participant"  # deltagergruppe
    CONTROL = "control"  # kontrolgruppe
    OUTSIDE = "outside"  # uden for forsøget


# What a jobcentre records as the reason a sickness benefit case ends ("return_to_work" is a
# full return; "other" needs a text saying what it is).
CLOSE_REASONS = ("return_to_work", "partial_return_to_work", "benefit_ended",
                 "moved_municipality", "jobafklaring", "ressourceforloeb", "flexjob",
                 "pension", "died", "other")


class ExemptionReason(StrEnum):
    """Reasons for friholdelse named in the domain material (002)."""

    TERMINAL_ILLNESS = "terminal_illness"
    PENSION_CASE = "pension_case"
    HOSPITALISATION = "hospitalisation"
    TREATMENT = "treatment"
    PREGNANCY = "pregnancy"
    OTHER = "other"


class ObligationKind(StrEnum):
    FIRST_FOLLOW_UP = "first_follow_up"
    FOLLOW_UP = "follow_up"
    CONTACT_INTERVIEW = "contact_interview"
    ACTIVE_OFFER = "active_offer"
    PARTICIPATION_END = "participation_end"
    REHABILITATION_TEAM = "rehabilitation_team"
    REASSESSMENT = "reassessment"
    RETURN_CHECK = "return_check"  # § 13 f: did the predicted return happen?


class ObligationState(StrEnum):
    MET = "met"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    UPCOMING = "upcoming"


@dataclass(frozen=True, slots=True)
class InterviewFact:
    kind: InterviewKind
    mode: InterviewMode
    status: InterviewStatus
    booked_for: date
    held_on: date | None = None
    # The next follow-up day agreed with the citizen at this (held) interview, if any.
    next_agreed_on: date | None = None

    @property
    def is_held(self) -> bool:
        return self.status is InterviewStatus.HELD

    @property
    def day(self) -> date:
        """The day the interview took place (held) or was booked for."""
        return self.held_on or self.booked_for


@dataclass(frozen=True, slots=True)
class ReferralFact:
    """An offer or a partial return to work, running from ``start`` to ``end`` (inclusive)."""

    start: date
    hours_per_week: float
    end: date | None = None

    def runs_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class CategoryChange:
    category: int | None
    changed_on: date


@dataclass(frozen=True, slots=True)
class ReturnFact:
    """The caseworker's record of whether the expected return to work happened."""

    on: date
    happened: bool


@dataclass(frozen=True, slots=True)
class PredictableCourse:
    """The § 13 f mark (sdp-2025): an employed citizen with a predictable course, marked at
    the first follow-up on ``marked_on``, full return expected on ``expected_return``."""

    marked_on: date
    expected_return: date


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """Everything the rules need to know about one case."""

    first_absence_day: date
    group: Group = Group.OUTSIDE
    exempt: bool = False
    categories: tuple[CategoryChange, ...] = ()
    interviews: tuple[InterviewFact, ...] = ()
    referrals: tuple[ReferralFact, ...] = ()
    participation_ended_on: date | None = None
    reassessed_on: date | None = None
    expected_return_date: date | None = None
    closed: bool = False
    predictable_course: PredictableCourse | None = None
    returns: tuple[ReturnFact, ...] = ()

    @property
    def category(self) -> int | None:
        """The category in force now (the latest change), or None before triage."""
        return category_on(self.categories, None)


def category_on(changes: tuple[CategoryChange, ...], day: date | None) -> int | None:
    """The category in force on ``day`` (None: the latest recorded)."""
    current: int | None = None
    for change in sorted(changes, key=lambda c: c.changed_on):
        if day is not None and change.changed_on > day:
            break
        current = change.category
    return current


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing a case owes: its due date, the day to book, and when (if ever) it was met."""

    kind: ObligationKind
    due: date
    book_by: date
    met_on: date | None = None
    requirement: str | None = None  # e.g. "in_person" when the mode is prescribed
    seq: int = 0  # position in a recurring series (0 for one-off obligations)

    def state(self, today: date) -> ObligationState:
        if self.met_on is not None and self.met_on <= today:
            return ObligationState.MET
        if today > self.due:
            return ObligationState.OVERDUE
        if today == self.due:
            return ObligationState.DUE_TODAY
        return ObligationState.UPCOMING

    def days_overdue(self, today: date) -> int:
        if self.state(today) is ObligationState.MET:
            return 0
        return max(0, (today - self.due).days)


@dataclass(frozen=True, slots=True)
class ObligationStatus:
    obligation: Obligation
    state: ObligationState
    days_overdue: int


@dataclass(frozen=True, slots=True)
class Derived:
    """Days the rules derive from the facts (exposed for screens and tests)."""

    course_start: date | None = None
    extras: dict[str, date] = field(default_factory=dict)
