"""Tables whose row colours come from the style sheet (component classes in the .tcss)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from caseload.safety.text import literal
from caseload.widgets.format import text as escape


def _safe(cell: object) -> object:
    """A DataTable reads a string cell as Rich markup: a name ``[bold red]X[/]`` would be
    styled. Escaped (``caseload.safety.text.literal``), it shows as typed."""
    if isinstance(cell, str):
        return literal(cell, rich=True)
    if isinstance(cell, Text) and escape(cell.plain) != cell.plain:
        return Text(escape(cell.plain), style=cell.style)
    return cell


BANDS = ("overdue", "due_today", "due_soon", "later")
STATUSES = ("booked", "held", "no_show", "cancelled")


class StyledTable(DataTable):
    """A DataTable with row cursor whose cells can take a style named in the .tcss.

    ``band--overdue``, ``band--due_today``, ``band--due_soon``, ``band--later`` colour an
    obligation by how late it is; ``status--held`` and friends colour an interview's status.
    """

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        *(f"band--{b}" for b in BANDS), *(f"status--{s}" for s in STATUSES),
    }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", False)
        super().__init__(*args, **kwargs)

    def add_fixed_columns(self, columns: list[tuple[str, str, int | None]], total: int) -> None:
        """Add ``(key, label, width)`` columns; the one with width None takes what is left
        of ``total`` (between 12 and 30 cells). Fixed widths keep the layout stable (the
        snapshots) and spare the table measuring every cell."""
        padding = 2 * self.cell_padding * len(columns) + 2  # and the scrollbar
        # A fixed column as wide as its heading ("Week", not "Wee") while the flexible one
        # (the citizen's name) keeps its 12 cells: a long name wraps (``add_row``) before a
        # heading is cut.
        wide = [(k, label, None if w is None else max(w, len(label)))
                for k, label, w in columns]
        if total - sum(w for _, _, w in wide if w is not None) - padding >= 12:
            columns = wide
        fixed = sum(w for _, _, w in columns if w is not None)
        flex = max(12, min(30, total - fixed - padding))
        for key, label, width in columns:
            self.add_column(label, key=key, width=flex if width is None else width)

    MAX_LINES = 2  # a wrapped row: a long detail shows its start...
    NAMES = frozenset({"col_citizen", "citizen"})  # ...a citizen's name shows whole

    def add_row(self, *cells, **kwargs):  # noqa: ANN002, ANN003, ANN201
        """Every text cell escaped (``widgets.format.text``) and plain: a name from an
        imported form can never send a control sequence to the terminal, nor style itself.
        A text longer than its column
        (a citizen's full name at 80 columns) wraps onto a second line rather than being
        cut: the row is then as high as the name needs (other texts: up to ``MAX_LINES``)."""
        safe = [_safe(cell) for cell in cells]
        if "height" not in kwargs:
            kwargs["height"] = self._lines(list(cells))  # as shown, before escaping
        return super().add_row(*safe, **kwargs)

    def _lines(self, cells: list[object]) -> int:
        import textwrap

        lines = 1
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            text = cell.plain if isinstance(cell, Text) else cell
            if isinstance(text, str) and not column.auto_width and len(text) > column.width:
                needed = len(textwrap.wrap(text, column.width))
                lines = max(lines, needed if column.key.value in self.NAMES
                            else min(needed, self.MAX_LINES))
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Textual measures every cell of every new row, for auto-width columns and rows of
        auto height: a tenth of a second for the 750 rows of a team's day. With the widths
        fixed (``add_fixed_columns``) and every row's height given (``add_row``) there is
        nothing to measure, and Textual's own only sizes the table."""
        keys = list(new_rows)
        rows = [row for row in map(self.rows.get, keys) if row is not None]
        if any(column.auto_width for column in self.columns.values()) or any(
                row.auto_height or row.label is not None for row in rows):
            super()._update_dimensions(keys)
        else:
            super()._update_dimensions([])

    def styled(self, text: str, component: str) -> Text:
        return Text(escape(text), style=self.get_component_rich_style(component,
                                                                      partial=True))

    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None for an empty table."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
