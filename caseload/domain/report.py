"""The trial's report as plain arithmetic over plain rows: counts, medians, means, shares.

Input is what ``caseload.services.report`` reads (one ``CaseRecord`` per case, the
interviews and the trial's stored duties), with the period and the asked day as parameters
(no clock). The survival figures (Kaplan–Meier, log-rank) come from
``caseload.domain.survival``, imported only when a report is built.

Aggregate-data rule: a count of 1 to 4 shows as ``"<5"``, and a group of fewer than 5
cases shows no statistic derived from it (median, mean, share, survival) — ``suppress``
and ``Report.to_json`` apply it; the figures themselves stay exact for the tests.
No row here carries a citizen's name or CPR number; caseworkers appear by login.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean, median

from caseload.domain.model import CLOSE_REASONS

GROUPS = ("participant", "control", "outside")
DUTIES = ("contact_interview", "active_offer", "participation_end")
EXEMPTION_REASONS = ("terminal_illness", "pension_case", "hospitalisation", "treatment",
                     "pregnancy", "other")
TABLE_WEEKS = (4, 8, 13, 26, 39, 52)  # the weeks of the Kaplan–Meier table
SMALL = 5  # fewer than this many cases: "<5"
HIDDEN = "<5"


@dataclass(frozen=True, slots=True)
class CaseRecord:
    id: int  # the case id: for telling cases apart, never shown in the report
    group: str
    caseworker: str | None
    first_absence: date
    closed_on: date | None = None
    close_reason: str | None = None
    exemption: str | None = None  # the reason of an exemption decided, if any
    exempted_on: date | None = None
    last_activity: date | None = None
    partial: tuple[tuple[date, date | None, float], ...] = ()  # (start, end, hours/week)


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    caseworker: str | None
    day: date
    status: str  # held | no_show | cancelled | booked


@dataclass(frozen=True, slots=True)
class DutyRecord:
    """One stored obligation of a participant: ``case`` tells the participants apart."""

    case: int
    kind: str
    due: date
    met_on: date | None


@dataclass(frozen=True, slots=True)
class Period:
    since: date
    until: date
    today: date

    @property
    def end(self) -> date:
        """The last day observed: ``until``, but never after the asked day."""
        return min(self.until, self.today)


@dataclass
class GroupFigures:
    cases: int = 0
    opened: int = 0
    closed: int = 0
    open: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    weeks_median: float | None = None
    weeks_mean: float | None = None
    km_median: float | None = None
    still_on_benefit: dict[int, float | None] = field(default_factory=dict)
    curve: list[tuple[float, float]] = field(default_factory=list)
    partial_cases: int = 0
    exempted: int = 0


@dataclass
class DutyFigures:
    participants: int = 0  # with at least one of these duties due in the period
    on_time: int = 0
    late: int = 0
    late_days_median: float | None = None
    late_days_max: int | None = None


@dataclass
class WorkerFigures:
    login: str
    held: int = 0
    no_show: int = 0
    cancelled: int = 0
    open_cases: int = 0
    quiet_cases: int = 0


@dataclass
class WeekFigures:
    week: str  # ISO week, e.g. 2026-W40
    returns: int = 0  # cases closed as return to work that week
    partial_cases: int = 0  # cases with a partial return running that week
    partial_hours: float | None = None  # their mean hours a week


@dataclass
class Report:
    period: Period
    quiet_days: int
    groups: dict[str, GroupFigures]
    log_rank_p: float | None
    exemptions: dict[str, int]
    duties: dict[str, DutyFigures]
    workers: list[WorkerFigures]
    weeks: list[WeekFigures]
    table_weeks: tuple[int, ...] = TABLE_WEEKS
    scope: str | None = None  # the caseworker (login) whose cases; None: the whole team

    def to_json(self) -> dict[str, object]:
        """The report with the aggregate-data rule applied (what every output shows)."""
        return {
            "period": {"since": self.period.since.isoformat(),
                       "until": self.period.until.isoformat(),
                       "today": self.period.today.isoformat()},
            "scope": self.scope,
            "quiet_days": self.quiet_days,
            "groups": {name: _group_json(g) for name, g in self.groups.items()},
            "log_rank": {"groups": ["participant", "control"],
                         "p": _hidden_p(self)},
            "exemptions": {reason: suppress(n) for reason, n in self.exemptions.items()},
            "duties": {kind: _duty_json(d) for kind, d in self.duties.items()},
            "caseworkers": [
                {"caseworker": w.login, "held": suppress(w.held),
                 "no_show": suppress(w.no_show), "cancelled": suppress(w.cancelled),
                 "open_cases": suppress(w.open_cases), "quiet_cases": suppress(w.quiet_cases)}
                for w in self.workers],
            "weeks": [
                {"week": w.week, "returns": suppress(w.returns),
                 "partial_cases": suppress(w.partial_cases),
                 "partial_hours_mean": None if w.partial_cases < SMALL
                 else _round(w.partial_hours)}
                for w in self.weeks],
        }


def suppress(count: int) -> int | str:
    """A count as shown: 1 to 4 become "<5" (0 and 5 or more are shown)."""
    return HIDDEN if 0 < count < SMALL else count


def share(part: int, whole: int) -> float | str | None:
    """``part / whole`` rounded, or "<5" when either is a count of 1 to 4."""
    if whole == 0:
        return None
    if whole < SMALL or 0 < part < SMALL:
        return HIDDEN
    return round(part / whole, 3)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _group_json(g: GroupFigures) -> dict[str, object]:
    small = g.cases < SMALL
    stat = (lambda v: HIDDEN if small else _round(v))  # noqa: E731
    return {
        "cases": suppress(g.cases), "opened": suppress(g.opened),
        "closed": suppress(g.closed), "open": suppress(g.open),
        "closing_reasons": {r: suppress(g.reasons.get(r, 0)) for r in CLOSE_REASONS},
        "weeks_to_closing": {"median": stat(g.weeks_median) if g.closed >= SMALL else
                             (HIDDEN if g.closed else None),
                             "mean": stat(g.weeks_mean) if g.closed >= SMALL else
                             (HIDDEN if g.closed else None)},
        "km_median_weeks": stat(g.km_median),
        "still_on_benefit": [{"week": w, "share": None if s is None
                              else HIDDEN if small else round(s, 3)}
                             for w, s in g.still_on_benefit.items()],
        "curve": [] if small else [[round(x, 2), round(y, 4)] for x, y in g.curve],
        "partial_return": {"cases": suppress(g.partial_cases),
                           "share": share(g.partial_cases, g.cases)},
        "exempted": {"cases": suppress(g.exempted), "share": share(g.exempted, g.cases)},
    }


def _duty_json(d: DutyFigures) -> dict[str, object]:
    late_known = d.late >= SMALL
    return {"participants": suppress(d.participants), "on_time": suppress(d.on_time),
            "share_on_time": share(d.on_time, d.participants), "late": suppress(d.late),
            "late_days_median": _round(d.late_days_median) if late_known
            else (HIDDEN if d.late else None),
            "late_days_max": d.late_days_max if late_known else (HIDDEN if d.late else None)}


def _hidden_p(report: Report) -> float | str | None:
    if report.log_rank_p is None:
        return None
    small = any(report.groups[g].cases < SMALL for g in ("participant", "control"))
    return HIDDEN if small else round(report.log_rank_p, 4)


# -- building it --------------------------------------------------------------------------

def weeks_between(start: date, end: date) -> float:
    return (end - start).days / 7


def in_period(case: CaseRecord, period: Period) -> bool:
    """The case's spell overlaps the period."""
    return (case.first_absence <= period.until
            and (case.closed_on is None or case.closed_on >= period.since))


