"""``caseload overdue`` and ``caseload today``: the quick check.

It must answer in a fraction of a second on a big database, so it reads through the
worklist use cases (``caseload.services.views``, over the standard ``sqlite3`` module,
read-only) and imports neither
SQLAlchemy, SQLModel, Alembic nor Textual; Rich loads only to draw a table for a person.
With ``--json`` stdout holds the JSON alone; every message goes to stderr.

``today()`` is a plain function too: ``caseload demo`` calls it to print today's overview.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caseload.cli.options import DB_HELP, option_day
from caseload.cli.output import ExitCode, fail, print_json

if TYPE_CHECKING:
    from caseload.services.views import DueRow, InterviewRow

TABLE_LIMIT = 50  # rows in the table for a person; --json is unlimited unless --limit
PIPE_WIDTH = 160  # table width when stdout is not a terminal (and $COLUMNS is not set)

Db = Annotated[str | None, typer.Option("--db", metavar="PATH", help=DB_HELP,
                                        show_default=False)]
AsUser = Annotated[str | None, typer.Option(
    "--as", metavar="USER", show_default=False,
    help="The caseworker (login name) whose cases to show (team leads); default: yours.")]
AllTeam = Annotated[bool, typer.Option("--all", help="The whole team's cases (team leads).")]
On = Annotated[str | None, typer.Option(
    "--today", metavar="YYYY-MM-DD", show_default=False,
    help="Answer as of this day instead of today.")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.")]
Limit = Annotated[int | None, typer.Option(
    "--limit", metavar="N", show_default=False,
    help=f"At most N rows (0: all). Default: {TABLE_LIMIT} in the table, all with --json.")]


def register(app: typer.Typer) -> None:
    app.command("overdue")(overdue)
    app.command("today")(today)


def overdue(db: Db = None, as_user: AsUser = None, all_: AllTeam = False, on: On = None,
            as_json: AsJson = False, limit: Limit = None) -> None:
    """What the rules say should have happened and has not: most overdue first."""
    from caseload.services import views

    path, login, day, rows_limit = _request(db, as_user, all_, on, limit, as_json)
    with _snapshot(path) as conn:
        actor = _actor(conn, login, as_user, all_)
        found = views.overdue(conn, actor, on=day, limit=rows_limit, real_today=_real_today())
    _audit(path, actor, f"overdue on {day.isoformat()}", found.total)
    login = actor.scope_login or login
    if as_json:
        print_rows([row.to_json() for row in found.rows])
        return
    from caseload.i18n import t

    console = _console()
    table = _due_table(t("overdue.title"), _subtitle(login, all_, day), found.rows, all_=all_)
    if not found.rows:
        console.print(t("overdue.nothing"))
        return
    if found.total > len(found.rows):
        table.caption = t("quick.showing", shown=len(found.rows), total=found.total)
    console.print(table)


def today(db: Db = None, as_user: AsUser = None, all_: AllTeam = False, on: On = None,
          as_json: AsJson = False, limit: Limit = None) -> None:
    """Today's interviews and what falls due today."""
    from caseload.services import views

    path, login, day, rows_limit = _request(db, as_user, all_, on, limit, as_json)
    with _snapshot(path) as conn:
        actor = _actor(conn, login, as_user, all_)
        found = views.today(conn, actor, on=day, real_today=_real_today())
    interviews, due = found.interviews, found.due_today
    _audit(path, actor, f"today on {day.isoformat()}", len(interviews) + len(due))
    login = actor.scope_login or login
    if as_json:
        print_json({"date": day.isoformat(),
                    "interviews": [i.to_json() for i in interviews[:rows_limit or None]],
                    "due_today": [row.to_json() for row in due[:rows_limit or None]]})
        return
    from caseload.i18n import t

    console = _console()
    subtitle = _subtitle(login, all_, day)
    _print_interviews(console, t("today.interviews"), subtitle, interviews, rows_limit)
    console.print()
    table = _due_table(t("today.due_today"), subtitle, due[:rows_limit or None], all_=all_,
                       days=False)
    if rows_limit and len(due) > rows_limit:
        table.caption = t("quick.showing", shown=rows_limit, total=len(due))
    console.print(table if due else t("today.no_due"))


def _real_today() -> date:
    """Today in Denmark: ``--today`` before it is answered as of that day (``as_of``)."""
    from caseload import holiday_cache
    from caseload.clock import today as real_today

    holiday_cache.install()  # the rules core may need the holidays: not the `holidays` import
    return real_today()


def print_rows(rows: list[dict[str, object]]) -> None:
    """A JSON list, one object a line: readable, and written by json's C encoder (an indented
    dump of 30,000 rows takes three times as long)."""
    import json
    import sys

    from caseload.safety.text import json_safe

    dumps = json.JSONEncoder(ensure_ascii=False).encode
    sys.stdout.write(json_safe("[\n  " + ",\n  ".join(map(dumps, rows)) + "\n]\n")
                     if rows else "[]\n")


# -- reading the request -------------------------------------------------------------------

