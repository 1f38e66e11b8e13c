"""The yardstick of ``bench_tui.py``: a minimal but honest Textual app, started as a whole
process like the caseload app and stopped the same way (q) after its first painted frame.

A header, a table of a few rows (names and masked CPR numbers, as the app's screens show
them) and a footer with one key: what a Textual app of any use paints at the least. The
rows are there at mount (no database); the benchmark sees its first paint when a masked CPR
number reaches the terminal, as it does for the app, then presses q.

    .venv/bin/python benchmarks/bare_tui.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = [
    ("09:15", "Emma Brix Clausen", "010269-xxxx", "Kontakt", "Video"),
    ("11:30", "Lars Lund Sørensen", "051284-xxxx", "Opfølgning", "Fremmøde"),
    ("14:00", "Pia Johansen", "050597-xxxx", "Rundbord", "Fremmøde"),
    ("15:30", "Laura Andreasen", "050569-xxxx", "Opfølgning", "Telefon"),
]


class Bare(App[int]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Bare"
        table = self.query_one(DataTable)
        table.add_columns("Tid", "Borger", "CPR", "Samtale", "Form")
        table.add_rows(ROWS)


if __name__ == "__main__":
    Bare().run()
