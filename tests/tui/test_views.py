"""The screens' read use cases, on the small fixed caseload."""

from __future__ import annotations

from datetime import date, datetime

from caseload.services import views
from caseload.services.access import resolve_actor
from caseload.services.policy import TEAM_LEAD, Actor
from caseload.store.uow import read_session

from .sample import TODAY


def _anna(session):  # noqa: ANN001, ANN202
    return resolve_actor(session, "anna")


def _team(session):  # noqa: ANN001, ANN202
    """Someone who sees the whole team (a team lead with --all)."""
    anna = _anna(session)
    return Actor(anna.login, anna.caseworker_id, TEAM_LEAD, scope_id=None)


def test_today_lists_my_interviews_in_time_order_with_counts(engine, case_ids) -> None:
    with read_session(engine) as session:
        view = views.today(session, _anna(session), on=TODAY)
    assert [(i.at.strftime("%H:%M"), i.citizen) for i in view.interviews] == [
        ("09:00", "Mette Hansen"), ("10:30", "Jens Nielsen"), ("13:00", "Ahmed Ali")]
    assert view.interviews[0].cpr == "070382-xxxx"
    assert view.interviews[0].week == 9
    assert (view.booked, view.held) == (3, 0)
    # Mette (due 11-01) and Jens (due 11-03) have their first follow-up overdue.
    assert view.overdue == 2
    assert [(d.citizen, d.obligation) for d in view.due_today] == [
        ("Sofie Larsen", "first_follow_up")]


def test_overdue_is_most_overdue_first_in_bands(engine, case_ids) -> None:
    with read_session(engine) as session:
        rows = views.overdue(session, _anna(session), on=TODAY, soon_days=views.SOON_DAYS,
                             booked=True).rows
    assert [(r.citizen, r.band, r.days_overdue) for r in rows] == [
        ("Mette Hansen", "overdue", 3), ("Jens Nielsen", "overdue", 1),
        ("Sofie Larsen", "due_today", 0), ("Ahmed Ali", "due_soon", 0)]
    assert rows[0].due == date(2026, 11, 1) and rows[0].book_by == date(2026, 10, 30)
    assert rows[0].booked_for == datetime(2026, 11, 4, 9, 0)
    assert rows[2].booked_for is None
    with read_session(engine) as session:
        none = views.overdue(session, _anna(session), on=TODAY, soon_days=views.SOON_DAYS,
                             kind="active_offer").rows
    assert none == []


def test_booking_suggestion_never_proposes_a_past_day(engine, case_ids) -> None:
    with read_session(engine) as session:
        rows = views.overdue(session, _anna(session), on=TODAY, soon_days=views.SOON_DAYS,
                             booked=True).rows
    late = views.booking_suggestion(rows[0], today=TODAY)
    assert (late.kind, late.mode, late.day) == ("follow_up", "in_person", TODAY)
    soon = views.booking_suggestion(rows[3], today=TODAY)
    assert soon.day == rows[3].book_by and soon.day >= TODAY


def test_caseload_sorted_by_next_due_with_search_and_filters(engine, case_ids) -> None:
    with read_session(engine) as session:
        me = _anna(session)
        page = views.caseload(session, me, on=TODAY)
        by_cpr = views.caseload(session, me, on=TODAY,
                                flt=views.CaseFilter(search="150279"))
        by_name = views.caseload(session, me, on=TODAY,
                                 flt=views.CaseFilter(search="larsen"))
        control = views.caseload(session, me, on=TODAY,
                                 flt=views.CaseFilter(group="control"))
        offers = views.caseload(session, me, on=TODAY,
                                flt=views.CaseFilter(obligation="active_offer"))
        team = views.caseload(session, _team(session), on=TODAY, limit=2)
    assert [r.citizen for r in page.rows] == [
        "Mette Hansen", "Jens Nielsen", "Sofie Larsen", "Ahmed Ali", "Lone Berg"]
    assert page.total == 5 and page.rows[0].next_kind == "first_follow_up"
    assert [r.citizen for r in by_cpr.rows] == ["Jens Nielsen"]
    assert [r.citizen for r in by_name.rows] == ["Sofie Larsen"]
    assert {r.group for r in control.rows} == {"control"} and control.total >= 1
    assert {r.group for r in offers.rows} == {"participant"} and offers.total >= 1
    assert team.total == 6 and [r.citizen for r in team.rows] == ["Peter Holm", "Mette Hansen"]
