"""The citizen screen's notes: the timeline opens a note in full with its addenda (Enter),
adds an addendum, writes a note an interview is missing, a note without an interview (its
kind picked first), and corrects an interview's status. A mixin of ``CitizenScreen``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import TabbedContent

from caseload.i18n import t
from caseload.widgets import format as fmt
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView
    from caseload.tui.context import AppContext


class CitizenNotes:
    """Needs ``view``, ``case_id``, ``background``, ``_dialog``, ``action_tab`` and
    ``action_reload`` of the citizen screen."""

    view: CitizenView | None
    case_id: int

    def action_correct_status(self) -> None:
        from caseload.screens.case_corrections import CorrectionDialog

        entry = self.timeline_entry()
        if self.view is None:
            return
        if entry is None or entry.kind != "interview":
            self.action_tab("timeline")
            self.notify(t("correction.pick_interview"), severity="warning")
            return
        self._dialog(CorrectionDialog(self.view, entry), "correction.done")

    # -- notes -----------------------------------------------------------------------------

    def timeline_entry(self) -> Any:
        """The timeline row under the cursor (when the timeline is shown)."""
        if self.view is None or self.query_one(TabbedContent).active != "timeline":
            return None
        key = self.query_one("#timeline-table", StyledTable).selected_key()
        if key is None or not key.isdigit() or int(key) >= len(self.view.timeline):
            return None
        return self.view.timeline[int(key)]

    def on_data_table_row_selected(self, event: Any) -> None:
        if event.data_table.id != "timeline-table":
            return
        event.stop()
        entry = self.timeline_entry()
        if entry is None or self.view is None:
            return
        if entry.note_id is not None:
            self.open_note(entry.note_id)
        elif entry.kind == "interview" and entry.status != "booked" \
                and self.view.status == "open":
            self.write_missing_note(entry)

    def open_note(self, note_id: int) -> None:
        from caseload.screens.note_view import ADD, NoteViewer

        def job(ctx: AppContext) -> Any:
            from caseload.services import note_flow

            return ctx.read(note_flow.note_thread, note_id, actor=ctx.actor)

        def shown(thread: Any) -> None:
            def chosen(choice: str | None) -> None:
                if choice == ADD and self.view is not None and self.view.status == "open":
                    self.write_addendum(thread.note.note_id)

            self.app.push_screen(NoteViewer(self.view.name if self.view else "", thread),
                                 chosen)

        self.background(job, shown, group="note")

    def edit_note(self, title: str, template: str, key: str, store: Any, done_key: str,
                  text: str | None = None) -> None:
        """The note editor over this case; ``store(ctx, body)`` saves it. A refusal reopens
        the editor with what was typed."""
        from caseload.screens.note_editor import NoteEditor

        def save(body: str | None) -> None:
            if body is None:
                return

            def failed(message: str) -> None:
                self.notify(t("common.error", message=message), severity="error", timeout=10)
                self.edit_note(title, template, key, store, done_key, body)

            def saved(_: object) -> None:
                self.notify(t(done_key))
                self.action_reload()

            self.background(lambda ctx: store(ctx, body), saved, group="write",
                            exclusive=False, on_error=failed)

        self.app.push_screen(NoteEditor(title, text if text is not None else template,
                                        draft_key=key, prefer_text=text is not None), save)

    def write_addendum(self, note_id: int) -> None:
        from caseload.notes.drafts import draft_key

        def store(ctx: AppContext, body: str) -> None:
            from caseload.services import notes

            ctx.write(notes.add_addendum, note_id=note_id, body=body, author=ctx.login,
                      actor=ctx.actor)

        name = self.view.name if self.view else ""
        self.edit_note(t("note_view.addendum_title", citizen=name), "",
                       draft_key(self.ctx.db_id, self.case_id, addendum_to=note_id), store,
                       "note_view.addendum_saved")

    def write_missing_note(self, entry: Any) -> None:
        """An interview recorded without its note (before notes and statuses were one step,
        or after a correction): write it now, from the template for its status."""
        from caseload.services import note_flow, notes

        status, kind, interview_id = entry.status, entry.code, entry.interview_id
        template = "held" if status == "held" else status

        def store(ctx: AppContext, body: str) -> None:
            ctx.write(notes.write_note, case_id=self.case_id, interview_id=interview_id,
                      body=body, author=ctx.login,
                      template=kind if status == "held" else status, actor=ctx.actor,
                      draft=note_flow.interview_draft_key(ctx.db_id, self.case_id,
                                                          interview_id, status))

        name = self.view.name if self.view else ""
        self.edit_note(t("note_flow.title_status", citizen=name, kind=fmt.kind(kind),
                         status=fmt.status(status)), notes.note_template(kind, template),
                       note_flow.interview_draft_key(self.ctx.db_id, self.case_id,
                                                     interview_id, status),
                       store, "note.saved")

    def action_new_note(self) -> None:
        from caseload.screens.note_view import NoteKindPicker

        if self.view is None:
            return
        name = self.view.name

        def picked(kind: str | None) -> None:
            if kind is None:
                return
            from caseload.services import note_flow, notes

            def store(ctx: AppContext, body: str) -> None:
                ctx.write(note_flow.write_free_note, self.case_id, kind, body=body,
                          author=ctx.login, actor=ctx.actor)

            self.edit_note(t("note_flow.free_title", citizen=name, kind=t(f"note_kind.{kind}")),
                           notes.free_note_template(kind),
                           note_flow.free_draft_key(self.ctx.db_id, self.case_id, kind),
                           store, "note.saved")

        self.app.push_screen(NoteKindPicker(name), picked)

