"""The caseworker's app (Textual): Today, Overdue and Caseload, one key apart, and the
citizen screen on top of any of them.

The app holds an ``AppContext`` (database path, caseworker, today); screens run their
database work through it in worker threads. Nothing here reads the clock: ``today`` is
passed in (``--today`` freezes it for tests and demos).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.widgets import Input

from caseload.i18n import t
from caseload.tui.bindings import localise
from caseload.tui.context import AppContext
from caseload.tui.undo import FieldHistory

EXIT_AFTER_FIRST_PAINT = "CASELOAD_EXIT_AFTER_FIRST_PAINT"
THEMES = {"dark": "textual-dark", "light": "textual-light"}
SCREENS_ORDER = ("today", "overdue", "caseload", "week")
WARM_UP_AFTER = 0.3  # seconds after the first screen shows its data


# The palette's providers are imported when the palette first opens.
def _citizens() -> type[Provider]:
    from caseload.tui.commands import CitizenProvider

    return CitizenProvider


def _screen_actions() -> type[Provider]:
    from caseload.tui.commands import ScreenActionsProvider

    return ScreenActionsProvider


# The screens are imported when first shown (the first paint needs one of them).
def _today() -> Screen:
    from caseload.screens.today import TodayScreen

    return TodayScreen()


def _overdue() -> Screen:
    from caseload.screens.overdue import OverdueScreen

    return OverdueScreen()


def _caseload() -> Screen:
    from caseload.screens.caseload_list import CaseloadListScreen

    return CaseloadListScreen()


def _report() -> Screen:
    from caseload.screens.report import ReportScreen

    return ReportScreen()


def _week() -> Screen:
    from caseload.screens.week import WeekScreen

    return WeekScreen()


class CaseloadApp(App[int]):
    CSS_PATH = "tui/app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar = App.COMMANDS | {_citizens, _screen_actions}
    MODES: ClassVar = {
        "today": _today, "overdue": _overdue, "caseload": _caseload,
        "report": _report,
        "week": _week,
    }
    BINDINGS = [
        Binding("1", "switch_mode('today')", "app.screen_today"),
        Binding("2", "switch_mode('overdue')", "app.screen_overdue"),
        Binding("3", "switch_mode('caseload')", "app.screen_caseload"),
        Binding("4", "switch_mode('report')", "report.open", show=False),
        Binding("5", "switch_mode('week')", "app.screen_week"),
        Binding("t", "toggle_theme", "app.toggle_theme"),
        Binding("ctrl+k", "drafts", "drafts.open", show=False),
        Binding("q", "quit", "app.quit", show=False),
        Binding("ctrl+z", "undo_field", "app.undo", show=False, priority=True),
    ]

    def __init__(self, *, db: Path, login: str, today: date, show_all: bool = False,
                 start: str = "today", theme: str = "dark", as_user: str | None = None,
                 real_today: date | None = None) -> None:
        # The first screen is the default mode's (no switch from an empty screen to it).
        self.DEFAULT_MODE = start if start in self.MODES else "today"
        super().__init__()
        localise(self)
        self.ctx = AppContext(db=db, login=login, today=today, show_all=show_all,
                              as_user=as_user, real_today=real_today)
        self.start = self.DEFAULT_MODE
        self.theme_name = theme if theme in THEMES else "dark"
        self.fields = FieldHistory()
        self.error_message: str | None = None
        self.opened_case: int | None = None
        self.cpr_purpose: str | None = None  # why CPR numbers are revealed, this session
        self._painted = False
        self._exit_after_first_paint = os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"

    NAVIGATION = ("1", "2", "3", "5", "t")  # in the footer only where there is room

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the footer shows the screen's own keys; the screen keys and
        the theme stay in the palette (and work)."""
        from dataclasses import replace

        wide = event.size.width >= 100
        keys = self._bindings.key_to_bindings
        if all(b.show == wide for key in self.NAVIGATION for b in keys.get(key, [])):
            return  # as shown already (the footer is not composed anew)
        for key in self.NAVIGATION:
            keys[key] = [replace(b, show=wide) for b in keys.get(key, [])]
        # The screen's own: the app's says nothing until the app is mounted. No screen yet:
        # its footer reads the keys when it is composed.
        with suppress(ScreenStackError):
            self.screen.refresh_bindings()

    def on_load(self) -> None:
        """Who is working, and the screens' read use cases, while Textual draws the first
        screen: its rows then wait only for their own query."""
        self.run_worker(self._who_is_working, thread=True, group="start", name="actor")

    def _who_is_working(self) -> None:
        from caseload.services import views  # noqa: F401 - loaded here, off the event loop

        with suppress(Exception):  # a failure: the screen's own read meets it and says so
            self.ctx.actor  # noqa: B018

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.theme = THEMES[self.theme_name]

    def subtitle(self) -> str:
        today = self.ctx.today.strftime(t("format.date"))
        if self.ctx.show_all:
            return t("app.subtitle_all", today=today)
        return t("app.subtitle", worker=self.ctx.caseworker_name or self.ctx.login, today=today)

    # -- called by the screens -------------------------------------------------------------

    def first_paint_done(self, screen: Screen) -> None:
        """A screen shows its data: refresh the subtitle; exit if benchmarking start-up."""
        if self._painted:
            return
        self._painted = True
        if self._exit_after_first_paint:
            self.call_after_refresh(self.exit, 0)
            return
        # Not before the rows are drawn: loading SQLModel holds the interpreter a while.
        self.set_timer(WARM_UP_AFTER, lambda: self.run_worker(
            self._warm_up, thread=True, group="warm-up", name="warm-up"))

    def _warm_up(self) -> None:
        """Load the services (SQLModel) and check the schema while the caseworker reads."""
        from caseload.errors import CaseloadError

        try:
            self.ctx.warm_up()
        except CaseloadError as exc:
            self.call_from_thread(self.fatal, str(exc))
            return
        self._tell_of_drafts()

    def _tell_of_drafts(self) -> None:
        """Drafts left (by a crash, or an Esc) on this database's cases: say where they are."""
        from caseload.errors import CaseloadError
        from caseload.screens.drafts import load_drafts

        try:
            waiting = len(load_drafts(self.ctx))
        except (CaseloadError, OSError):
            return
        if waiting:
            self.call_from_thread(self.notify, t("drafts.waiting", n=waiting),
                                  severity="warning", timeout=10)

    def fatal(self, message: str) -> None:
        """A user error the app cannot go on after: exit 1 with the message."""
        self.error_message = message
        self.exit(1, return_code=1)

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification as plain text (the screens' come here too): a message holds
        names and file names, never markup (``caseload.widgets.plain``)."""
        super().notify(message, title=title, severity=severity, timeout=timeout,  # type: ignore[arg-type]
                       markup=False)

    def report_error(self, message: str) -> None:
        """A user error from a worker. Before the database is open it ends the app."""
        if self.ctx.caseworker_id is None:
            self.fatal(message)
            return
        self.notify(t("common.error", message=message), severity="error", timeout=8)

    def open_citizen(self, case_id: int) -> None:
        self.opened_case = case_id
        try:
            from caseload.screens.citizen import CitizenScreen
        except ImportError:
            from caseload.screens.placeholder import PlaceholderScreen

            self.push_screen(PlaceholderScreen(t("app.citizen_placeholder", case_id=case_id),
                                               case_id))
            return
        self.push_screen(CitizenScreen(case_id))

    # -- actions ---------------------------------------------------------------------------

    def action_drafts(self) -> None:
        from caseload.screens.drafts import DraftsScreen

        if not isinstance(self.screen, DraftsScreen):
            self.push_screen(DraftsScreen())

    def action_toggle_theme(self) -> None:
        from caseload.tui import preferences

        self.theme_name = "light" if self.theme_name == "dark" else "dark"
        self.theme = THEMES[self.theme_name]
        preferences.save(theme=self.theme_name)  # remembered for the next session
        reload = getattr(self.screen, "action_reload", None)
        if reload is not None:  # cell colours come from the style sheet: paint them anew
            reload()

    # -- undo in text fields (caseload.tui.undo) ---------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            self.fields.changed(event.widget, event.widget.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fields.changed(event.input, event.value)

    def action_undo_field(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.fields.undo(focused)
        elif focused is not None and hasattr(focused, "action_undo"):
            focused.action_undo()  # TextArea keeps its own history

    # -- the command palette: the product's commands only, in the language in use ----------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(t("app.toggle_theme"), t("palette.theme_help"),
                            self.action_toggle_theme)
        yield SystemCommand(t("app.quit"), t("palette.quit_help"), self.action_quit)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            from caseload.tui.commands import LocalPalette

            self.push_screen(LocalPalette())

    def _fatal_error(self) -> None:
        """An unexpected error: show the traceback without local variables (they may hold a
        citizen's data), unlike Textual's default."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        self.ctx.close()
