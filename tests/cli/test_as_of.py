"""``overdue``/``today --today D`` for a past D answer as of D: only facts dated on or before
D count (issue 15). The real today is 2026-12-10 here (``caseload.clock.today`` patched);
every asked day is before it, so the answers come from ``caseload.services.as_of``.

Each case below has a fact dated after the asked day D = 2026-11-05 (aktive-2008):

- cat: outside, F 08-03, first follow-up held 09-20, category 1 set on 11-10: on D the
  category is not set yet (``null``) and the strictest rhythm (4 weeks) holds: the
  follow-up of 10-18 is 18 days over. From 11-10 it is 8 weeks: due 11-15.
- exempt: participant, F 08-03, nothing held, exempted 11-10: on D its active offer (F+83 =
  10-25) is overdue and the case not exempt; it is exempt, owing nothing but the first
  follow-up, on 11-20.
- lifted: participant, F 08-03, exempted 09-01, lifted 11-10: exempt on D (only the first
  follow-up), not on 11-20.
- held: outside, F 09-07, first follow-up (due 11-01) held 11-10: 4 days over on D.
- offer: participant, F 09-07, follow-up held 09-21 (course start), 10 h referral from 11-10:
  the active offer (due 10-19) is overdue on D.
- closed: outside, F 08-03, closed 11-10: open on D, first follow-up (09-27) 39 days over.
- late_open: outside, F 08-03, opened 11-10: does not exist on D.
- Interviews booked for D: held 11-05 on 'closed' (closed later, so listed), and on 'held' a
  follow-up booked for D and held only on 11-10 (so still booked on D).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from caseload.domain.calendar import is_working_day
from tests.actors import LEAD

D = date(2026, 11, 5)
REAL_TODAY = date(2026, 12, 10)


@pytest.fixture
def real_today(monkeypatch: pytest.MonkeyPatch) -> Callable[[date], None]:
    """Set what counts as the real today (the stored read answers for it)."""
    from caseload import clock

    def set_to(day: date) -> None:
        monkeypatch.setattr(clock, "today", lambda: day)

    set_to(REAL_TODAY)
    return set_to


def _engine(path: Path):
    """A new database with anna (a caseworker) and the tester (team lead); (engine, anna)."""
    from caseload import identity
    from caseload.services import caseworkers
    from caseload.services.db import init_database, write_session

    engine, _, _ = init_database(path)
    with write_session(engine) as session:
        anna = caseworkers.add_caseworker(session, login="anna", name="Anna Andersen").id
        caseworkers.add_caseworker(session, login=identity.current_login(), name="Lead",
                                   role="team_lead")
    return engine, anna


CPRS = {"cat": "0101801111", "exempt": "0202812222", "lifted": "0303813333",
        "held": "0404804444", "offer": "0505815555", "closed": "0606806666",
        "late_open": "0707807777"}


@pytest.fixture(scope="module")
def later_facts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    from caseload.domain.calendar import latest_working_day_on_or_before
    from caseload.services import cases, interviews, referrals
    from caseload.services.db import write_session
    from tests import intake

    path = tmp_path_factory.mktemp("as_of") / "caseload.db"
    engine, anna = _engine(path)
    ids: dict[str, int] = {}
    later = date(2026, 11, 10)
    with write_session(engine) as s:

        def open_(key: str, first: date, group: str, opened: date = date(2026, 8, 1)) -> int:
            ids[key] = intake.open_case(s, cpr=CPRS[key], name=key.title(),
                                        first_absence_day=first, group=group,
                                        caseworker_id=anna, today=opened).id
            return ids[key]

        used: set[tuple[date, int]] = set()

        def hold(case: int, day: date, mode: str = "in_person", on: date | None = None,
                 kind: str = "follow_up") -> None:
            # booked on a working day (the calendar refuses weekends), held on ``on or day``
            # and each at its own hour (the calendar refuses an overlap)
            booked_on = latest_working_day_on_or_before(day)
            hour = 10
            while (booked_on, hour) in used:
                hour += 1
            used.add((booked_on, hour))
            at = datetime.combine(booked_on, datetime.min.time()).replace(hour=hour)
            booked = interviews.book_interview(s, case, kind=kind, mode=mode, at=at, actor=LEAD,
                                               today=booked_on)
            held = datetime.combine(on or day, at.time())
            interviews.mark_interview(s, booked.id, "held", held_at=held, actor=LEAD)

        sep7, aug3 = date(2026, 9, 7), date(2026, 8, 3)
        cat = open_("cat", aug3, "outside")
        hold(cat, date(2026, 9, 20), mode="phone")
        cases.set_category(s, cat, 1, on=later, actor=LEAD)
        cases.set_exemption(s, open_("exempt", aug3, "participant"), "hospitalisation", on=later,
                            actor=LEAD)
        lifted = open_("lifted", aug3, "participant")
        cases.set_exemption(s, lifted, "treatment", on=date(2026, 9, 1), actor=LEAD)
        cases.lift_exemption(s, lifted, on=later, actor=LEAD)
        hold(open_("held", sep7, "outside"), D, on=later)
        offer = open_("offer", sep7, "participant")
        hold(offer, date(2026, 9, 21))
        referrals.refer(s, offer, offer_id=None, start=later, hours_per_week=10,
                        justification="Delvis raskmelding", purpose="Tilbage i job", actor=LEAD)
        closed = open_("closed", aug3, "outside")
        hold(closed, D, kind="contact")
        cases.close_case(s, closed, on=later, reason="return_to_work", actor=LEAD)
        open_("late_open", aug3, "outside", opened=later)
    engine.dispose()
    return path, ids


def _overdue(cli, path: Path, day: date) -> list[dict]:
    code, out, err = cli("overdue", "--db", path, "--today", day.isoformat(), "--all", "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def _today(cli, path: Path, day: date) -> dict:
    code, out, err = cli("today", "--db", path, "--today", day.isoformat(), "--all", "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_overdue_on_a_past_day_counts_only_facts_dated_on_or_before_it(
        cli, real_today, later_facts) -> None:
    path, ids = later_facts
    rows = _overdue(cli, path, D)
    got = {(r["case_id"], r["obligation"]): r for r in rows}
    names = {v: k for k, v in ids.items()}
    assert [(names[r["case_id"]], r["obligation"], r["due"], r["days_overdue"])
            for r in rows] == [  # most overdue first
        ("closed", "first_follow_up", "2026-09-27", 39),  # closed 11-10: open on 11-05
        ("exempt", "first_follow_up", "2026-09-27", 39),
        ("lifted", "first_follow_up", "2026-09-27", 39),  # exempt: no participant ones
        ("offer", "contact_interview", "2026-09-28", 38),
        ("cat", "follow_up", "2026-10-18", 18),  # no category yet: every 4 weeks
        ("offer", "active_offer", "2026-10-19", 17),  # the referral starts 11-10
        ("offer", "follow_up", "2026-10-19", 17),
        ("exempt", "active_offer", "2026-10-25", 11),  # exempted 11-10: not yet
        ("held", "first_follow_up", "2026-11-01", 4),  # held 11-10: not met yet
    ]  # late_open (opened 11-10) did not exist
    assert got[(ids["exempt"], "active_offer")]["exempt"] is False
    assert got[(ids["lifted"], "first_follow_up")]["exempt"] is True
    assert all(r["category"] is None for r in rows)  # cat's category 1 came on 11-10


def test_the_same_cases_after_the_later_facts(cli, real_today, later_facts) -> None:
    path, ids = later_facts
    names = {v: k for k, v in ids.items()}
    rows = _overdue(cli, path, date(2026, 11, 20))
    assert [(names[r["case_id"]], r["obligation"], r["days_overdue"], r["category"],
             r["exempt"]) for r in rows] == [
        ("exempt", "first_follow_up", 54, None, True),
        ("late_open", "first_follow_up", 54, None, False),
        ("lifted", "first_follow_up", 54, None, False),
        ("offer", "contact_interview", 53, None, False),
        ("offer", "follow_up", 32, None, False),
        ("lifted", "active_offer", 26, None, False),
        ("cat", "follow_up", 5, 1, False),  # category 1 from 11-10: 8 weeks from 09-20
    ]  # closed is closed; held met its follow-up (late), offer its active offer


def test_today_on_a_past_day(cli, real_today, later_facts) -> None:
    path, ids = later_facts
    found = _today(cli, path, D)
    assert found["date"] == D.isoformat()
    assert [(i["case_id"], i["time"], i["kind"], i["status"]) for i in found["interviews"]] == [
        (ids["held"], "10:00", "follow_up", "booked"),  # held only on 11-10
        (ids["closed"], "11:00", "contact", "held")]  # closed on 11-10: open on 11-05
    # Due on 10-25: the active offer (F+83) of the case exempted only on 11-10; the one
    # exempted until 11-10 owed none then.
    due = _today(cli, path, date(2026, 10, 25))["due_today"]
    assert [(r["case_id"], r["obligation"], r["days_overdue"], r["exempt"]) for r in due] == [
        (ids["exempt"], "active_offer", 0, False)]
    # The same day asked as today (the stored read): the closed case is gone, held is held.
    real_today(D)
    now = _today(cli, path, D)
    assert [(i["case_id"], i["status"]) for i in now["interviews"]] == [(ids["held"], "held")]


def test_the_apps_overdue_and_today_on_a_past_day(later_facts) -> None:
    """The app's reads (``views``) answer a day before the real today as of that day."""
    import sqlite3

    from caseload import holiday_cache
    from caseload.services import views

    holiday_cache.install()
    path, ids = later_facts
    names = {v: k for k, v in ids.items()}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    items = views.overdue(conn, LEAD, on=D, soon_days=views.SOON_DAYS,
                          real_today=REAL_TODAY).rows
    assert [(names[i.case_id], i.obligation, i.band, i.days_overdue) for i in items] == [
        ("closed", "first_follow_up", "overdue", 39),
        ("exempt", "first_follow_up", "overdue", 39),
        ("lifted", "first_follow_up", "overdue", 39),
        ("offer", "contact_interview", "overdue", 38),
        ("cat", "follow_up", "overdue", 18),
        ("offer", "active_offer", "overdue", 17),
        ("offer", "follow_up", "overdue", 17),
        ("exempt", "active_offer", "overdue", 11),
        ("held", "first_follow_up", "overdue", 4),
    ]  # nothing falls due within the week; late_open (opened 11-10) is left out
    assert len({i.obligation_id for i in items}) == len(items)  # the table's row keys
    stored = views.overdue(conn, LEAD, on=D).rows  # no real today: the stored read
    assert "closed" not in {names[i.case_id] for i in stored}
    view = views.today(conn, LEAD, on=D, real_today=REAL_TODAY)
    assert [(names[i.case_id], i.status) for i in view.interviews] == [
        ("held", "booked"), ("closed", "held")]
    assert (view.booked, view.held, view.overdue, view.due_today) == (1, 1, 9, [])
    conn.close()