def observation(case: CaseRecord, period: Period) -> tuple[float, bool]:
    """(weeks on benefit, closed?) for the survival analysis: a case not closed by the end
    of the period is censored there, not dropped."""
    end = period.end
    if case.closed_on is not None and case.closed_on <= end:
        return weeks_between(case.first_absence, case.closed_on), True
    return weeks_between(case.first_absence, max(end, case.first_absence)), False


def build(cases: list[CaseRecord], interviews: list[InterviewRecord], duties: list[DutyRecord],
          period: Period, *, quiet_days: int = 14,
          table_weeks: tuple[int, ...] = TABLE_WEEKS) -> Report:
    from caseload.domain import survival

    seen = [c for c in cases if in_period(c, period)]
    groups = {name: _group([c for c in seen if c.group == name], period, table_weeks)
              for name in GROUPS}
    cohorts = {g: [c for c in seen if c.group == g and c.first_absence >= period.since]
               for g in ("participant", "control")}
    p = None
    if all(cohorts.values()):
        a, b = ([observation(c, period) for c in cohorts[g]] for g in ("participant", "control"))
        if any(e for _, e in a + b):
            p = survival.log_rank_p([d for d, _ in a], [e for _, e in a],
                                    [d for d, _ in b], [e for _, e in b])
    exemptions = {r: 0 for r in EXEMPTION_REASONS}
    for c in seen:
        if c.exemption and c.exempted_on and period.since <= c.exempted_on <= period.until:
            exemptions[c.exemption] = exemptions.get(c.exemption, 0) + 1
    return Report(period=period, quiet_days=quiet_days, groups=groups, log_rank_p=p,
                  exemptions=exemptions, duties=duty_figures(duties, period),
                  workers=worker_figures(cases, interviews, period, quiet_days),
                  weeks=week_figures(seen, period), table_weeks=table_weeks)


