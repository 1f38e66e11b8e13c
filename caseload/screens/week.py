"""The week (key ``5``): one caseworker's Monday to Friday, the booked and held interviews
in time order and the free periods between them. ``←``/``→`` go a week back or on; a team
lead steps through the caseworkers with ``Tab``. ``Enter`` on an interview opens the
citizen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header

from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.widgets import format as fmt
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.calendar import Week
    from caseload.tui.context import AppContext

COLUMNS = (("col_day", 12), ("col_time", 11), ("col_what", None), ("col_kind", 16))


def load_week(ctx: AppContext, caseworker_id: int | None,
              day: date) -> tuple[Week, list[tuple[int, str]]]:
    """The week of ``caseworker_id`` (None: the one the app shows, else the actor), and
    whose weeks the actor may step through."""
    from caseload.services import calendar

    actor = ctx.actor
    who = caseworker_id or ctx.scope or actor.caseworker_id
    return (ctx.read(calendar.week, who, day, actor=actor),
            ctx.read(calendar.caseworkers, actor=actor))


class WeekScreen(CaseloadScreen):
    NAME_KEY = "calendar.week_open"
    BINDINGS = [
        Binding("left", "shift(-7)", "calendar.prev_week", priority=True),
        Binding("right", "shift(7)", "calendar.next_week", priority=True),
        Binding("home", "this_week", "calendar.this_week", show=False),
        Binding("tab", "next_worker", "calendar.next_worker"),
        Binding("r", "reload", "app.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.caseworker_id: int | None = None
        self.team: list[tuple[int, str]] = []
        self.rows: dict[str, int] = {}  # row key -> case id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("common.loading"), id="week-title", classes="counts")
        yield StyledTable(id="week")
        yield Static(t("calendar.week_hint"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(StyledTable)
        table.add_fixed_columns([(key, t(f"calendar.{key}"), w) for key, w in COLUMNS],
                                self.app.size.width)
        table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        day = self.day or self.ctx.today
        who = self.caseworker_id
        self.background(lambda ctx: load_week(ctx, who, day), self.show)

    def action_shift(self, days: int) -> None:
        self.day = (self.day or self.ctx.today) + timedelta(days=days)
        self.action_reload()

    def action_this_week(self) -> None:
        self.day = self.ctx.today
        self.action_reload()

    def action_next_worker(self) -> None:
        if len(self.team) < 2:
            return
        ids = [w for w, _ in self.team]
        at = ids.index(self.caseworker_id) if self.caseworker_id in ids else -1
        self.caseworker_id = ids[(at + 1) % len(ids)]
        self.action_reload()

    def show(self, found: tuple[Week, list[tuple[int, str]]]) -> None:
        week, self.team = found
        self.caseworker_id = week.caseworker_id
        monday = week.days[0].day
        self.query_one("#week-title", Static).update(
            t("calendar.week_title", week=monday.isocalendar().week, name=week.caseworker)
            + f"  ·  {fmt.day(monday)} – {fmt.day(week.days[-1].day)}")
        table = self.query_one(StyledTable)
        table.clear()
        self.rows = {}
        for current in week.days:
            label = f"{fmt.weekday(current.day)} {fmt.short_day(current.day)}"
            if not current.working:
                table.add_row(label, "", t("calendar.not_working"), "")
                continue
            items = [(e.start, e) for e in current.entries] + [(g.start, g)
                                                               for g in current.free]
            if not items:
                table.add_row(label, "", t("calendar.nothing_free"), "")
            for n, (_, item) in enumerate(sorted(items, key=lambda pair: pair[0])):
                head = label if n == 0 else ""
                span = f"{fmt.clock(item.start)}–{fmt.clock(item.end)}"
                if hasattr(item, "interview_id"):
                    key = f"i{item.interview_id}"
                    self.rows[key] = item.case_id
                    table.add_row(head, span, item.citizen, table.styled(
                        fmt.kind_short(item.kind), f"status--{item.status}"), key=key)
                else:
                    table.add_row(head, span, table.styled(t("calendar.free_row"),
                                                           "status--held"), "")
        self.first_paint()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        case_id = self.rows.get(event.row_key.value or "")
        if case_id is not None:
            self.open_citizen(case_id)
