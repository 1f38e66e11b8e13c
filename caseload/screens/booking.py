"""A modal to book an interview on a day of my choosing: day, time, kind and mode,
prefilled with the suggestion for the obligation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from caseload.domain.model import InterviewKind, InterviewMode
from caseload.i18n import t
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt


@dataclass(frozen=True)
class Booking:
    kind: str
    mode: str
    day: date
    at: time


class BookingDialog(ModalScreen[Booking | None]):
    BINDINGS = [
        Binding("ctrl+s", "book", "book.book", priority=True),
        Binding("escape", "cancel", "common.cancel", priority=True),
    ]

    def __init__(self, citizen: str, suggestion: Booking) -> None:
        super().__init__()
        localise(self)
        self.citizen, self.suggestion = citizen, suggestion

    def compose(self) -> ComposeResult:
        from textual.widgets import Select  # imported when first needed: a faster start

        s = self.suggestion
        with Vertical(id="book-dialog", classes="dialog"):
            yield Label(t("book.title", citizen=self.citizen), classes="dialog-title")
            with Grid(id="book-grid"):
                yield Label(t("book.day"))
                yield Input(s.day.isoformat(), id="book-day", max_length=10)
                yield Label(t("book.time"))
                yield Input(s.at.strftime("%H:%M"), id="book-time", max_length=5)
                yield Label(t("book.kind"))
                yield Select([(fmt.kind(k.value), k.value) for k in InterviewKind],
                             value=s.kind, allow_blank=False, id="book-kind")
                yield Label(t("book.mode"))
                yield Select([(fmt.mode(m.value), m.value) for m in InterviewMode],
                             value=s.mode, allow_blank=False, id="book-mode")
            yield Label("", id="book-error", classes="dialog-error")
            yield Label(t("book.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#book-day", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_book()

    def action_book(self) -> None:
        error = self.query_one("#book-error", Label)
        try:
            day = date.fromisoformat(self.query_one("#book-day", Input).value.strip())
        except ValueError:
            error.update(t("book.bad_day"))
            return
        try:
            at = time.fromisoformat(self.query_one("#book-time", Input).value.strip())
        except ValueError:
            error.update(t("book.bad_time"))
            return
        self.dismiss(Booking(kind=str(self.query_one("#book-kind").value),
                             mode=str(self.query_one("#book-mode").value),
                             day=day, at=at))

    def action_cancel(self) -> None:
        self.dismiss(None)
