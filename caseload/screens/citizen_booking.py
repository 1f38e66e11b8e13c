"""Booking from the citizen screen: book an interview (kind, mode, day, time and, for a
team lead, who holds it), move a booked one, or cancel it. The calendar checks each one
(``caseload.screens.booking_flow``); a move or a cancellation first picks the interview
when the citizen has more than one booked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from caseload.domain.calendar import is_working_day
from caseload.i18n import t
from caseload.screens import booking_flow
from caseload.screens.booking import Booking
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label

if TYPE_CHECKING:
    from caseload.screens.base import CaseloadScreen
    from caseload.services.calendar import WeekEntry
    from caseload.tui.context import AppContext


def _label(entry: WeekEntry) -> str:
    return f"{fmt.when_long(entry.start)}  {fmt.kind(entry.kind)} · {fmt.mode(entry.mode)}"


class InterviewPicker(ModalScreen[int | None]):
    """Pick one of the citizen's booked interviews."""

    BINDINGS = [Binding("escape", "cancel", "common.cancel", priority=True)]

    def __init__(self, title: str, entries: list[WeekEntry]) -> None:
        super().__init__()
        localise(self)
        self.title_text, self.entries = title, entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(_label(e), id=str(e.interview_id)) for e in self.entries),
                             id="pick-interview")
            yield Label(t("booking.pick_interview"), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmCancel(ModalScreen[bool]):
    BINDINGS = [Binding("enter", "yes", "booking.cancel", priority=True),
                Binding("escape", "no", "common.cancel", priority=True)]

    def __init__(self, entry: WeekEntry) -> None:
        super().__init__()
        localise(self)
        self.entry = entry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("booking.cancel"), classes="dialog-title")
            yield Label(t("booking.confirm_cancel", kind=fmt.kind(self.entry.kind),
                          when=fmt.when_long(self.entry.start)), classes="dialog-wrap")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


def _load(ctx: AppContext, case_id: int) -> tuple[list[WeekEntry], list[tuple[int, str]]]:
    from caseload.services import calendar

    return (ctx.read(calendar.upcoming, case_id, today=ctx.today, actor=ctx.actor),
            booking_flow.workers(ctx))


def _next_working_day(ctx: AppContext) -> datetime:
    day = ctx.today + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 0))


def _with(screen: CaseloadScreen, case_id: int,
          then: Callable[[list[WeekEntry], list[tuple[int, str]]], Any]) -> None:
    screen.background(lambda ctx: _load(ctx, case_id), lambda found: then(*found))


def _pick(screen: CaseloadScreen, title: str, entries: list[WeekEntry],
          then: Callable[[WeekEntry], Any]) -> None:
    if not entries:
        screen.notify(t("booking.no_booking"), severity="warning")
        return
    if len(entries) == 1:
        then(entries[0])
        return

    def picked(interview_id: int | None) -> None:
        chosen = [e for e in entries if e.interview_id == interview_id]
        if chosen:
            then(chosen[0])

    screen.app.push_screen(InterviewPicker(title, entries), picked)


def book(screen: CaseloadScreen, citizen: str, case_id: int,
         done: Callable[[], Any]) -> None:
    """Ask for the interview (prefilled: a follow-up in person, next working day 09:00)."""
    def then(_entries: list[WeekEntry], workers: list[tuple[int, str]]) -> None:
        start = _next_working_day(screen.ctx)
        suggestion = Booking("follow_up", "in_person", start.date(), start.time())

        def stored(booking: Booking) -> None:
            screen.notify(booking_flow.booked_text(booking, citizen))
            done()

        booking_flow.book(screen, citizen, case_id, suggestion, done=stored, ask=True,
                          lead_workers=workers)

    _with(screen, case_id, then)


def move(screen: CaseloadScreen, citizen: str, case_id: int, done: Callable[[], Any]) -> None:
    def then(entries: list[WeekEntry], workers: list[tuple[int, str]]) -> None:
        def chosen(entry: WeekEntry) -> None:
            current = Booking(entry.kind, entry.mode, entry.start.date(), entry.start.time(),
                              entry.caseworker_id)

            def moved(booking: Booking) -> None:
                screen.notify(t("booking.moved", kind=fmt.kind(booking.kind),
                                citizen=citizen, when=fmt.when_long(booking.when)))
                done()

            booking_flow.book(screen, citizen, case_id, current, done=moved, ask=True,
                              moving=entry.interview_id, lead_workers=workers)

        _pick(screen, t("booking.move"), entries, chosen)

    _with(screen, case_id, then)


def cancel(screen: CaseloadScreen, citizen: str, case_id: int,
           done: Callable[[], Any]) -> None:
    def then(entries: list[WeekEntry], _workers: list[tuple[int, str]]) -> None:
        def chosen(entry: WeekEntry) -> None:
            def confirmed(yes: bool | None) -> None:
                if not yes:
                    return

                def cancelled(_: object) -> None:
                    screen.notify(t("booking.cancelled", kind=fmt.kind(entry.kind),
                                    citizen=citizen, when=fmt.when_long(entry.start)))
                    done()

                screen.background(lambda ctx: _cancel(ctx, entry.interview_id), cancelled,
                                  group="write", exclusive=False)

            screen.app.push_screen(ConfirmCancel(entry), confirmed)

        _pick(screen, t("booking.cancel"), entries, chosen)

    _with(screen, case_id, then)


def _cancel(ctx: AppContext, interview_id: int) -> object:
    from caseload.services import interviews

    return ctx.write(interviews.cancel_interview, interview_id, actor=ctx.actor)
