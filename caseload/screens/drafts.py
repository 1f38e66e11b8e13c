"""Kladder: every draft on disk (notes and follow-up plans), to resume or discard.

A note's draft reopens in the note editor and is saved through the use case it was begun
for (an interview's status and note together, an addendum, a note without an interview); a
plan's draft opens the citizen screen, which restores it. Nothing is lost by accident:
discarding asks for a second press. Reached with Ctrl+K from every screen and the palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
    from caseload.tui.context import AppContext


@dataclass(frozen=True, slots=True)
class Draft:
    """One draft as the screen lists it."""

    key: str
    case_id: int
    citizen: str  # "" when the case is not in this database (or not visible)
    what: str
    saved: datetime
    kind: str  # interview | addendum | free | note | plan
    interview_id: int | None = None
    status: str | None = None  # the status the interview is to be recorded with
    interview_status: str | None = None  # the interview's status now
    interview_kind: str | None = None
    addendum_to: int | None = None
    note_kind: str | None = None


def load_drafts(ctx: AppContext) -> list[Draft]:
    """This database's drafts on disk (keyed by its identity), newest first, with the
    citizens they are about."""
    from caseload.notes import drafts
    from caseload.screens.plan_draft import plan_draft_key
    from caseload.services import note_flow

    plan_prefix = plan_draft_key(ctx.db_id, 0)[:-1]
    found: list[tuple[str, dict[str, Any]]] = []
    for key in drafts.list_drafts():
        if key.startswith(plan_prefix) and key[len(plan_prefix):].isdigit():
            found.append((key, {"case": int(key[len(plan_prefix):]), "plan": True}))
            continue
        parts = drafts.parse_key(key)
        if parts is not None and parts["db"] == ctx.db_id:  # this database's drafts only
            found.append((key, parts))
    case_ids = sorted({int(p["case"]) for _, p in found})
    interview_ids = sorted({int(p["interview"]) for _, p in found if p.get("interview")})
    cases, interviews = ctx.read(note_flow.draft_subjects, case_ids, interview_ids,
                                 actor=ctx.actor)
    listed = []
    for key, parts in found:
        case = cases.get(int(parts["case"]))
        if case is None:
            continue  # another database's, or a case this caseworker may not see
        interview = interviews.get(parts.get("interview") or -1)
        listed.append(_draft(key, parts, case.citizen, interview, drafts.saved_at(key)))
    return sorted(listed, key=lambda d: d.saved, reverse=True)


def _draft(key: str, parts: dict[str, Any], citizen: str, interview: Any,
           saved: datetime) -> Draft:
    case_id = int(parts["case"])
    if parts.get("plan"):
        return Draft(key, case_id, citizen, t("drafts.plan"), saved, "plan")
    if parts.get("addendum"):
        return Draft(key, case_id, citizen, t("drafts.addendum", note=parts["addendum"]),
                     saved, "addendum", addendum_to=parts["addendum"])
    if parts.get("kind"):
        return Draft(key, case_id, citizen, t(f"note_kind.{parts['kind']}"), saved, "free",
                     note_kind=parts["kind"])
    if interview is not None:
        status = parts.get("status")
        what = t("drafts.interview", kind=fmt.kind(interview.kind),
                 status=fmt.status(status or interview.status))
        return Draft(key, case_id, citizen, f"{what} {fmt.mid_day(interview.at)}", saved,
                     "interview" if status else "note", interview_id=interview.interview_id,
                     status=status, interview_status=interview.status,
                     interview_kind=interview.kind)
    return Draft(key, case_id, citizen, t("drafts.note"), saved, "note")


def store_draft(ctx: AppContext, draft: Draft, body: str) -> bool:
    """Save the draft's note through the use case it was begun for; True if the category is
    to be asked for now (the case's first follow-up was held)."""
    from caseload.services import note_flow, notes

    if draft.kind == "interview" and draft.interview_status == "booked":
        ctx.write(note_flow.record_interview, draft.interview_id, draft.status, body=body,
                  author=ctx.login, actor=ctx.actor)
        return ctx.read(note_flow.asks_category, draft.interview_id, actor=ctx.actor)
    if draft.kind == "addendum":
        ctx.write(notes.add_addendum, note_id=draft.addendum_to, body=body, author=ctx.login,
                  actor=ctx.actor)
    elif draft.kind == "free":
        ctx.write(note_flow.write_free_note, draft.case_id, draft.note_kind, body=body,
                  author=ctx.login, actor=ctx.actor)
    else:  # a note on an interview already recorded, or on the case
        template = (draft.interview_kind if draft.status in (None, "held")
                    else draft.status)
        ctx.write(notes.write_note, case_id=draft.case_id, interview_id=draft.interview_id,
                  body=body, author=ctx.login, template=template, draft=draft.key,
                  actor=ctx.actor)
    return False


class DraftsScreen(CaseloadScreen):
    NAME_KEY = "drafts.title"
    BINDINGS = [
        Binding("escape", "back", "common.back"),
        Binding("enter", "resume", "drafts.resume", show=False),
        Binding("delete", "discard", "drafts.discard"),
        Binding("r", "reload", "app.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Draft] = []
        self._armed: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("drafts.hint"), id="drafts-hint", classes="counts")
        yield Label(t("drafts.title"), classes="section")
        yield StyledTable(id="drafts-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#drafts-table", StyledTable)
        table.add_fixed_columns([("saved", t("drafts.col_saved"), 11),
                                 ("citizen", t("drafts.col_citizen"), None),
                                 ("what", t("drafts.col_what"), 34)], self.app.size.width)
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.background(load_drafts, self.show)

    def show(self, found: list[Draft]) -> None:
        self.drafts = found
        table = self.query_one("#drafts-table", StyledTable)
        table.clear()
        for d in found:
            table.add_row(d.saved.strftime(t("drafts.saved_format")), d.citizen, d.what,
                          key=d.key)
        if not found:
            table.add_row("", t("drafts.none"))

    def selected(self) -> Draft | None:
        key = self.query_one("#drafts-table", StyledTable).selected_key()
        return next((d for d in self.drafts if d.key == key), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_resume()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_discard(self) -> None:
        from caseload.notes import drafts

        draft = self.selected()
        if draft is None:
            return
        if self._armed != draft.key:
            self._armed = draft.key
            self.notify(t("drafts.discard_again"), severity="warning")
            return
        self._armed = None
        drafts.discard_draft(draft.key)
        self.notify(t("drafts.discarded"))
        self.action_reload()

    def action_resume(self) -> None:
        draft = self.selected()
        if draft is None:
            return
        self._armed = None
        if draft.kind == "plan":
            self.open_citizen(draft.case_id)
            return
        self.edit(draft)

    def edit(self, draft: Draft, text: str | None = None) -> None:
        from caseload.screens.note_editor import NoteEditor

        title = t("note_flow.free_title", citizen=draft.citizen, kind=draft.what)

        def save(body: str | None) -> None:
            if body is None:
                self.action_reload()
                return

            def failed(message: str) -> None:  # what was typed comes back
                self.notify(t("common.error", message=message), severity="error", timeout=10)
                self.edit(draft, body)

            def saved(ask_category: bool) -> None:
                self.notify(t("note.saved"))
                self.action_reload()
                if ask_category:
                    self.ask_category(draft.case_id)

            self.background(lambda ctx: store_draft(ctx, draft, body), saved, group="write",
                            exclusive=False, on_error=failed)

        self.app.push_screen(NoteEditor(title, text or "", draft_key=draft.key,
                                        prefer_text=text is not None), save)
