"""Stands in for a screen that is not there yet (the citizen screen, while it is built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from caseload.screens.base import CaseloadScreen
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static


class PlaceholderScreen(CaseloadScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "common.back")]

    def __init__(self, message: str, case_id: int | None = None) -> None:
        super().__init__()
        self.message, self.case_id = message, case_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.message, id="placeholder")
        yield Footer()
