"""A modal to book (or move) an interview on a day of my choosing: day, time, kind, mode
and who holds it, prefilled with the suggestion. A day is typed as a person writes it
(``05.12.2026``, ``5/12``, ``i morgen``, ``+7``, ``mandag``: ``caseload.domain.dates``).

When the calendar refused a booking, the dialog opens with the refusal and the next free
slots; the first is filled in, and ``Ctrl+N`` steps through the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from caseload.domain.dates import parse_time
from caseload.domain.days import parse_day
from caseload.domain.model import InterviewKind, InterviewMode
from caseload.i18n import t
from caseload.safety.text import literal
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label


@dataclass(frozen=True)
class Booking:
    kind: str
    mode: str
    day: date
    at: time
    caseworker_id: int | None = None  # None: the caseworker holding the case

    @property
    def when(self) -> datetime:
        return datetime.combine(self.day, self.at)


class BookingDialog(ModalScreen[Booking | None]):
    BINDINGS = [
        Binding("ctrl+s", "book", "book.book", priority=True),
        Binding("ctrl+n", "next_free", "book.next_free", priority=True),
        Binding("escape", "cancel", "common.cancel", priority=True),
    ]

    def __init__(self, citizen: str, suggestion: Booking, *, today: date,
                 refused: str = "", free: list[datetime] | None = None,
                 workers: list[tuple[int, str]] | None = None, moving: bool = False) -> None:
        super().__init__()
        localise(self)
        self.citizen, self.suggestion, self.today = citizen, suggestion, today
        self.refused, self.free = refused, list(free or [])
        self.holders, self.moving = workers or [], moving
        self._free_at = 0

    def compose(self) -> ComposeResult:
        from textual.widgets import Select  # imported when first needed: a faster start

        s = self.suggestion
        if self.free:
            s = Booking(s.kind, s.mode, self.free[0].date(), self.free[0].time(),
                        s.caseworker_id)
        title = "booking.move_title" if self.moving else "book.title"
        with Vertical(id="book-dialog", classes="dialog"):
            yield Label(t(title, citizen=self.citizen), classes="dialog-title")
            with Grid(id="book-grid"):
                yield Label(t("book.day"))
                yield Input(fmt.day(s.day), id="book-day", max_length=20)
                yield Label(t("book.time"))
                yield Input(s.at.strftime("%H:%M"), id="book-time", max_length=5)
                yield Label(t("book.kind"))
                yield Select([(fmt.kind(k.value), k.value) for k in InterviewKind],
                             value=s.kind, allow_blank=False, id="book-kind",
                             disabled=self.moving)
                yield Label(t("book.mode"))
                yield Select([(fmt.mode(m.value), m.value) for m in InterviewMode],
                             value=s.mode, allow_blank=False, id="book-mode")
                if self.holders:  # a team lead names who holds it (0: the case's caseworker)
                    yield Label(t("booking.held_by"))
                    holder = s.caseworker_id if any(
                        w == s.caseworker_id for w, _ in self.holders) else 0
                    yield Select([(t("booking.case_holder"), 0),
                                  *((literal(name), wid) for wid, name in self.holders)],
                                 value=holder, allow_blank=False, id="book-holder")
            yield Label(self.refused, id="book-error", classes="dialog-error")
            yield Label(self.free_text(), id="book-free", classes="dialog-hint")
            yield Label(t("book.hint"), classes="dialog-hint")

    def free_text(self) -> str:
        if not self.free:
            return ""
        return t("calendar.free_slots", slots=", ".join(fmt.when_long(f) for f in self.free))

    def on_mount(self) -> None:
        self.query_one("#book-day", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_book()

    def action_next_free(self) -> None:
        if not self.free:
            return
        self._free_at = (self._free_at + 1) % len(self.free)
        moment = self.free[self._free_at]
        self.query_one("#book-day", Input).value = fmt.day(moment.date())
        self.query_one("#book-time", Input).value = moment.strftime("%H:%M")

    def action_book(self) -> None:
        error = self.query_one("#book-error", Label)
        day = parse_day(self.query_one("#book-day", Input).value, today=self.today)
        if day is None:
            error.update(t("book.bad_day"))
            return
        try:
            at = parse_time(self.query_one("#book-time", Input).value)
        except ValueError:
            error.update(t("book.bad_time"))
            return
        holder = self.suggestion.caseworker_id
        if self.holders:
            holder = int(self.query_one("#book-holder").value) or None  # type: ignore[arg-type]
        self.dismiss(Booking(kind=str(self.query_one("#book-kind").value),
                             mode=str(self.query_one("#book-mode").value),
                             day=day, at=at, caseworker_id=holder))

    def action_cancel(self) -> None:
        self.dismiss(None)
