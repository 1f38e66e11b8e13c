"""Report: the trial's figures (``caseload report``) on a screen, with the survival curves
and a weekly bar of returns to work drawn in the terminal (textual-plotext).

The figures come from ``caseload.services.report.trial_report`` in a worker thread (it loads
lifelines), already under the aggregate-data rule ("<5"). textual-plotext and the service
are imported only when the screen is shown, so the app starts as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header

from caseload.domain.report import GROUPS, HIDDEN
from caseload.i18n import t
from caseload.screens.base import CaseloadScreen
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static

if TYPE_CHECKING:
    from caseload.tui.context import AppContext

BAR_WEEKS = 26  # the weekly bar shows the last half year
COLOURS = {"participant": "blue", "control": "red", "outside": "gray"}


def load_report(ctx: AppContext) -> dict:
    from caseload.services.report import trial_report

    return ctx.read(trial_report, ctx.actor, today=ctx.today).to_json()


def step(curve: list[list[float]]) -> tuple[list[float], list[float]]:
    """A Kaplan–Meier curve as the points of its steps (for a line plot)."""
    xs: list[float] = []
    ys: list[float] = []
    for x, y in curve:
        if ys:
            xs.append(x)
            ys.append(ys[-1])
        xs.append(x)
        ys.append(y)
    return xs, ys


class ReportScreen(CaseloadScreen):
    NAME_KEY = "report.screen"
    CSS_PATH = "report.tcss"
    BINDINGS = [Binding("r", "reload", "app.refresh", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        with VerticalScroll(id="report"):
            yield Static(t("report.loading"), id="report-heading")
            yield Static("", id="report-curves-title", classes="section")
            yield PlotextPlot(id="report-curves")
            yield Static("", id="report-bars-title", classes="section")
            yield PlotextPlot(id="report-bars")
            yield Static("", id="report-tables")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#report", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.background(load_report, self.show)

    def show(self, data: dict) -> None:
        from caseload.reporting.rows import heading, log_rank_line

        self.data = data
        from rich.text import Text

        self.query_one("#report-heading", Static).update(Text(
            "\n".join((t("report.title"), heading(data), log_rank_line(data),
                       t("report.suppressed")))))
        self.query_one("#report-curves-title", Static).update(Text(t("report.curves")))
        self.query_one("#report-bars-title", Static).update(
            Text(f"{t('report.bars')} · {t('report.hidden_bar')}"))
        self.draw_curves(data)
        self.draw_bars(data)
        self.query_one("#report-tables", Static).update(self.tables(data))
        self.loaded = True
        self.first_paint()

    def draw_curves(self, data: dict) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#report-curves", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        for group in GROUPS:
            curve = data["groups"][group]["curve"]
            if curve:
                xs, ys = step(curve)
                plt.plot(xs, ys, label=t(f"group_short.{group}"), color=COLOURS[group],
                         marker="braille")
        longest = max((x for g in GROUPS for x, _ in data["groups"][g]["curve"]), default=0)
        plt.xticks(list(range(0, int(longest) + 1, 4 if longest < 30 else 8)))
        plt.ylim(0, 1)
        plt.xlabel(t("report.curves_x"))
        plot.refresh()

    def draw_bars(self, data: dict) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#report-bars", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        weeks = data["weeks"][-BAR_WEEKS:]
        shown = [(i, w["returns"]) for i, w in enumerate(weeks) if w["returns"] != HIDDEN]
        hidden = [i for i, w in enumerate(weeks) if w["returns"] == HIDDEN]
        if shown:
            plt.bar([i for i, _ in shown], [n for _, n in shown], color="blue", width=0.6)
        if hidden:
            plt.bar(hidden, [2.5] * len(hidden), color="gray", width=0.6)
        step_ = max(1, len(weeks) // 6)
        plt.xticks(list(range(0, len(weeks), step_)),
                   [w["week"][2:] for w in weeks][::step_])
        plot.refresh()

    def tables(self, data: dict):  # noqa: ANN201
        from rich import box
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        from caseload.reporting.rows import tables

        out = []
        for found in tables(data):
            table = Table(title=found.title, title_justify="left", box=box.SIMPLE_HEAD,
                          pad_edge=False, collapse_padding=True, expand=False)
            for position, header in enumerate(found.headers):
                table.add_column(header, justify="left" if position == 0 else "right",
                                 overflow="fold")
            for row in found.rows:
                table.add_row(*(Text(c) if isinstance(c, str) else c for c in row))  # no markup
            out.append(table)
        return Group(*out)
