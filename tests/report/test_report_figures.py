"""The report's figures against a hand computation on the known database (conftest)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from caseload.domain.report import HIDDEN

from .conftest import CPRS, NAMES, TODAY, session_report


@pytest.fixture(scope="module")
def team(report_db):  # noqa: ANN001, ANN201
    from caseload import identity

    return session_report(report_db.path, identity.current_login(), all_=True)


def test_counts_and_closing_reasons(team) -> None:  # noqa: ANN001
    p, c, o = (team.groups[g] for g in ("participant", "control", "outside"))
    assert (p.cases, p.opened, p.closed, p.open) == (6, 6, 4, 2)
    assert (c.cases, c.opened, c.closed, c.open) == (7, 7, 4, 3)
    assert (o.cases, o.closed, o.open) == (3, 1, 2)
    assert {r: n for r, n in p.reasons.items() if n} == {"return_to_work": 3,
                                                         "benefit_ended": 1}
    assert {r: n for r, n in c.reasons.items() if n} == {"return_to_work": 3,
                                                         "benefit_ended": 1}
    assert (p.partial_cases, c.partial_cases, c.exempted, p.exempted) == (1, 0, 1, 0)


def test_weeks_to_closing_median_and_mean(team) -> None:  # noqa: ANN001
    p, c = team.groups["participant"], team.groups["control"]
    # participants 3, 5, 5, 8 weeks; controls 6, 9, 10, 14 weeks
    assert (p.weeks_median, p.weeks_mean) == (5.0, 5.25)
    assert (c.weeks_median, c.weeks_mean) == (9.5, 9.75)


def test_kaplan_meier_table_by_hand(team) -> None:  # noqa: ANN001
    p, c = team.groups["participant"], team.groups["control"]
    # participants: 6 at risk; 1 closes at week 3, 2 at week 5 (5 at risk), 1 at week 8 (3)
    assert p.still_on_benefit[4] == pytest.approx(5 / 6)
    assert p.still_on_benefit[8] == pytest.approx(5 / 6 * 3 / 5 * 2 / 3)
    assert p.still_on_benefit[13] == pytest.approx(1 / 3)
    assert p.still_on_benefit[26] is None  # nobody followed that long (censored at 16)
    assert p.km_median == 5.0
    # controls: 7 at risk; one closes at weeks 6, 9, 10 and 14; three censored at 16
    assert c.still_on_benefit[4] == 1.0
    assert c.still_on_benefit[8] == pytest.approx(6 / 7)
    assert c.still_on_benefit[13] == pytest.approx(6 / 7 * 5 / 6 * 4 / 5)
    assert c.km_median == 14.0


def test_log_rank_p_is_lifelines_own(team) -> None:  # noqa: ANN001
    from lifelines.statistics import logrank_test

    expected = logrank_test([3, 5, 5, 8, 16, 16], [6, 9, 10, 14, 16, 16, 16],
                            event_observed_A=[1, 1, 1, 1, 0, 0],
                            event_observed_B=[1, 1, 1, 1, 0, 0, 0]).p_value
    assert team.log_rank_p == pytest.approx(expected)


def test_small_groups_show_less_than_five(team) -> None:  # noqa: ANN001
    data = team.to_json()
    outside = data["groups"]["outside"]
    assert outside["cases"] == HIDDEN and outside["open"] == HIDDEN
    assert outside["weeks_to_closing"] == {"median": HIDDEN, "mean": HIDDEN}
    assert outside["km_median_weeks"] == HIDDEN and outside["curve"] == []
    assert {p["share"] for p in outside["still_on_benefit"]} <= {HIDDEN, None}
    participants = data["groups"]["participant"]
    assert participants["cases"] == 6
    assert {r: n for r, n in participants["closing_reasons"].items() if n} == {
        "return_to_work": HIDDEN, "benefit_ended": HIDDEN}
    assert participants["weeks_to_closing"] == {"median": HIDDEN, "mean": HIDDEN}  # 4 closed
    assert participants["km_median_weeks"] == 5.0
    assert participants["partial_return"] == {"cases": HIDDEN, "share": HIDDEN}
    assert data["exemptions"]["hospitalisation"] == HIDDEN
    assert data["log_rank"]["p"] == pytest.approx(team.log_rank_p, abs=1e-4)


def test_json_has_no_cpr_number_and_no_name(team) -> None:  # noqa: ANN001
    text = json.dumps(team.to_json(), ensure_ascii=False)
    for number in CPRS:
        assert number not in text and f"{number[:6]}-{number[6:]}" not in text
        assert f"{number[:6]}-xxxx" not in text
    for name in NAMES:
        assert name not in text and name.split()[0] not in text
    assert {w["caseworker"] for w in team.to_json()["caseworkers"]} == {"anna", "bo"}


def test_a_caseworker_gets_only_their_own_cases(report_db) -> None:  # noqa: ANN001
    anna = session_report(report_db.path, "anna")
    assert (anna.groups["participant"].cases, anna.groups["control"].cases,
            anna.groups["outside"].cases) == (6, 0, 3)
    assert anna.scope == "anna"
    assert anna.log_rank_p is None  # no controls among her cases


def test_period_counts_cases_closed_in_it_and_censors_at_its_end(report_db) -> None:  # noqa: ANN001
    from caseload import identity

    # until 2026-10-19 (6 weeks): participants closed at 3 and 5, 5 weeks; controls at 6
    found = session_report(report_db.path, identity.current_login(), all_=True,
                           until=date(2026, 10, 19))
    p, c = found.groups["participant"], found.groups["control"]
    assert (p.closed, p.open, c.closed, c.open) == (3, 3, 1, 6)
    assert p.still_on_benefit[4] == pytest.approx(5 / 6)
    assert found.period.since == date(2026, 9, 7) and found.period.until == date(2026, 10, 19)


def test_the_report_read_is_audited_as_a_search(report_db) -> None:  # noqa: ANN001
    import sqlite3
    from contextlib import closing

    session_report(report_db.path, "bo")
    with closing(sqlite3.connect(report_db.path)) as conn:
        rows = conn.execute("SELECT actor, action, detail FROM audit_log WHERE actor = 'bo'"
                            " AND detail LIKE 'report %'").fetchall()
    assert rows == [("bo", "search", f"report 2026-09-07..{TODAY.isoformat()}: own cases, "
                     "7 cases")]
