"""The quick check's tables for a person (Rich: imported by this module only, so ``--json``
never loads it): most overdue first, 50 rows unless ``--limit``, cells as plain text."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from caseload.i18n import t
from caseload.safety.text import escape

PIPE_WIDTH = 160  # table width when stdout is not a terminal (and $COLUMNS is not set)


def overdue(found: Any, *, login: str, all_: bool, day: date) -> None:
    """``views.Overdue`` as a table (or the line saying nothing is overdue)."""
    out = console()
    if not found.rows:
        out.print(t("overdue.nothing"))
        return
    table = due_table(t("overdue.title"), subtitle(login, all_, day), found.rows, all_=all_)
    if found.total > len(found.rows):
        table.caption = t("quick.showing", shown=len(found.rows), total=found.total)
    out.print(table)


def today(found: Any, *, login: str, all_: bool, day: date, limit: int | None) -> None:
    """``views.TodayView``: the day's interviews, then what falls due."""
    out = console()
    title = subtitle(login, all_, day)
    interviews(out, t("today.interviews"), title, found.interviews, limit)
    out.print()
    due = found.due_today
    table = due_table(t("today.due_today"), title, due[:limit], all_=all_, days=False)
    if limit and len(due) > limit:
        table.caption = t("quick.showing", shown=limit, total=len(due))
    out.print(table if due else t("today.no_due"))


def console() -> Console:
    """A Rich console on stdout."""
    out = Console(highlight=False, markup=False, emoji=False)  # cells are plain text
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out.width = PIPE_WIDTH  # a pipe or a file: no terminal to fit, keep rows whole
    return out


def subtitle(login: str, all_: bool, day: date) -> str:
    if all_:
        return t("app.subtitle_all", today=day.isoformat())
    return t("app.subtitle", worker=login, today=day.isoformat())


def table(title: str, subtitle: str) -> Table:
    return Table(title=f"{title} · {subtitle}", title_justify="left", box=box.SIMPLE_HEAD,
                 pad_edge=False, collapse_padding=True)


def due_table(title: str, subtitle: str, rows: list[Any], *, all_: bool,
              days: bool = True) -> Table:
    found = table(title, subtitle)
    if days:  # first, so a narrow terminal cuts something less important
        found.add_column(t("overdue.col_days"), justify="right", no_wrap=True)
    found.add_column(t("overdue.col_citizen"), min_width=10)
    found.add_column(t("overdue.col_cpr"), no_wrap=True)
    found.add_column(t("caseload.col_week"), justify="right", no_wrap=True)
    found.add_column(t("caseload.col_category"), justify="right", no_wrap=True)
    found.add_column(t("caseload.col_group"), no_wrap=True)
    found.add_column(t("overdue.col_obligation"), no_wrap=True)
    found.add_column(t("overdue.col_due"), no_wrap=True)
    found.add_column(t("overdue.col_book_by"), no_wrap=True)
    if all_:
        found.add_column(t("quick.col_caseworker"), no_wrap=True)
    for row in rows:
        group = t(f"group_short.{row.group}")
        if row.exempt:
            group += f" ({t('quick.exempt')})"
        cells = [row.citizen, row.cpr, str(row.week),
                 "–" if row.category is None else str(row.category), group,
                 t(f"obligation_short.{row.obligation}"), row.due.isoformat(),
                 row.book_by.isoformat()]
        if days:
            cells.insert(0, str(row.days_overdue))
        if all_:
            cells.append(row.caseworker or t("quick.unassigned"))
        found.add_row(*map(escape, cells))
    return found


def interviews(out: Console, title: str, subtitle: str, rows: list[Any],
               limit: int | None) -> None:
    if not rows:
        out.print(t("today.no_interviews"))
        return
    found = table(title, subtitle)
    for key in ("today.col_time", "today.col_citizen", "today.col_cpr", "today.col_kind",
                "today.col_mode", "today.col_status"):
        found.add_column(t(key), no_wrap=key != "today.col_citizen")
    for row in rows[:limit]:
        found.add_row(row.time, escape(row.citizen), row.cpr, t(f"kind.{row.kind}"),
                      t(f"mode.{row.mode}"), t(f"status.{row.status}"))
    if limit and len(rows) > limit:
        found.caption = t("quick.showing", shown=limit, total=len(rows))
    out.print(found)
