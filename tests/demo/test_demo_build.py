"""The demo database: ~150 open cases that look like a real caseload, and what it owes."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from caseload.domain import cpr
from caseload.domain.calendar import week_of_absence
from caseload.domain.model import ExemptionReason

from .conftest import TODAY


def query(path: Path, sql: str, *args: object) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def test_about_150_open_cases_spread_over_weeks_1_to_40(demo150: Path) -> None:
    days = [date.fromisoformat(d) for (d,) in
            query(demo150, "SELECT first_absence_day FROM cases WHERE status = 'open'")]
    assert len(days) == 150
    weeks = Counter(week_of_absence(d, TODAY) for d in days)
    assert min(weeks) >= 1 and max(weeks) <= 40
    assert min(weeks) <= 2 and max(weeks) >= 38
    assert len(weeks) >= 30  # spread, not clumped
    assert max(weeks.values()) <= 12
    assert query(demo150, "SELECT count(*) FROM cases WHERE status = 'closed'")[0][0] > 0


def test_every_cpr_number_is_valid_and_matches_the_birth_date(demo150: Path) -> None:
    rows = query(demo150, "SELECT cpr, birth_date FROM citizens")
    assert len({c for c, _ in rows}) == len(rows)
    for number, born in rows:
        assert cpr.birth_date(number, today=TODAY).isoformat() == born
        checksum = sum(w * int(d) for w, d in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), number,
                                                  strict=True))
        assert checksum % 11 != 0  # chosen to fail modulus 11: unlikely to be a real person


def test_groups_categories_and_exemptions(demo150: Path) -> None:
    groups = Counter(g for (g,) in query(
        demo150, "SELECT \"group\" FROM cases WHERE status = 'open'"))
    assert set(groups) == {"participant", "control", "outside"}
    assert groups["outside"] < groups["participant"] and groups["outside"] < groups["control"]
    # the default allocation: odd birth year → participant, even → control
    for group, born in query(demo150, """SELECT c."group", z.birth_date FROM cases c
                             JOIN citizens z ON z.id = c.citizen_id
                             WHERE c."group" != 'outside'"""):
        assert group == ("participant" if int(born[:4]) % 2 else "control")
    categories = Counter(c for (c,) in query(
        demo150, "SELECT category FROM cases WHERE status = 'open'"))
    assert {1, 2, 3, None} <= set(categories)
    # no category before the first held follow-up interview; one after
    for category, held in query(demo150, """
            SELECT c.category, (SELECT count(*) FROM interviews i WHERE i.case_id = c.id
                                AND i.kind = 'follow_up' AND i.status = 'held')
            FROM cases c WHERE c.status = 'open'"""):
        assert (category is None) == (held == 0)
    exemptions = query(demo150, """
        SELECT e.reason, e.reason_text, e.decided_on, c.exempt, c."group", c.first_absence_day
        FROM exemptions e JOIN cases c ON c.id = e.case_id""")
    assert len(exemptions) >= 5
    assert query(demo150, "SELECT count(*) FROM cases WHERE exempt")[0][0] == len(exemptions)
    for reason, text, decided, exempt, group, first in exemptions:
        assert ExemptionReason(reason)
        assert exempt == 1 and group != "outside"
        assert first < decided <= TODAY.isoformat()
        assert (reason == "other") == bool(text)


def test_interviews_today_for_every_caseworker_and_a_past_of_every_outcome(
        demo150: Path) -> None:
    today = query(demo150, """
        SELECT w.login, i.booked_for, i.status FROM interviews i
        JOIN caseworkers w ON w.id = i.caseworker_id WHERE date(i.booked_for) = ?""",
                  TODAY.isoformat())
    per_worker = Counter(login for login, _, _ in today)
    assert set(per_worker) == {"mette", "jonas", "louise", "anders", "sofie"}
    assert all(n >= 3 for n in per_worker.values())
    assert all("08:30" <= at[11:16] <= "15:30" and status == "booked" for _, at, status in today)
    statuses = Counter(s for (s,) in query(
        demo150, "SELECT status FROM interviews WHERE booked_for < ?", TODAY.isoformat()))
    assert statuses["held"] > statuses["no_show"] + statuses["cancelled"] > 0
    assert statuses["no_show"] > 0 and statuses["cancelled"] > 0
    # held interviews have a note; so do no-shows and cancellations
    assert query(demo150, """SELECT count(*) FROM interviews i WHERE i.status != 'booked'
                 AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.interview_id = i.id)""")[0][0] == 0


def test_some_cases_are_overdue_but_a_minority(demo150: Path) -> None:
    overdue = query(demo150, """
        SELECT count(DISTINCT o.case_id) FROM obligations o JOIN cases c ON c.id = o.case_id
        WHERE c.status = 'open' AND o.met_on IS NULL AND o.due < ?""", TODAY.isoformat())[0][0]
    assert 0.08 * 150 <= overdue <= 0.20 * 150


def test_stored_obligations_are_what_the_rules_core_says(demo150: Path) -> None:
    from sqlmodel import select

    from caseload.domain.rules import obligations
    from caseload.models import Case, ObligationRow
    from caseload.services.facts import case_facts
    from caseload.services.settings import ruleset
    from caseload.store.database import open_database
    from caseload.store.uow import read_session

    engine = open_database(demo150)
    try:
        with read_session(engine) as session:
            rules = ruleset(session)
            cases = session.exec(select(Case)).all()
            stored: dict[int, list] = {}
            for row in session.exec(select(ObligationRow)).all():
                stored.setdefault(row.case_id, []).append(
                    (row.kind, row.seq, row.due, row.book_by, row.met_on, row.requirement))
            for case in cases:
                found = obligations(case_facts(session, case), rules)
                expected = [(o.kind.value, o.seq, o.due, o.book_by, o.met_on, o.requirement)
                            for o in found]
                assert sorted(stored.get(case.id, [])) == sorted(expected), case.id
                open_dues = [o.due for o in found if o.met_on is None]
                assert case.next_due == (min(open_dues) if open_dues else None)
    finally:
        engine.dispose()


def test_referrals_plans_notes_and_forms(demo150: Path) -> None:
    referrals = query(demo150, """SELECT r.justification, r.purpose, r.hours_per_week, o.code
                      FROM referrals r JOIN offers o ON o.id = r.offer_id""")
    assert len(referrals) >= 30
    assert all(j and p and h > 0 for j, p, h, _ in referrals)
    assert len({code for *_, code in referrals}) >= 8
    plans = query(demo150, "SELECT case_id, max(version) FROM plans GROUP BY case_id")
    assert len(plans) >= 50 and any(v >= 2 for _, v in plans)
    steps = Counter(s for (s,) in query(demo150, "SELECT status FROM plan_steps"))
    assert steps["open"] and steps["done"]
    assert query(demo150, "SELECT count(*) FROM plan_steps WHERE owner = ''")[0][0] == 0
    forms = query(demo150, """SELECT f.raw, z.cpr, z.name, c.first_absence_day FROM forms f
                  JOIN citizens z ON z.id = f.citizen_id JOIN cases c ON c.id = f.case_id""")
    assert len(forms) == query(demo150, "SELECT count(*) FROM cases")[0][0]
    for raw, number, name, first in forms:
        form = json.loads(raw)
        assert (form["cpr"], form["name"], form["first_absence_day"]) == (number, name, first)
        assert form["employment_status"] in {"employed", "unemployed", "self_employed",
                                             "flexjob_waiting"}
        assert first <= form["received"][:10] <= TODAY.isoformat()


def test_the_database_says_it_is_a_demo(demo150: Path) -> None:
    from caseload.demo import read_marker
    from caseload.store.engine import make_engine
    from caseload.store.schema import current_revision, head_revision

    assert query(demo150, "PRAGMA foreign_key_check") == []
    assert query(demo150, "PRAGMA integrity_check") == [("ok",)]
    assert query(demo150, "PRAGMA journal_mode") == [("wal",)]
    assert demo150.stat().st_mode & 0o077 == 0  # the owner's only, like a real database
    engine = make_engine(demo150)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()

    assert read_marker(demo150) == {"seed": 1, "cases": 150, "built_for": TODAY.isoformat(),
                                    "generator": 1}


def dump(path: Path) -> dict[str, list[tuple]]:
    tables = ("citizens", "cases", "interviews", "referrals", "obligations", "notes", "plans")
    return {t: query(path, f"SELECT * FROM {t} ORDER BY id") for t in tables}


def test_the_same_seed_and_day_give_the_same_database(tmp_path: Path) -> None:
    from caseload.demo import build

    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        build(tmp_path / f"{name}.db", seed=seed, cases=25, today=TODAY)
    a, b, c = (dump(tmp_path / f"{n}.db") for n in "abc")
    assert a == b
    assert a["citizens"] != c["citizens"] and a["interviews"] != c["interviews"]
    assert len(a["cases"]) > 25  # the open cases and a few closed ones


def test_a_big_caseload_is_spread_over_more_caseworkers(tmp_path: Path) -> None:
    from caseload.demo import build

    report = build(tmp_path / "big.db", seed=3, cases=600, today=TODAY)
    assert report.open_cases == 600
    workers = query(tmp_path / "big.db", "SELECT login, role FROM caseworkers")
    assert len([w for w in workers if w[1] == "caseworker"]) == 12  # one per 50 cases
    assert query(tmp_path / "big.db", """SELECT count(DISTINCT caseworker_id) FROM interviews
                 WHERE date(booked_for) = ?""", TODAY.isoformat())[0][0] == 12


@pytest.mark.parametrize("cases", [0, 1])
def test_tiny_caseloads_build(tmp_path: Path, cases: int) -> None:
    from caseload.demo import build

    report = build(tmp_path / "tiny.db", seed=1, cases=cases, today=TODAY)
    assert report.open_cases == cases
    assert query(tmp_path / "tiny.db", "SELECT count(*) FROM caseworkers")[0][0] == 6
