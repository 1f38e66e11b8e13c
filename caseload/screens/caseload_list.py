"""Caseload: all my open cases sorted by next due, incremental search by name or CPR,
filters by category, group and obligation.

Rows arrive a page at a time (``views.PAGE``): a DataTable measures every cell it holds, so
a team of 5,000 cases is shown as the first page at once and the next pages as the cursor
nears the end of what is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input

from caseload.domain.model import Group, ObligationKind
from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.widgets import format as fmt
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.views import CaseFilter, CasePage, CaseRow
    from caseload.tui.context import AppContext

CATEGORIES: tuple[int | None, ...] = (None, 0, 1, 2, 3)  # 0: not yet triaged
GROUPS: tuple[str | None, ...] = (None, *(g.value for g in Group))
OBLIGATIONS: tuple[str | None, ...] = (None, *(k.value for k in ObligationKind))
COLUMNS = (("col_next_due", 8), ("col_citizen", None), ("col_cpr", 11), ("col_week", 3),
           ("col_category", 4), ("col_group", 7), ("col_obligation", 13))
SEARCH_DELAY = 0.15
PREFETCH = 20  # load the next page when the cursor is this close to the last loaded row


def load_page(ctx: AppContext, flt: CaseFilter, offset: int) -> CasePage:
    from caseload.services import views

    actor = ctx.actor
    return ctx.query(views.caseload, actor, on=ctx.today, flt=flt, offset=offset)


def _next(values: tuple, current: object) -> object:
    return values[(values.index(current) + 1) % len(values)]


class CaseloadListScreen(CaseloadScreen):
    NAME_KEY = "app.screen_caseload"
    BINDINGS = [
        Binding("slash", "focus_search", "caseload.focus_search"),
        Binding("k", "cycle('category')", "caseload.filter_category"),
        Binding("g", "cycle('group')", "caseload.filter_group"),
        Binding("o", "cycle('obligation')", "caseload.filter_obligation"),
        Binding("x", "clear", "caseload.clear", show=False),
        Binding("r", "reload", "app.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseRow] = []
        self.total = 0
        self.category: int | None = None
        self.group: str | None = None
        self.obligation: str | None = None
        self.generation = 0
        self.loading_more = False
        self.loaded = False
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("caseload.search"), id="search")
        yield Static(t("common.loading"), id="counts", classes="counts")
        yield StyledTable(id="cases")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(StyledTable)
        mid = len(fmt.mid_day(fmt.WIDEST_DAY))
        table.add_fixed_columns([(key, t(f"caseload.{key}"), mid if key == "col_next_due" else w)
                                 for key, w in COLUMNS], self.app.size.width)
        table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    # -- loading ---------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        from caseload.services.views import CaseFilter

        return CaseFilter(search=self.query_one("#search", Input).value,
                          category=self.category, group=self.group, obligation=self.obligation)

    def action_reload(self) -> None:
        self.generation += 1
        generation, flt = self.generation, self.current_filter()
        self.background(lambda ctx: load_page(ctx, flt, 0),
                        lambda page: self.show(page, generation))

    def show(self, page: CasePage, generation: int) -> None:
        if generation != self.generation:  # a newer search is on its way
            return
        self.rows, self.total = list(page.rows), page.total
        table = self.query_one(StyledTable)
        cursor = table.cursor_row
        table.clear()
        self.add_rows(table, page.rows)
        table.move_cursor(row=min(cursor, max(table.row_count - 1, 0)))
        self.update_counts()
        self.loaded = True
        self.first_paint()

    def add_rows(self, table: StyledTable, rows: list[CaseRow]) -> None:
        today = self.ctx.today
        for row in rows:
            due = fmt.mid_day(row.next_due)
            if row.next_due is not None:
                band = "overdue" if row.next_due < today else (
                    "due_today" if row.next_due == today else "later")
                due = table.styled(due, f"band--{band}")
            table.add_row(due, row.citizen, row.cpr, str(row.week), fmt.category(row.category),
                          fmt.group_short(row.group), fmt.obligation_short(row.next_kind),
                          key=str(row.case_id))

    def update_counts(self) -> None:
        parts = [t("caseload.count", shown=len(self.rows), total=self.total)]
        if self.category is not None:
            parts.append(t("category.none") if self.category == 0
                         else t("category.value", n=self.category))
        if self.group:
            parts.append(fmt.group(self.group))
        if self.obligation:
            parts.append(fmt.obligation(self.obligation))
        self.query_one("#counts", Static).update("  ·  ".join(parts))

    def load_more(self) -> None:
        if self.loading_more or len(self.rows) >= self.total:
            return
        self.loading_more = True
        generation, flt, offset = self.generation, self.current_filter(), len(self.rows)

        def then(page: CasePage) -> None:
            self.loading_more = False
            if generation != self.generation:
                return
            self.rows.extend(page.rows)
            self.add_rows(self.query_one(StyledTable), page.rows)
            self.update_counts()

        self.background(lambda ctx: load_page(ctx, flt, offset), then, group="more")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - PREFETCH:
            self.load_more()

    # -- search and filters ----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.action_reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(StyledTable).focus()

    def on_key(self, event) -> None:  # noqa: ANN001
        search = self.query_one("#search", Input)
        if search.has_focus and event.key in ("down", "escape"):
            event.stop()
            self.query_one(StyledTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_cycle(self, which: str) -> None:
        if which == "category":
            self.category = _next(CATEGORIES, self.category)
        elif which == "group":
            self.group = _next(GROUPS, self.group)
        else:
            self.obligation = _next(OBLIGATIONS, self.obligation)
        self.action_reload()

    def action_clear(self) -> None:
        self.category = self.group = self.obligation = None
        self.query_one("#search", Input).value = ""
        self.action_reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_citizen(int(event.row_key.value))
