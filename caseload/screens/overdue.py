"""Overdue: every open obligation of my cases that is overdue, due today or due within 7
days, most overdue first, coloured by band; filter by obligation; book from a row."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header

from caseload.domain.model import ObligationKind
from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.screens.booking import Booking
from caseload.widgets import format as fmt
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.views import DueRow
    from caseload.tui.context import AppContext

FILTERS: tuple[str | None, ...] = (None, *(k.value for k in ObligationKind))
COLUMNS = (("col_days", 4), ("col_due", 5), ("col_book_by", 5), ("col_citizen", None),
           ("col_cpr", 11), ("col_obligation", 13), ("col_booked", 11))


def load_overdue(ctx: AppContext, kind: str | None) -> list[DueRow]:
    from caseload.services import views

    actor = ctx.actor
    return ctx.query(views.overdue, actor, on=ctx.today, soon_days=views.SOON_DAYS,
                     kind=kind, booked=True, real_today=ctx.real_today).rows


def suggest(item: DueRow, today) -> Booking:  # noqa: ANN001
    from caseload.services.views import booking_suggestion

    s = booking_suggestion(item, today=today)
    return Booking(kind=s.kind, mode=s.mode, day=s.day, at=s.at)


class OverdueScreen(CaseloadScreen):
    NAME_KEY = "app.screen_overdue"
    BINDINGS = [
        Binding("b", "book(False)", "overdue.book_suggested"),
        Binding("v", "book(True)", "overdue.book_choose"),
        Binding("f", "cycle_filter", "overdue.filter_obligation"),
        Binding("r", "reload", "app.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DueRow] = []
        self.kind: str | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("common.loading"), id="counts", classes="counts")
        yield StyledTable(id="overdue")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(StyledTable)
        short = len(fmt.short_day(fmt.WIDEST_DAY))  # "04.11" / "04 Nov"
        booked = len(fmt.when(datetime.combine(fmt.WIDEST_DAY, time(23, 59))))  # whole
        widths = {"col_due": short, "col_book_by": short, "col_booked": booked}
        table.add_fixed_columns([(key, t(f"overdue.{key}"), widths.get(key, w))
                                 for key, w in COLUMNS], self.app.size.width)
        table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        kind = self.kind
        self.background(lambda ctx: load_overdue(ctx, kind), self.show)

    def show(self, items: list[DueRow]) -> None:
        self.items = items
        counts = {b: sum(1 for i in items if i.band == b) for b in ("overdue", "due_today",
                                                                   "due_soon")}
        text = t("overdue.counts", overdue=counts["overdue"], today=counts["due_today"],
                 soon=counts["due_soon"])
        if self.kind:
            text += "  ·  " + t("overdue.filter_now", name=fmt.obligation(self.kind))
        self.query_one("#counts", Static).update(text)
        table = self.query_one(StyledTable)
        cursor = table.cursor_row
        table.clear()
        for item in items:
            table.add_row(*self.cells(table, item), key=str(item.obligation_id))
        if not items:
            table.add_row("", "", "", t("overdue.nothing"))
        table.move_cursor(row=min(cursor, max(table.row_count - 1, 0)))
        self.loaded = True
        self.first_paint()

    def cells(self, table: StyledTable, item: DueRow) -> list:
        late = (self.ctx.today - item.due).days
        return [
            table.styled(str(late), f"band--{item.band}"),
            table.styled(fmt.short_day(item.due), f"band--{item.band}"),
            fmt.short_day(item.book_by), item.citizen, item.cpr,
            fmt.obligation_short(item.obligation), fmt.when(item.booked_for),
        ]

    def selected(self) -> DueRow | None:
        key = self.query_one(StyledTable).selected_key()
        return next((i for i in self.items if str(i.obligation_id) == key), None)

    def action_cycle_filter(self) -> None:
        self.kind = FILTERS[(FILTERS.index(self.kind) + 1) % len(FILTERS)]
        self.action_reload()

    def set_filter(self, kind: str | None) -> None:
        self.kind = kind
        self.action_reload()

    def palette_commands(self) -> list[tuple[str, object]]:
        """Each obligation filter as a palette command."""
        return [(t("overdue.filter_now", name=fmt.obligation(k) if k else t("overdue.filter_all")),
                 lambda k=k: self.set_filter(k)) for k in FILTERS]

    def action_book(self, choose: bool) -> None:
        """``b``: book the suggestion; ``v``: choose the day first. The calendar checks
        either (a refusal asks again with the next free slots); the list is read again
        after the booking."""
        from caseload.screens import booking_flow

        item = self.selected()
        if item is None:
            return

        def done(booking: Booking) -> None:
            self.notify(booking_flow.booked_text(booking, item.citizen))
            self.action_reload()

        booking_flow.book(self, item.citizen, item.case_id, suggest(item, self.ctx.today),
                          done=done, ask=choose)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        found = [i.case_id for i in self.items if str(i.obligation_id) == event.row_key.value]
        if found:
            self.open_citizen(found[0])
