"""Small modals over the citizen screen that change the case: the category, the exemption
(with a reason from the domain material and the day it is decided) and closing the case (the
jobcentre's reasons; a team lead can reopen it, see ``case_corrections``). Each one shows
what will happen, stores it on Ctrl+S (closing asks twice) and stays open with the message
and what was typed when the service refuses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from caseload.domain.model import ExemptionReason
from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.screens.plan_editor import typed_day
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView
    from caseload.tui.context import AppContext

LIFT = "lift"


class CaseDialog(CaseloadScreen, ModalScreen[bool]):
    """A modal that stores one change of the case; dismisses True once it is stored."""

    CSS_PATH = "citizen.tcss"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "case.confirm", priority=True),
        Binding("escape", "cancel", "common.cancel", priority=True),
    ]
    TITLE_KEY = ""

    def __init__(self, view: CitizenView) -> None:
        super().__init__()
        self.view = view
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog case-dialog"):
            yield Label(t(self.TITLE_KEY, citizen=self.view.name), classes="dialog-title")
            with Grid(classes="case-grid"):
                yield from self.fields()
            yield Label("", id="case-error", classes="dialog-error")
            yield Label(t("case.hint"), id="case-hint", classes="dialog-hint")

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        fields = self.query("Select, Input")
        if fields:
            fields.first().focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_confirm()

    def error(self, message: str) -> None:
        self.busy = False
        self.query_one("#case-error", Label).update(message)

    def action_confirm(self) -> None:
        if self.busy:
            return
        try:
            job = self.request()
        except ValueError as exc:
            self.error(str(exc))
            return
        if job is None:
            return
        self.busy = True
        self.background(job, lambda _: self.dismiss(True), group="write", on_error=self.error)

    def request(self) -> Any:
        """The job to run (``job(ctx)``), None to wait, or ``ValueError`` with a message."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(False)

    def value(self, selector: str) -> str:
        widget = self.query_one(selector)
        return str(widget.value)

    def read_day(self, selector: str) -> date:
        """The day typed in the input ``selector``; ``ValueError`` with a message if none."""
        text = self.query_one(selector, Input).value
        try:
            day = typed_day(text, self.ctx.today)
        except ValueError:
            day = None
        if day is None:
            raise ValueError(t("case.bad_day", text=text))
        return day


class CategoryDialog(CaseDialog):
    NAME_KEY = "case.category_title_short"
    TITLE_KEY = "case.category_title"

    def fields(self) -> ComposeResult:
        v = self.view
        offered = v.rule_facts.categories if v.rule_facts else (1, 2, 3)
        read = v.rule_facts.read_as if v.rule_facts else None
        current = read or v.category or v.suggested_category or 1
        yield Label(t("case.category"))
        yield Select([(t("category.value", n=n), str(n)) for n in offered],
                     value=str(current if current in offered else offered[0]),
                     allow_blank=False, id="case-category")
        yield Label(t("case.reason_optional"))
        yield Input("", id="case-reason")

    def request(self) -> Any:
        category = int(self.value("#case-category"))
        reason = self.query_one("#case-reason", Input).value.strip() or None
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import cases

            ctx.write(cases.set_category, case_id, category, on=ctx.today, by=ctx.login,
                      reason=reason, actor=ctx.actor)

        return job


class ExemptionDialog(CaseDialog):
    NAME_KEY = "case.exemption_title_short"
    TITLE_KEY = "case.exemption_title"

    def fields(self) -> ComposeResult:
        options = [(t(f"exemption.{r.value}"), r.value) for r in ExemptionReason]
        if self.view.exemption is not None:
            options.append((t("case.lift"), LIFT))
        yield Label(t("case.exemption_reason"))
        yield Select(options, value=self.view.exemption.reason if self.view.exemption
                     else options[0][1], allow_blank=False, id="case-exemption")
        yield Label(t("case.exemption_text"))
        yield Input(self.view.exemption.text or "" if self.view.exemption else "",
                    id="case-text")
        yield Label(t("exemption_day.day"))
        yield Input(fmt.day(self.today), id="case-exemption-day", max_length=10)

    def __init__(self, view: CitizenView, today: date) -> None:
        super().__init__(view)
        self.today = today

    def request(self) -> Any:
        reason = self.value("#case-exemption")
        text = self.query_one("#case-text", Input).value
        day = self.read_day("#case-exemption-day")
        case_id = self.view.case_id
        if reason == ExemptionReason.OTHER.value and not text.strip():
            raise ValueError(t("case.other_needs_text"))

        def job(ctx: AppContext) -> None:
            from caseload.services import cases

            if reason == LIFT:
                ctx.write(cases.lift_exemption, case_id, on=day, actor=ctx.actor)
            else:
                ctx.write(cases.set_exemption, case_id, reason, on=day, text=text,
                          by=ctx.login, actor=ctx.actor)

        return job


class CloseCaseDialog(CaseDialog):
    NAME_KEY = "case.close_title_short"
    TITLE_KEY = "case.close_title"

    def __init__(self, view: CitizenView, today: date) -> None:
        super().__init__(view)
        self.today = today
        self.armed: tuple[str, date, str | None] | None = None

    def fields(self) -> ComposeResult:
        from caseload.services.cases import CLOSE_REASONS

        yield Label(t("case.close_reason"))
        yield Select([(t(f"close_reason.{r}"), r) for r in CLOSE_REASONS],
                     value=CLOSE_REASONS[0], allow_blank=False, id="case-close-reason")
        yield Label(t("case_close.other_text"))
        yield Input("", id="case-close-text")
        yield Label(t("case.close_day"))
        yield Input(fmt.day(self.today), id="case-close-day", max_length=10)

    def request(self) -> Any:
        reason = self.value("#case-close-reason")
        text = self.query_one("#case-close-text", Input).value.strip() or None
        day = self.read_day("#case-close-day")
        if reason == "other" and text is None:
            raise ValueError(t("case_close.other_needs_text"))
        if self.armed != (reason, day, text):  # the first Ctrl+S (or a change) asks again
            self.armed = (reason, day, text)
            self.query_one("#case-hint", Label).update(t(
                "case.close_confirm", citizen=self.view.name, day=fmt.day(day),
                reason=text if reason == "other" else t(f"close_reason.{reason}")))
            self.query_one("#case-error", Label).update("")
            return None
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import cases

            ctx.write(cases.close_case, case_id, on=day, reason=reason, text=text,
                      today=ctx.today, actor=ctx.actor)

        return job

