"""The offer picker, a modal over the citizen screen: search the catalogue, filter it by kind,
target group, provider and intake, see each offer's hours a week and next start against the
citizen's current weekly hours, and refer: start day, hours a week, justification and purpose.
Refusals are shown in the form, which keeps what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, DataTable, Input, Select

from caseload.catalogue import KINDS
from caseload.i18n import t
from caseload.safety.text import literal
from caseload.screens.base import CaseloadScreen
from caseload.screens.citizen_facts import hours_line, set_columns
from caseload.screens.plan_editor import hours_text, parse_hours, typed_day
from caseload.services.offer_search import OfferFilter, OfferItem, filter_offers, next_start
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label, Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView
    from caseload.tui.context import AppContext

ALL = ""
INTAKE = {"continuous": True, "teams": False}


def load_offers(ctx: AppContext) -> list[OfferItem]:
    from caseload.services.offer_search import list_offers

    return ctx.read(list_offers)


class OfferPicker(CaseloadScreen, ModalScreen[str | None]):
    """Dismisses with the chosen offer's name once the referral is stored, else None."""

    CSS_PATH = "citizen.tcss"
    NAME_KEY = "offers.title_short"
    BINDINGS = [
        Binding("escape", "back", "common.back", priority=True),
        Binding("ctrl+s", "refer", "offers.refer", priority=True),
        Binding("slash", "focus_search", "offers.search"),
    ]

    def __init__(self, view: CitizenView) -> None:
        super().__init__()
        self.view = view
        self.offers: list[OfferItem] = []
        self.shown: list[OfferItem] = []
        self.chosen: OfferItem | None = None
        self.loaded = False
        self.busy = False
        self.wide = False

    def compose(self) -> ComposeResult:
        with Vertical(id="offer-dialog", classes="dialog"):
            yield Label(t("offers.title", citizen=self.view.name), classes="dialog-title")
            yield Label(self.hours_text(), id="offer-hours", classes=self.hours_class())
            with ContentSwitcher(initial="offer-list", id="offer-switcher"):
                with Vertical(id="offer-list"):
                    yield Input(placeholder=t("offers.search_hint"), compact=True,
                                id="offer-search")
                    with Horizontal(id="offer-filters"):
                        yield Select([(t("offers.kind_all"), ALL)], value=ALL, compact=True,
                                     allow_blank=False, id="offer-kind")
                        yield Select([(t("offers.target_all"), ALL)], value=ALL, compact=True,
                                     allow_blank=False, id="offer-target")
                        yield Select([(t("offers.provider_all"), ALL)], value=ALL,
                                     compact=True, allow_blank=False, id="offer-provider")
                        yield Select([(t("offers.intake_all"), ALL)] + [
                            (t(f"offers.intake_{k}"), k) for k in INTAKE], value=ALL,
                            compact=True, allow_blank=False, id="offer-intake")
                    yield StyledTable(id="offer-table")
                    yield Static("", id="offer-description")
                    yield Label(t("offers.list_hint"), classes="dialog-hint")
                with Vertical(id="offer-form"):
                    yield Label("", id="offer-chosen", classes="plan-heading")
                    with Grid(id="offer-grid"):
                        yield Label(t("offers.start"))
                        yield Input("", id="refer-start", max_length=10, compact=True)
                        yield Label(t("offers.hours"))
                        yield Input("", id="refer-hours", max_length=5, compact=True)
                        yield Label(t("offers.justification"))
                        yield Input("", id="refer-justification", compact=True,
                                    placeholder=t("offers.justification_hint"))
                        yield Label(t("offers.purpose"))
                        yield Input("", id="refer-purpose", compact=True,
                                    placeholder=t("offers.purpose_hint"))
                    yield Label("", id="refer-error", classes="dialog-error")
                    yield Label(t("offers.form_hint"), classes="dialog-hint")

    def hours_text(self) -> str:
        return f"{t('citizen.fact_hours')}: {hours_line(self.view)}"

    def hours_class(self) -> str:
        v = self.view
        if v.required_hours is None:
            return "offer-hours"
        return "offer-hours " + ("hours-ok" if v.weekly_hours >= v.required_hours
                                 else "hours-short")

    def on_mount(self) -> None:
        table = self.query_one("#offer-table", StyledTable)
        width = min(self.app.size.width, 140) - 8
        self.wide = width >= 100  # room for the provider's column
        columns = [(t("offers.col_name"), None), (t("offers.col_kind"), 12),
                   (t("offers.col_hours"), 5), (t("offers.col_start"), 8)]
        set_columns(table, columns + ([(t("offers.col_provider"), 30)] if self.wide else []),
                    width)
        table.focus()
        self.background(load_offers, self.show_offers)

    # -- the list --------------------------------------------------------------------------

    def show_offers(self, offers: list[OfferItem]) -> None:
        self.offers = offers
        for name, values in (
                ("kind", [(t(f"offer_kind.{k}"), k) for k in KINDS]),
                ("target", [(literal(g), g) for g in sorted({o.target_group for o in offers})]),
                ("provider", [(literal(p), p) for p in sorted({o.provider for o in offers})])):
            select = self.query_one(f"#offer-{name}", Select)
            select.set_options([(t(f"offers.{name}_all"), ALL), *values])
            select.value = ALL
        self.refilter()
        self.loaded = True

    def current_filter(self) -> OfferFilter:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) and value else None

        intake = chosen("#offer-intake")
        return OfferFilter(text=self.query_one("#offer-search", Input).value,
                           kind=chosen("#offer-kind"), target_group=chosen("#offer-target"),
                           provider=chosen("#offer-provider"),
                           continuous=INTAKE[intake] if intake else None)

    def refilter(self) -> None:
        self.shown = filter_offers(self.offers, self.current_filter())
        table = self.query_one("#offer-table", StyledTable)
        table.clear()
        today = self.ctx.today
        for o in self.shown:
            start = t("offers.continuous") if o.continuous_intake else (
                fmt.mid_day(next_start(o, today)))
            cells = [o.name, t(f"offer_kind.{o.kind}"), hours_text(o.hours_per_week), start]
            table.add_row(*cells, *([o.provider] if self.wide else []), key=str(o.offer_id))
        if not self.shown:
            table.add_row(t("offers.nothing"))
        self.describe()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "offer-search":
            self.refilter()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("offer-") and self.loaded:
            self.refilter()

    def highlighted(self) -> OfferItem | None:
        key = self.query_one("#offer-table", StyledTable).selected_key()
        return next((o for o in self.shown if str(o.offer_id) == key), None)

    def describe(self) -> None:
        o = self.highlighted()
        text = "" if o is None else t(
            "offers.describe", provider=o.provider, target=o.target_group,
            weeks=o.length_weeks or "–", description=o.description)
        self.query_one("#offer-description", Static).update(text)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        offer = next((o for o in self.shown if str(o.offer_id) == event.row_key.value), None)
        if offer is not None:
            self.choose(offer)

    # -- the referral form -----------------------------------------------------------------

    def choose(self, offer: OfferItem) -> None:
        """Open the form for ``offer``; justification and purpose typed before are kept."""
        self.chosen = offer
        self.query_one("#offer-chosen", Label).update(t(
            "offers.chosen", name=offer.name, hours=hours_text(offer.hours_per_week),
            provider=offer.provider))
        self.query_one("#refer-start", Input).value = next_start(offer, self.ctx.today).isoformat()
        self.query_one("#refer-hours", Input).value = hours_text(offer.hours_per_week)
        self.query_one("#refer-error", Label).update("")
        self.query_one(ContentSwitcher).current = "offer-form"
        self.query_one("#refer-justification", Input).focus()

    def action_focus_search(self) -> None:
        if self.chosen is None:
            self.query_one("#offer-search", Input).focus()

    def action_back(self) -> None:
        if self.chosen is None:
            self.dismiss(None)
            return
        self.chosen = None
        self.query_one(ContentSwitcher).current = "offer-list"
        self.query_one("#offer-table", StyledTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "offer-search":
            self.query_one("#offer-table", StyledTable).focus()
        elif self.chosen is not None:
            self.action_refer()

    def form_error(self, message: str) -> None:
        self.busy = False
        self.query_one("#refer-error", Label).update(message)

    def action_refer(self) -> None:
        offer = self.chosen
        if offer is None or self.busy:
            return
        value = {name: self.query_one(f"#refer-{name}", Input).value
                 for name in ("start", "hours", "justification", "purpose")}
        try:
            start = typed_day(value["start"], self.ctx.today)
        except ValueError:
            start = None
        if start is None:
            self.form_error(t("offers.bad_start", text=value["start"]))
            return
        try:
            hours = parse_hours(value["hours"])
        except ValueError:
            self.form_error(t("offers.bad_hours", text=value["hours"]))
            return
        if not value["justification"].strip() or not value["purpose"].strip():
            self.form_error(t("offers.needs_reasons"))
            return
        self.busy = True
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import referrals

            ctx.write(referrals.refer, case_id, offer_id=offer.offer_id, start=start,
                      hours_per_week=hours, justification=value["justification"],
                      purpose=value["purpose"], by=ctx.login, actor=ctx.actor)

        self.background(job, lambda _: self.dismiss(offer.name), group="write",
                        on_error=self.form_error)

