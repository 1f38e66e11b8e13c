"""The report as CSV: each table under its title, a blank line between, cells neutralised
against formula injection (a spreadsheet must not run a cell as a formula)."""

from __future__ import annotations

import csv
import io

from caseload.reporting.rows import TextTable, heading, log_rank_line, tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote first."""
    return "'" + value if value.startswith(FORMULA_START) else value


def render(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutral(heading(data))])
    writer.writerow([neutral(log_rank_line(data))])
    for table in tables(data, all_weeks=True):
        writer.writerow([])
        _table(writer, table)
    return out.getvalue()


def _table(writer, table: TextTable) -> None:  # noqa: ANN001
    writer.writerow([neutral(table.title)])
    writer.writerow([neutral(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([neutral(c) for c in row])
