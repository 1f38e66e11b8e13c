"""Booking is a calendar: Pilot tests of booking from Overdue, asserting what is stored."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select
from textual.widgets import Input

from caseload.models import Interview
from caseload.screens.booking import BookingDialog
from caseload.store.uow import read_session
from caseload.widgets.tables import StyledTable

from .helpers import make_app, settle, until

SIZES = [(80, 24), (120, 40)]


def booked(engine, case_id: int) -> list[tuple[datetime, str, int | None]]:  # noqa: ANN001
    with read_session(engine) as session:
        rows = session.exec(select(Interview).where(Interview.case_id == case_id)
                            .order_by(Interview.booked_for)).all()
    return [(row.booked_for, row.status, row.caseworker_id) for row in rows]


@pytest.mark.parametrize("size", SIZES)
async def test_b_refuses_a_taken_slot_and_offers_the_next_free(engine, db_path, case_ids,
                                                             size) -> None:
    """Sofie Larsen's suggestion is 09:00 today, when Anna already sees Mette Hansen:
    refused (nothing stored), the dialog offers 09:45 (Mette's 45 minutes are over)."""
    app = make_app(db_path, start="overdue")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StyledTable)
        assert table.row_count == 4
        await pilot.press("down", "down", "b")  # Sofie Larsen, due today, nothing booked
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        assert booked(engine, case_ids["Sofie Larsen"]) == []  # the refusal stored nothing
        dialog = app.screen
        error = dialog.query_one("#book-error").render().plain
        assert "optaget" in error and "09:00" in error
        assert "04.11.2026 09:45" in dialog.query_one("#book-free").render().plain
        assert dialog.query_one("#book-day", Input).value == "04.11.2026"
        assert dialog.query_one("#book-time", Input).value == "09:45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, BookingDialog)
        def cell() -> str:
            return table.get_row(str(next(i.obligation_id for i in app.screen.items
                                          if i.citizen == "Sofie Larsen")))[-1]

        await until(pilot, lambda: cell() == "04.11 09:45")  # read again: the row shows it
    [(at, status, _)] = booked(engine, case_ids["Sofie Larsen"])
    assert (at, status) == (datetime(2026, 11, 4, 9, 45), "booked")


async def test_b_twice_does_not_book_the_citizen_twice(engine, db_path, case_ids) -> None:
    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "v")
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        app.screen.query_one("#book-day", Input).value = "fredag"  # Friday 6 November
        app.screen.query_one("#book-time", Input).value = "10:15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, BookingDialog)
        await pilot.press("b")  # the same row again
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        assert "allerede" in app.screen.query_one("#book-error").render().plain
        await pilot.press("escape")
        await settle(pilot)
    assert booked(engine, case_ids["Sofie Larsen"]) == [
        (datetime(2026, 11, 6, 10, 15), "booked", booked(engine, case_ids["Sofie Larsen"])[0][2])]


@pytest.mark.parametrize(("typed", "reason"), [
    ("07.11.2026", "weekend"), ("søndag", "weekend"), ("03.11.2026", "gået"),
    ("25.12.2026", "helligdag")])
async def test_v_refuses_weekends_holidays_and_past_days(engine, db_path, case_ids, typed,
                                                         reason) -> None:
    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "v")
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        app.screen.query_one("#book-day", Input).value = typed
        app.screen.query_one("#book-time", Input).value = "10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BookingDialog)  # asked again, with the reason
        assert reason in app.screen.query_one("#book-error").render().plain
        assert app.screen.query_one("#book-free").render().plain.startswith("Ledige tider")
    assert booked(engine, case_ids["Sofie Larsen"]) == []


async def test_a_bad_day_keeps_the_dialog_open(engine, db_path, case_ids) -> None:
    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        app.screen.query_one("#book-day", Input).value = "31.02"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BookingDialog)
        assert "05.12.2026" in app.screen.query_one("#book-error").render().plain
    assert booked(engine, case_ids["Sofie Larsen"]) == []


async def test_a_leads_booking_lands_on_the_caseworkers_calendar(engine, db_path,
                                                                case_ids) -> None:
    from caseload.services import caseworkers
    from caseload.store.uow import write_session

    with write_session(engine) as session:
        caseworkers.add_caseworker(session, login="lena", name="Lena Leder", role="team_lead")
    app = make_app(db_path, start="overdue", login="lena", show_all=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = next(n for n, i in enumerate(app.screen.items) if i.citizen == "Sofie Larsen")
        app.screen.query_one(StyledTable).move_cursor(row=row)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, BookingDialog))
        app.screen.query_one("#book-day", Input).value = "+1"
        app.screen.query_one("#book-time", Input).value = "11:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with read_session(engine) as session:
        from caseload.models import Case

        anna = session.get(Case, case_ids["Sofie Larsen"]).caseworker_id
    assert booked(engine, case_ids["Sofie Larsen"]) == [
        (datetime(2026, 11, 5, 11, 0), "booked", anna)]



async def test_booket_shows_only_a_booking_that_would_meet_the_obligation(
        engine, db_path, case_ids) -> None:  # noqa: ANN001
    """On Sofie Larsen's first follow-up row: a contact interview booked from it is stored
    but is not shown in "Booket" (it would not meet a follow-up); a follow-up booked next is,
    as soon as the list is read again after the booking."""
    from textual.widgets import Select

    app = make_app(db_path, start="overdue")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StyledTable)

        def sofie() -> tuple:
            item = next(i for i in app.screen.items if i.citizen == "Sofie Larsen")
            assert item.obligation == "first_follow_up"
            return table.get_row(str(item.obligation_id))

        assert sofie()[-1] == fmt_when(None)
        for kind, clock in (("contact", "11:00"), ("follow_up", "13:30")):
            await pilot.press("down", "down", "v")
            await until(pilot, lambda: isinstance(app.screen, BookingDialog))
            app.screen.query_one("#book-day", Input).value = "fredag"  # Friday 6 November
            app.screen.query_one("#book-time", Input).value = clock
            app.screen.query_one("#book-kind", Select).value = kind
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, BookingDialog)
            await pilot.press("up", "up")
            if kind == "contact":
                assert sofie()[-1] == fmt_when(None)  # a contact interview: not this row's
        await until(pilot, lambda: sofie()[-1] == "06.11 13:30")  # read again after it
    assert [(at, status) for at, status, _ in booked(engine, case_ids["Sofie Larsen"])] == [
        (datetime(2026, 11, 6, 11, 0), "booked"), (datetime(2026, 11, 6, 13, 30), "booked")]


def fmt_when(value: datetime | None) -> str:
    from caseload.widgets import format as fmt

    return fmt.when(value)