def _group(cases: list[CaseRecord], period: Period, table_weeks: tuple[int, ...]) -> GroupFigures:
    from caseload.domain import survival

    g = GroupFigures(cases=len(cases))
    g.opened = sum(1 for c in cases if period.since <= c.first_absence <= period.until)
    closed = [c for c in cases if c.closed_on is not None
              and period.since <= c.closed_on <= period.until]
    g.closed = len(closed)
    g.open = sum(1 for c in cases if c.closed_on is None or c.closed_on > period.until)
    g.reasons = {r: sum(1 for c in closed if c.close_reason == r) for r in CLOSE_REASONS}
    weeks = [weeks_between(c.first_absence, c.closed_on) for c in closed]
    if weeks:
        g.weeks_median, g.weeks_mean = median(weeks), mean(weeks)
    g.partial_cases = sum(1 for c in cases if any(
        start <= period.end and (end is None or end >= period.since)
        for start, end, _ in c.partial))
    g.exempted = sum(1 for c in cases if c.exemption)
    cohort = [observation(c, period) for c in cases if c.first_absence >= period.since]
    if cohort:
        durations, events = [d for d, _ in cohort], [e for _, e in cohort]
        fitted = survival.kaplan_meier(durations, events, table_weeks)
        g.still_on_benefit, g.curve, g.km_median = fitted.at, fitted.curve, fitted.median
    return g


def duty_figures(duties: list[DutyRecord], period: Period) -> dict[str, DutyFigures]:
    """Per duty: participants with one due in the period (and by the asked day), how many
    met every one on time, and how late the others were (worst lateness per participant:
    met late, or still unmet on the asked day)."""
    found = {}
    for kind in DUTIES:
        worst: dict[int, int] = {}
        for d in duties:
            if d.kind != kind or not (period.since <= d.due <= period.end):
                continue
            if d.met_on is not None and d.met_on <= period.today:
                late = max(0, (d.met_on - d.due).days)
            elif d.due < period.today:
                late = (period.today - d.due).days
            else:
                continue
            worst[d.case] = max(worst.get(d.case, 0), late)
        lates = [v for v in worst.values() if v > 0]
        found[kind] = DutyFigures(
            participants=len(worst), on_time=len(worst) - len(lates), late=len(lates),
            late_days_median=median(lates) if lates else None,
            late_days_max=max(lates) if lates else None)
    return found


def is_quiet(case: CaseRecord, today: date, quiet_days: int) -> bool:
    """An open case with nothing recorded (interview, note, referral) for ``quiet_days``."""
    if case.closed_on is not None and case.closed_on <= today:
        return False
    last = max(d for d in (case.last_activity, case.first_absence) if d is not None)
    return (today - last).days >= quiet_days


def worker_figures(cases: list[CaseRecord], interviews: list[InterviewRecord],
                   period: Period, quiet_days: int) -> list[WorkerFigures]:
    workers: dict[str, WorkerFigures] = {}

    def of(login: str | None) -> WorkerFigures:
        key = login or "–"
        return workers.setdefault(key, WorkerFigures(key))

    for i in interviews:
        if period.since <= i.day <= period.end and i.status in ("held", "no_show", "cancelled"):
            w = of(i.caseworker)
            setattr(w, i.status, getattr(w, i.status) + 1)
    for c in cases:
        if c.first_absence <= period.today and (c.closed_on is None
                                                 or c.closed_on > period.today):
            w = of(c.caseworker)
            w.open_cases += 1
            w.quiet_cases += is_quiet(c, period.today, quiet_days)
    return sorted(workers.values(), key=lambda w: w.login)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_figures(cases: list[CaseRecord], period: Period) -> list[WeekFigures]:
    """Each ISO week of the period: returns to work, and partial returns running."""
    monday = period.since - timedelta(days=period.since.weekday())
    weeks: list[WeekFigures] = []
    while monday <= period.end:
        sunday = monday + timedelta(days=6)
        w = WeekFigures(iso_week(monday))
        w.returns = sum(1 for c in cases if c.close_reason == "return_to_work"
                        and c.closed_on is not None and monday <= c.closed_on <= sunday)
        hours = []
        for c in cases:
            running = [h for start, end, h in c.partial
                       if start <= sunday and (end is None or end >= monday)
                       and (c.closed_on is None or c.closed_on >= monday)]
            if running:
                hours.append(sum(running))
        w.partial_cases = len(hours)
        w.partial_hours = mean(hours) if hours else None
        weeks.append(w)
        monday += timedelta(days=7)
    return weeks
