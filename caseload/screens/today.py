"""Today: the interviews booked for today in time order, what falls due today, the counts.

One key (held, no-show, cancelled) opens the note of the selected interview with the
template for that status; the status is stored together with the note when it is saved
(``note_flow.record_interview``), so an Esc or a crash leaves the interview booked and what
was typed in its draft (reachable under Kladder). Holding the first follow-up asks for the
category (Esc skips it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header

from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.widgets import format as fmt
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Label, Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.views import InterviewRow, TodayView
    from caseload.tui.context import AppContext


def load_today(ctx: AppContext) -> TodayView:
    from caseload.services import views

    actor = ctx.actor
    return ctx.query(views.today, actor, on=ctx.today, real_today=ctx.real_today)


def record(ctx: AppContext, item: InterviewRow, status: str, body: str) -> bool:
    """Store the status and the note in one transaction; True if the category is to be
    asked for now (the case's first follow-up was held)."""
    from caseload.services import note_flow

    ctx.write(note_flow.record_interview, item.interview_id, status, body=body,
              author=ctx.login, held_at=item.at, actor=ctx.actor)
    return ctx.read(note_flow.asks_category, item.interview_id, actor=ctx.actor)


class TodayScreen(CaseloadScreen):
    NAME_KEY = "app.screen_today"
    BINDINGS = [
        Binding("h", "mark('held')", "today.mark_held"),
        Binding("n", "mark('no_show')", "today.mark_no_show"),
        Binding("c", "mark('cancelled')", "today.mark_cancelled"),
        Binding("r", "reload", "app.refresh", show=False),
        Binding("tab", "app.focus_next", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: TodayView | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("common.loading"), id="counts", classes="counts")
        yield Label(t("today.interviews"), classes="section")
        yield StyledTable(id="interviews")
        yield Label(t("today.due_today"), classes="section")
        yield StyledTable(id="due")
        yield Footer()

    def on_mount(self) -> None:
        width = self.app.size.width
        interviews = self.query_one("#interviews", StyledTable)
        interviews.add_fixed_columns([
            (key, t(f"today.{key}"), w) for key, w in (
                ("col_time", 5), ("col_citizen", None), ("col_cpr", 11), ("col_kind", 11),
                ("col_mode", 11), ("col_week", 3), ("col_status", 9))], width)
        due = self.query_one("#due", StyledTable)
        due.add_fixed_columns([(key, t(f"today.{key}"), w) for key, w in (
            ("col_citizen", None), ("col_cpr", 11), ("col_obligation", 24))], width)
        interviews.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.background(load_today, self.show)

    def show(self, view: TodayView) -> None:
        self.view = view
        self.query_one("#counts", Static).update(
            t("today.counts", booked=view.booked, held=view.held, overdue=view.overdue))
        table = self.query_one("#interviews", StyledTable)
        cursor = table.cursor_row
        table.clear()
        for item in view.interviews:
            table.add_row(
                fmt.clock(item.at), item.citizen, item.cpr, fmt.kind_short(item.kind),
                fmt.mode(item.mode), str(item.week),
                table.styled(fmt.status(item.status), f"status--{item.status}"),
                key=str(item.interview_id))
        if not view.interviews:
            table.add_row("", t("today.no_interviews"))
        table.move_cursor(row=min(cursor, max(table.row_count - 1, 0)))
        due = self.query_one("#due", StyledTable)
        due.clear()
        for d in view.due_today:
            due.add_row(d.citizen, d.cpr, fmt.obligation(d.obligation), key=str(d.obligation_id))
        if not view.due_today:
            due.add_row(t("today.no_due"))
        self.loaded = True
        self.first_paint()

    def selected(self) -> InterviewRow | None:
        key = self.query_one("#interviews", StyledTable).selected_key()
        if self.view is None or key is None:
            return None
        return next((i for i in self.view.interviews if str(i.interview_id) == key), None)

    def action_mark(self, status: str) -> None:
        item = self.selected()
        if item is None:
            return
        if item.status != "booked":
            self.notify(t("today.not_booked", status=fmt.status(item.status)),
                        severity="warning")
            return
        self.write_note(item, status)

    def write_note(self, item: InterviewRow, status: str, text: str | None = None) -> None:
        from caseload.screens.note_editor import NoteEditor
        from caseload.services import note_flow, notes

        title = t("note_flow.title_status", citizen=item.citizen, kind=fmt.kind(item.kind),
                  status=fmt.status(status))
        key = note_flow.interview_draft_key(self.ctx.db_id, item.case_id, item.interview_id, status)

        def save(body: str | None) -> None:
            if body is not None:
                self.save_note(item, status, body)
            else:
                self.notify(t("note_flow.not_saved"), severity="warning")

        template = text if text is not None else notes.note_template(item.kind, status)
        self.app.push_screen(NoteEditor(title, template, draft_key=key,
                                        prefer_text=text is not None), save)

    def save_note(self, item: InterviewRow, status: str, body: str) -> None:
        def saved(ask_category: bool) -> None:
            self.notify(t("note_flow.saved_status", citizen=item.citizen,
                          status=fmt.status(status)))
            self.action_reload()
            if ask_category:
                self.ask_category(item.case_id)

        def failed(message: str) -> None:  # never lose what was typed: reopen the editor
            self.notify(t("common.error", message=message), severity="error", timeout=10)
            self.write_note(item, status, body)

        self.background(lambda ctx: record(ctx, item, status, body), saved, group="write",
                        exclusive=False, on_error=failed)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.view is None or event.row_key.value is None:
            return
        key = event.row_key.value
        if event.data_table.id == "interviews":
            found = [i.case_id for i in self.view.interviews if str(i.interview_id) == key]
        else:
            found = [d.case_id for d in self.view.due_today if str(d.obligation_id) == key]
        if found:
            self.open_citizen(found[0])
