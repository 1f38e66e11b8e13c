"""Tables whose row colours come from the style sheet (component classes in the .tcss)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

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

    def styled(self, text: str, component: str) -> Text:
        return Text(text, style=self.get_component_rich_style(component, partial=True))

    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None for an empty table."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