def _request(db: str | None, as_user: str | None, all_: bool, on: str | None,
             limit: int | None, as_json: bool) -> tuple[Path, str, date, int | None]:
    """Check the flags (usage errors exit 2 before the database is touched)."""

    if all_ and as_user:
        fail("--as and --all cannot be used together", ExitCode.USAGE)
    if limit is not None and limit < 0:
        fail(f"--limit must be 0 (all) or more, not {limit}", ExitCode.USAGE)
    day = asked_day(on)
    login = _login()  # who is asking; --as (team leads) names whose cases to show
    if limit is None and not as_json:
        limit = TABLE_LIMIT
    from caseload import i18n
    from caseload.cli.options import existing_db

    i18n.set_language(i18n.language_from_env())  # the message, as the output
    return _sqlite_only(existing_db(db)), login, day, limit or None


def asked_day(value: str | None) -> date:
    """``--today`` (None: today in Denmark); anything else exits 2."""
    if value is None:
        from caseload.clock import today as clock_today

        return clock_today()
    return option_day(value)


def _login() -> str:
    from caseload import identity

    return identity.current_login()


def _actor(conn, login: str, as_user: str | None, all_: bool):  # noqa: ANN001, ANN202
    """Who is asking and whose cases they may see (``--as``/``--all``: team leads only; a
    refusal is logged and exits 1)."""
    from caseload.services import access

    return access.resolve_actor(conn, login, as_user, all_)


def _audit(path: Path, actor, what: str, found: int) -> None:  # noqa: ANN001
    """One ``search`` entry per list read, before anything is shown."""
    from caseload.services import access

    detail = f"{what}: {access.scope_text(actor)}, {found} rows"
    access.record(path, [access.entry(actor, "search", detail=detail)])


def _snapshot(path: Path):  # noqa: ANN202
    from caseload.services.db import snapshot

    return snapshot(path)


def _subtitle(login: str, all_: bool, day: date) -> str:
    from caseload.i18n import t

    if all_:
        return t("app.subtitle_all", today=day.isoformat())
    return t("app.subtitle", worker=login, today=day.isoformat())


# -- tables for a person -------------------------------------------------------------------

def _console():  # noqa: ANN202
    """A Rich console on stdout; also sets the catalogue's language (call it first)."""
    import os

    from rich.console import Console

    from caseload import i18n

    i18n.set_language(i18n.language_from_env())
    console = Console(highlight=False, markup=False, emoji=False)  # cells are plain text
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPE_WIDTH  # a pipe or a file: no terminal to fit, keep rows whole
    return console


def _table(title: str, subtitle: str):  # noqa: ANN202
    from rich import box
    from rich.table import Table

    return Table(title=f"{title} · {subtitle}", title_justify="left", box=box.SIMPLE_HEAD,
                 pad_edge=False, collapse_padding=True)


def _due_table(title: str, subtitle: str, rows: list[DueRow], *, all_: bool,
               days: bool = True):  # noqa: ANN202
    from caseload.i18n import t
    from caseload.safety.text import escape

    table = _table(title, subtitle)
    if days:  # first, so a narrow terminal cuts something less important
        table.add_column(t("overdue.col_days"), justify="right", no_wrap=True)
    table.add_column(t("overdue.col_citizen"), min_width=10)
    table.add_column(t("overdue.col_cpr"), no_wrap=True)
    table.add_column(t("caseload.col_week"), justify="right", no_wrap=True)
    table.add_column(t("caseload.col_category"), justify="right", no_wrap=True)
    table.add_column(t("caseload.col_group"), no_wrap=True)
    table.add_column(t("overdue.col_obligation"), no_wrap=True)
    table.add_column(t("overdue.col_due"), no_wrap=True)
    table.add_column(t("overdue.col_book_by"), no_wrap=True)
    if all_:
        table.add_column(t("quick.col_caseworker"), no_wrap=True)
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
        table.add_row(*map(escape, cells))
    return table


def _print_interviews(console, title: str, subtitle: str, rows: list[InterviewRow],  # noqa: ANN001
                      limit: int | None) -> None:
    from caseload.i18n import t
    from caseload.safety.text import escape

    if not rows:
        console.print(t("today.no_interviews"))
        return
    table = _table(title, subtitle)
    for key in ("today.col_time", "today.col_citizen", "today.col_cpr", "today.col_kind",
                "today.col_mode", "today.col_status"):
        table.add_column(t(key), no_wrap=key != "today.col_citizen")
    for row in rows[:limit or None]:
        table.add_row(row.time, escape(row.citizen), row.cpr, t(f"kind.{row.kind}"),
                      t(f"mode.{row.mode}"), t(f"status.{row.status}"))
    if limit and len(rows) > limit:
        table.caption = t("quick.showing", shown=limit, total=len(rows))
    console.print(table)


def _sqlite_only(path: Path) -> Path:
    from caseload.pgurl import not_on_postgres

    not_on_postgres(path, "overdue/today", "engine.quick_later")
    return path
