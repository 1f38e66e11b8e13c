"""Modals that correct or end something on the record, each kept as an event with who, when
and why: an interview's status corrected, the case reopened (team leads), the participation
ended (status and outcome); and the purpose asked before a CPR number is shown whole."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from caseload.i18n import t
from caseload.screens.case_actions import CaseDialog
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView, TimelineEntry
    from caseload.tui.context import AppContext

PURPOSES = ("letter", "other_authority", "identify", "journal", "other")


class CorrectionDialog(CaseDialog):
    """Correct the status recorded for one interview (its row on the timeline)."""

    NAME_KEY = "correction.title_short"
    TITLE_KEY = "correction.title"

    def __init__(self, view: CitizenView, entry: TimelineEntry) -> None:
        super().__init__(view)
        self.entry = entry

    def fields(self) -> ComposeResult:
        from caseload.services.interviews import CORRECTABLE

        e = self.entry
        yield Label(t("correction.new_status"))
        options = [(fmt.status(s), s) for s in CORRECTABLE if s != e.status]
        yield Select(options, value=options[0][1], allow_blank=False, id="correct-status")
        yield Label(t("correction.reason"))
        yield Input("", id="correct-reason")

    def on_mount(self) -> None:
        e = self.entry
        self.query_one("#case-error", Label).update(t(
            "correction.interview", kind=fmt.kind(e.code), at=fmt.when(e.at),
            status=fmt.status(e.status)))

    def request(self) -> Any:
        status = self.value("#correct-status")
        reason = self.query_one("#correct-reason", Input).value.strip()
        if not reason:
            raise ValueError(t("correction.needs_reason"))
        interview_id = self.entry.interview_id

        def job(ctx: AppContext) -> None:
            from caseload.services import interviews

            ctx.write(interviews.correct_status, interview_id, status, reason=reason,
                      actor=ctx.actor)

        return job


class ReopenDialog(CaseDialog):
    NAME_KEY = "case_reopen.title_short"
    TITLE_KEY = "case_reopen.title"

    def fields(self) -> ComposeResult:
        yield Label(t("case_reopen.reason"))
        yield Input("", id="reopen-reason")

    def request(self) -> Any:
        reason = self.query_one("#reopen-reason", Input).value.strip()
        if not reason:
            raise ValueError(t("case_reopen.needs_reason"))
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import cases

            ctx.write(cases.reopen_case, case_id, reason=reason, actor=ctx.actor)

        return job


class ParticipationDialog(CaseDialog):
    NAME_KEY = "participation.title_short"
    TITLE_KEY = "participation.title"

    def __init__(self, view: CitizenView, today: date) -> None:
        super().__init__(view)
        self.today = today

    def fields(self) -> ComposeResult:
        from caseload.services.cases import PARTICIPATION_STATUSES

        yield Label(t("participation.status"))
        yield Select([(t(f"participation.{s}"), s) for s in PARTICIPATION_STATUSES],
                     value=PARTICIPATION_STATUSES[0], allow_blank=False,
                     id="participation-status")
        yield Label(t("participation.outcome"))
        yield Input("", id="participation-outcome")
        yield Label(t("participation.day"))
        yield Input(fmt.day(self.today), id="participation-day", max_length=10)

    def request(self) -> Any:
        status = self.value("#participation-status")
        outcome = self.query_one("#participation-outcome", Input).value.strip()
        day = self.read_day("#participation-day")
        if not outcome:
            raise ValueError(t("participation.needs_outcome"))
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import cases

            ctx.write(cases.end_participation, case_id, on=day, outcome=outcome,
                      status=status, actor=ctx.actor)

        return job


class PurposeDialog(ModalScreen[str | None]):
    """Why the whole CPR number is needed: one of a short list, or free text. Dismisses
    with the purpose to log (None: Esc)."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", "case.confirm", priority=True),
        Binding("escape", "cancel", "common.cancel", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog case-dialog"):
            yield Label(t("cpr_purpose.title"), classes="dialog-title")
            with Grid(classes="case-grid"):
                yield Label(t("cpr_purpose.purpose"))
                yield Select([(t(f"cpr_purpose.{p}"), p) for p in PURPOSES],
                             value=PURPOSES[0], allow_blank=False, id="purpose")
                yield Label(t("cpr_purpose.text"))
                yield Input("", id="purpose-text")
            yield Label("", id="case-error", classes="dialog-error")
            yield Label(t("cpr_purpose.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        choice = str(self.query_one("#purpose", Select).value)
        text = self.query_one("#purpose-text", Input).value.strip()
        if choice == "other" and not text:
            self.query_one("#case-error", Label).update(t("cpr_purpose.needs_text"))
            return
        self.dismiss(f"{choice}: {text}" if text else choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
