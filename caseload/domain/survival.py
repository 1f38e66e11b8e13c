"""Kaplan–Meier and the log-rank test over plain lists, with ``lifelines``.

``lifelines`` (with NumPy, pandas and SciPy under it) is imported inside the functions, so
only ``caseload report`` and the report screen load it; ``caseload overdue`` never does
(``tests/report/test_report_cli.py`` checks it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fitted:
    at: dict[int, float | None]  # week -> share still on benefit then (None: not observed)
    curve: list[tuple[float, float]]  # the step function: (week, share) at each change
    median: float | None  # weeks; None while more than half are still on benefit


def kaplan_meier(durations: list[float], events: list[bool],
                 weeks: tuple[int, ...]) -> Fitted:
    """The share still on benefit by week; ``events[i]`` False: case i is censored."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter()
    fitter.fit(durations, event_observed=events)
    last = max(durations)
    at = {w: float(fitter.survival_function_at_times(w).iloc[0]) if w <= last else None
          for w in weeks}
    frame = fitter.survival_function_
    curve = [(float(t), float(s)) for t, s in zip(frame.index, frame.iloc[:, 0], strict=True)]
    # The first week where at most half are left (lifelines' own median misses a share of
    # exactly one half by a rounding error: 0.5000000000000001).
    median = next((t for t, share in curve if share <= 0.5 + 1e-9), None)
    return Fitted(at=at, curve=curve, median=median)


def log_rank_p(durations_a: list[float], events_a: list[bool], durations_b: list[float],
               events_b: list[bool]) -> float:
    """The log-rank test's p-value for two groups."""
    from lifelines.statistics import logrank_test

    result = logrank_test(durations_a, durations_b, event_observed_A=events_a,
                          event_observed_B=events_b)
    return float(result.p_value)