async def test_the_app_started_on_a_past_day_shows_overdue_as_of_it(later_facts) -> None:
    from caseload import identity
    from caseload.app import CaseloadApp
    from caseload.widgets.tables import StyledTable
    from tests.tui.helpers import settle

    path, ids = later_facts
    app = CaseloadApp(db=path, login=identity.current_login(), today=D, start="overdue",
                      show_all=True, theme="dark", real_today=REAL_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(StyledTable).row_count == 9
        assert ids["closed"] in {i.case_id for i in app.screen.items}


# -- the replay: a database built day by day, asked on each day ---------------------------

START, END = date(2026, 9, 1), date(2026, 11, 14)


def _story(rng: random.Random, n: int) -> list[tuple[date, int, str, dict]]:
    """Facts of ``n`` cases as (day, order, what, args), each case's in its own day order."""
    events: list[tuple[date, int, str, dict]] = []
    for k in range(n):
        opened = START + timedelta(days=rng.randint(0, 30))
        first = opened - timedelta(days=rng.randint(0, 25))
        group = rng.choice(("participant", "control", "outside"))
        key = {"case": k}
        events.append((opened, 0, "open", {**key, "first": first, "group": group,
                                           "cpr": f"{1 + k % 28:02d}{1 + k % 12:02d}"
                                                  f"{60 + k % 40:02d}{1000 + k}"}))
        day = first + timedelta(days=rng.randint(35, 85))
        category: int | None = None
        closing = (opened + timedelta(days=rng.randint(20, 70))
                   if rng.random() < 0.25 else None)
        exempt = False
        while day <= END and (closing is None or day < closing):
            while not is_working_day(day):  # the calendar books working days only
                day += timedelta(days=1)
            if day > END or (closing is not None and day >= closing):
                break
            if day >= opened:
                kind = "follow_up" if category is None or rng.random() < 0.4 else "contact"
                mode = rng.choice(("in_person", "phone", "in_person", "video"))
                status = "held" if rng.random() < 0.8 else rng.choice(("no_show", "cancelled"))
                # booked on its day (a second booking of the same kind while one is still
                # booked is refused by the calendar)
                events.append((day, 1, "book", {**key, "day": day, "kind": kind,
                                                   "mode": mode, "status": status}))
                if status == "held" and kind == "follow_up" and (
                        category is None or rng.random() < 0.2):
                    category = rng.choice((1, 2, 3))
                    events.append((day, 3, "category", {**key, "category": category}))
                if group == "participant" and rng.random() < 0.12:
                    events.append((day, 4, "lift" if exempt else "exempt", key))
                    exempt = not exempt
                start = day + timedelta(days=rng.randint(0, 10))
                if (group == "participant" and rng.random() < 0.15 and start <= END
                        and (closing is None or start < closing)):
                    events.append((start, 2, "refer", {**key, "hours": rng.choice((5, 10, 12)),
                                                       "start": start}))
            day += timedelta(days=rng.randint(5, 40))
        if closing is not None and closing <= END:
            events.append((closing, 9, "close", key))
    events.sort(key=lambda e: (e[0], e[1], e[3]["case"]))
    return events


def _apply(session, event: tuple[date, int, str, dict], ids: dict[int, int],
           booked: dict[date, list], anna: int) -> None:
    from caseload.services import cases, interviews, referrals
    from tests import intake

    day, _, what, args = event
    case = ids.get(args["case"])
    if what == "open":
        ids[args["case"]] = intake.open_case(
            session, cpr=args["cpr"], name=f"Borger {args['case']}",
            first_absence_day=args["first"], group=args["group"],
            caseworker_id=anna if args["case"] % 3 else None, today=day).id
    elif what == "book":
        hour = 8 + len(booked.get(args["day"], []))  # one an hour: the calendar refuses overlaps
        at = datetime.combine(args["day"], datetime.min.time()).replace(hour=hour)
        interview = interviews.book_interview(session, case, kind=args["kind"],
                                              mode=args["mode"], at=at, actor=LEAD,
                                              today=day)
        booked.setdefault(args["day"], []).append((interview.id, args, at))
    elif what == "category":
        cases.set_category(session, case, args["category"], on=day, actor=LEAD)
    elif what == "exempt":
        cases.set_exemption(session, case, "treatment", on=day, actor=LEAD)
    elif what == "lift":
        cases.lift_exemption(session, case, on=day, actor=LEAD)
    elif what == "refer":
        referrals.refer(session, case, offer_id=None, start=args["start"],
                        hours_per_week=args["hours"], justification="Tilbud",
                        purpose="Tilbage i job", actor=LEAD)
    elif what == "close":
        cases.close_case(session, case, on=day, reason="return_to_work", actor=LEAD)


QUESTIONS = (("overdue", {"all_": True}), ("today", {"all_": True}),
             ("overdue", {"as_user": "anna"}))


def _ask(capsys: pytest.CaptureFixture[str], path: Path, day: date) -> tuple[str, ...]:
    """What ``overdue``/``today --json --today DAY`` (team, and anna's) print. The command
    functions are called directly: parsing the flags 450 times would take most of the test.
    Each row's ``booked`` (the next booking that would meet it) is set aside: a day gone by
    shows none, as bookings carry no date of their own (the README says so)."""
    from caseload.quickcheck import run
    from caseload.quickcheck.options import Request

    said = []
    for command, scope in QUESTIONS:
        capsys.readouterr()
        getattr(run, command)(Request(command, db=str(path), on=day.isoformat(),
                                      as_json=True, **scope))
        out, err = capsys.readouterr()
        assert err == ""
        said.append(_without_booked(out))
    return tuple(said)


def _without_booked(out: str) -> str:
    data = json.loads(out)
    for row in data if isinstance(data, list) else data["due_today"]:
        assert "booked" in row
        row.pop("booked")
    return json.dumps(data)


def test_a_past_day_answers_what_that_day_answered(capsys, real_today, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Apply the facts in date order; on each day ask ``overdue`` and ``today`` with that day
    as the real today (the stored read). Then, on the finished database, ask again about
    each of those days (now in the past: as of the day) and expect the same output."""
    from caseload.quickcheck import run
    from caseload.services import interviews
    from caseload.services.db import write_session

    # 675 reads, each logged in a write transaction of its own: the log is not the subject
    # here (tests/access checks it), and skipping it keeps this test to a few seconds.
    monkeypatch.setattr(run, "_audit", lambda *args: None)

    path = tmp_path / "replay.db"
    engine, anna = _engine(path)
    events = _story(random.Random(15), 48)
    ids: dict[int, int] = {}
    booked: dict[tuple[int, date], list] = {}
    said: dict[date, tuple[str, ...]] = {}
    day, pending = START, list(events)
    while day <= END:
        with write_session(engine) as s:
            while pending and pending[0][0] == day:
                _apply(s, pending.pop(0), ids, booked, anna)
            for interview_id, args, at in booked.get(day, []):
                if args["status"] == "held":
                    interviews.mark_interview(s, interview_id, "held", held_at=at, actor=LEAD)
                else:
                    interviews.mark_interview(s, interview_id, args["status"], actor=LEAD)
        real_today(day)
        said[day] = _ask(capsys, path, day)
        day += timedelta(days=1)
    engine.dispose()
    assert not pending
    rows = differ = 0
    for day, then in said.items():
        real_today(END + timedelta(days=1))
        assert _ask(capsys, path, day) == then, day
        rows += len(json.loads(then[0]))
        real_today(day)  # the bug: the finished database's stored obligations for that day
        differ += _ask(capsys, path, day) != then
    assert rows > 300, (rows, differ)  # the replay produced rows to compare
    assert differ > 30, (rows, differ)  # later facts would have changed many answers


@pytest.mark.parametrize("rules", ["aktive-2008", "sdp-2014", "sdp-2025"])
def test_as_of_today_equals_the_stored_read_on_the_demo(tmp_path: Path, rules: str) -> None:
    """On a demo database (facts dated up to its day: for sdp-2025 also § 13 f marks,
    agreed follow-up days and recorded returns), computing the day from the facts gives the
    very rows the stored obligations give."""
    import sqlite3

    from caseload import holiday_cache
    from caseload.demo import build
    from caseload.services import views
    from caseload.services.policy import TEAM_LEAD, Actor

    holiday_cache.install()
    day = date(2026, 11, 4)
    build(tmp_path / "demo.db", seed=3, cases=300, today=day, rules=rules)
    conn = sqlite3.connect(f"file:{tmp_path / 'demo.db'}?mode=ro", uri=True)
    workers = [None, *(r[0] for r in conn.execute("SELECT id FROM caseworkers"))]
    after = day + timedelta(days=1)  # the real today then: the day is answered as of it
    for worker in workers:
        actor = Actor("test-lead", 0, TEAM_LEAD, scope_id=worker)
        assert views.overdue(conn, actor, on=day, real_today=after) == views.overdue(
            conn, actor, on=day)
        assert views.today(conn, actor, on=day, real_today=after) == views.today(
            conn, actor, on=day)
    assert views.overdue(conn, LEAD, on=day).total > 20
    conn.close()


def test_both_reads_load_no_heavy_library(later_facts) -> None:
    """The quick check's stored read (today) and its as-of read (a past day) both start
    without SQLAlchemy, Pydantic, Textual, python-stdnum or the holidays package."""
    from tests.cli.test_quick_process import HEAVY
    from tests.probe import loaded

    path, _ = later_facts
    for command in ("overdue", "today"):
        for day in ([], ["--today", D.isoformat()]):
            report = loaded(HEAVY, command, "--all", "--json", "--db", path, *day)
            assert report == {"code": 0, "heavy": []}, (command, day, report)
