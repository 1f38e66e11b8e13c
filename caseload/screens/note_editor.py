"""A modal to write a case note, prefilled with a template. Nothing typed is lost by
accident: the text is kept as a draft on disk while typing (``caseload.notes.drafts``; the
note service removes it when the note is saved), a draft left by a crash is offered again,
and Esc on a changed text asks for a second Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

from caseload.i18n import t
from caseload.tui.bindings import localise
from caseload.widgets.plain import Label


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the note's text (Ctrl+S) or None (Esc)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "common.save", priority=True),
        Binding("escape", "cancel", "common.cancel", priority=True),
    ]

    DRAFT_DELAY = 1.0

    def __init__(self, title: str, text: str = "", *, draft_key: str | None = None,
                 prefer_text: bool = False) -> None:
        """``prefer_text``: open with ``text`` (what was typed, given back after a refusal)
        rather than the draft on disk."""
        super().__init__()
        localise(self)
        self._title, self._initial, self._armed = title, text, False
        self._draft_key = draft_key
        self._timer = None
        self._from_draft = False
        if draft_key is not None and not prefer_text:
            from caseload.notes import drafts

            kept = drafts.load_draft(draft_key)
            self._from_draft = kept is not None
            self._initial = kept or text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield TextArea(self._initial, id="note-body", soft_wrap=True, show_line_numbers=False)
            yield Label(t("note.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._armed = False
        if self._draft_key is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        key, text = self._draft_key, self.text

        def save() -> None:
            from caseload.notes import drafts

            drafts.save_draft(key, text)

        self.run_worker(save, thread=True, group="draft", exclusive=True)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        if not self.text.strip():
            self.notify(t("note.empty"), severity="warning")
            return
        if self._timer is not None:
            self._timer.stop()
        if self._draft_key is not None:  # on disk until the note is stored (or refused)
            from caseload.notes import drafts

            drafts.save_draft(self._draft_key, self.text)
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text != self._initial and not self._armed:
            self._armed = True
            self.notify(t("note.discard"), severity="warning")
            return
        if self._timer is not None:
            self._timer.stop()
        if self._draft_key is not None and (self._armed or not self._from_draft):
            from caseload.notes import drafts  # a resumed draft left unchanged is kept

            drafts.discard_draft(self._draft_key)
        self.dismiss(None)
