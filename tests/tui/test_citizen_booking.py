"""Book, move and cancel an interview from the citizen screen; the week view. Pilot,
asserting what is stored."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select
from textual.widgets import Input

from caseload.models import Case, Interview
from caseload.screens.booking import BookingDialog
from caseload.screens.citizen import CitizenScreen
from caseload.screens.citizen_booking import ConfirmCancel
from caseload.screens.week import WeekScreen
from caseload.store.uow import read_session
from caseload.widgets.tables import StyledTable

from .helpers import make_app, settle, until


def booked(engine, case_id: int) -> list[tuple[datetime, str, str, int | None]]:  # noqa: ANN001
    with read_session(engine) as session:
        rows = session.exec(select(Interview).where(Interview.case_id == case_id)
                            .order_by(Interview.id)).all()
    return [(r.booked_for, r.kind, r.status, r.caseworker_id) for r in rows]


async def open_citizen(app, pilot, case_id: int) -> CitizenScreen:  # noqa: ANN001
    await settle(pilot)
    app.open_citizen(case_id)
    await until(pilot, lambda: isinstance(app.screen, CitizenScreen) and app.screen.loaded)
    await settle(pilot)
    return app.screen


async def dialog(pilot, app) -> BookingDialog:  # noqa: ANN001
    await until(pilot, lambda: isinstance(app.screen, BookingDialog))
    await settle(pilot)
    return app.screen


async def test_book_move_and_cancel_from_the_citizen(engine, db_path, case_ids) -> None:
    case_id = case_ids["Lone Berg"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_citizen(app, pilot, case_id)
        await pilot.press("b")
        screen = await dialog(pilot, app)
        assert screen.query_one("#book-day", Input).value == "05.11.2026"  # next working day
        screen.query_one("#book-day", Input).value = "4.11"  # today, 09:00: Anna is busy
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = await dialog(pilot, app)
        assert "optaget" in screen.query_one("#book-error").render().plain
        assert booked(engine, case_id) == []
        await pilot.press("ctrl+n")  # the second free slot: 11:15
        assert screen.query_one("#book-time", Input).value == "11:15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenScreen)
        [(at, kind, status, anna)] = booked(engine, case_id)
        assert (at, kind, status) == (datetime(2026, 11, 4, 11, 15), "follow_up", "booked")

        await pilot.press("m")
        screen = await dialog(pilot, app)
        assert screen.query_one("#book-day", Input).value == "04.11.2026"
        screen.query_one("#book-day", Input).value = "mandag"
        screen.query_one("#book-time", Input).value = "13.30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert booked(engine, case_id) == [
            (datetime(2026, 11, 9, 13, 30), "follow_up", "booked", anna)]

        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmCancel))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenScreen)
    assert booked(engine, case_id) == [
        (datetime(2026, 11, 9, 13, 30), "follow_up", "cancelled", anna)]


async def test_a_lead_names_who_holds_the_interview(engine, db_path, case_ids) -> None:
    from caseload.services import caseworkers
    from caseload.store.uow import write_session

    with write_session(engine) as session:
        caseworkers.add_caseworker(session, login="lena", name="Lena Leder", role="team_lead")
    case_id = case_ids["Lone Berg"]
    app = make_app(db_path, login="lena", show_all=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_citizen(app, pilot, case_id)
        await pilot.press("b")
        screen = await dialog(pilot, app)
        holder = screen.query_one("#book-holder")
        names = [str(label) for label, _ in holder._options]
        assert names[:1] == ["Sagens sagsbehandler"] and "Bo Madsen" in names
        with read_session(engine) as session:
            bo = session.exec(select(Case).where(Case.id == case_ids["Peter Holm"])).one()
        holder.value = bo.caseworker_id
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert booked(engine, case_id) == [
        (datetime(2026, 11, 5, 9, 0), "follow_up", "booked", bo.caseworker_id)]


async def test_the_week_shows_booked_and_free_and_a_lead_sees_each(engine, db_path,
                                                                  case_ids) -> None:
    from caseload.services import caseworkers
    from caseload.store.uow import write_session

    with write_session(engine) as session:
        caseworkers.add_caseworker(session, login="lena", name="Lena Leder", role="team_lead")
    app = make_app(db_path, login="lena", show_all=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen) and app.screen.team)
        await settle(pilot)
        seen = {}
        for _ in range(3):
            title = str(app.screen.query_one("#week-title").render())
            table = app.screen.query_one(StyledTable)
            seen[title.split("·")[1].strip()] = [
                [str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
            await pilot.press("tab")
            await settle(pilot)
        anna = seen["Anna Jensen"]
        assert anna[0][0] == "man 02.11"
        wednesday = [r for r in anna if r[0] == "ons 04.11"] + []
        index = anna.index(wednesday[0])
        assert anna[index:index + 6] == [
            ["ons 04.11", "08:00–09:00", "ledig", ""],
            ["", "09:00–09:45", "Mette Hansen", "Opfølgning"],
            ["", "09:45–10:30", "ledig", ""],
            ["", "10:30–11:15", "Jens Nielsen", "Opfølgning"],
            ["", "11:15–13:00", "ledig", ""],
            ["", "13:00–13:30", "Ahmed Ali", "Kontakt"],
        ]
        assert ["", "11:00–11:45", "Peter Holm", "Opfølgning"] in seen["Bo Madsen"]
        assert all(r[2] == "ledig" for r in seen["Lena Leder"] if r[2])
        await pilot.press("right")
        await settle(pilot)
        assert app.screen.query_one(StyledTable).get_row_at(0)[0] == "man 09.11"
