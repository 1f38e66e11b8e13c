"""A note opened from the timeline, in full with its addenda (Ctrl+T adds one), and the
choice of the kind of a note written without an interview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from caseload.i18n import has, t
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label, Static

if TYPE_CHECKING:
    from caseload.services.note_flow import NoteText, NoteThread

ADD = "addendum"


def thread_text(thread: NoteThread) -> str:
    """The note and its addenda as plain text (no markup: a note may hold brackets)."""
    note = thread.note
    kind = (fmt.kind(thread.interview_kind) if thread.interview_kind
            else t(f"note_kind.{note.template}") if has(f"note_kind.{note.template}")
            else t("timeline.note"))
    parts = [t("note_view.byline", kind=kind, at=_at(note), author=note.author), "",
             note.body.rstrip()]
    for addendum in thread.addenda:
        parts += ["", "─" * 20, t("note_view.addendum", at=_at(addendum),
                                  author=addendum.author), "", addendum.body.rstrip()]
    return "\n".join(parts)


def _at(note: NoteText) -> str:
    return f"{fmt.day(note.at.date())} {note.at.strftime('%H:%M')}"


class NoteViewer(ModalScreen[str | None]):
    """Dismisses with ``ADD`` (add an addendum) or None (Esc)."""

    BINDINGS = [
        Binding("ctrl+t", "add", "note_view.add_addendum", priority=True),
        Binding("escape", "close", "common.back", priority=True),
    ]

    def __init__(self, citizen: str, thread: NoteThread) -> None:
        super().__init__()
        localise(self)
        self.citizen, self.thread = citizen, thread

    def compose(self) -> ComposeResult:
        with Vertical(id="note-view", classes="dialog"):
            yield Label(t("note_view.title", citizen=self.citizen), classes="dialog-title")
            with VerticalScroll(id="note-view-scroll"):
                yield Static(thread_text(self.thread), id="note-view-body", markup=False)
            yield Label(t("note_view.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#note-view-scroll").focus()

    def action_add(self) -> None:
        self.dismiss(ADD)

    def action_close(self) -> None:
        self.dismiss(None)


class NoteKindPicker(ModalScreen[str | None]):
    """Pick the kind of a note without an interview; dismisses with it (None: Esc)."""

    BINDINGS = [Binding("escape", "close", "common.cancel", priority=True)]

    def __init__(self, citizen: str) -> None:
        super().__init__()
        localise(self)
        self.citizen = citizen

    def compose(self) -> ComposeResult:
        from caseload.notes.templates import note_kinds

        with Vertical(id="note-kind", classes="dialog"):
            yield Label(t("note_flow.pick_title", citizen=self.citizen), classes="dialog-title")
            yield Label(t("note_flow.pick_kind"))
            yield OptionList(*(Option(t(f"note_kind.{k}"), id=k) for k in note_kinds()),
                             id="note-kinds")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
