"""``caseload report`` (the trial's figures) and ``caseload digest`` (the weekly digest).

Both run one read use case as the person at the keyboard (``--as``/``--all`` for team
leads, as the quick check). ``report`` loads lifelines (and NumPy, pandas, SciPy) and, for
``--pdf`` only, matplotlib: all inside the functions, so no other command pays for them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import typer

from caseload.cli.options import AllTeam, AsJson, AsUser, Db, On

_WEEK = re.compile(r"(\d{4})-W(\d{2})")

QuietDays = Annotated[int, typer.Option(
    "--quiet-days", metavar="cli.metavar.n", help="cli.report.quiet_days")]


def register(app: typer.Typer) -> None:
    app.command("report", help="cli.report.help")(report)
    app.command("digest", help="cli.digest.help")(digest)


def report(
    since: Annotated[str | None, typer.Option(
        "--since", show_default=False, help="cli.report.since")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", show_default=False, help="cli.report.until")] = None,
    as_user: AsUser = None, all_: AllTeam = False, on: On = None,
    as_json: AsJson = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="cli.report.csv")] = False,
    pdf: Annotated[str | None, typer.Option(
        "--pdf", show_default=False, help="cli.report.pdf")] = None,
    quiet_days: QuietDays = 14,
    db: Db = None,
) -> None:
    """The trial: participants against controls, duties met, and who is falling behind."""
    from caseload.cli.session import as_actor
    from caseload.services.report import trial_report

    _language()
    today, first, last = _checked(as_user, all_, on, since, until, quiet_days)
    if sum((as_json, as_csv, pdf is not None)) > 1:
        _usage("report.formats")
    found = as_actor(db, lambda session, actor: trial_report(
        session, actor, today=today, since=first, until=last, quiet_days=quiet_days),
        write=False, as_user=as_user, all_=all_)
    data = found.to_json()
    if as_json:
        from caseload.cli.output import print_json

        print_json(data)
    elif as_csv:
        import sys

        from caseload.reporting.csvout import render

        sys.stdout.write(render(data))
    elif pdf is not None:
        _write_pdf(pdf, data)
    else:
        _print_tables(data)


def _write_pdf(target: str, data: dict) -> None:
    from pathlib import Path

    from caseload import identity
    from caseload.cli.output import fail, message
    from caseload.files import write_private
    from caseload.i18n import t
    from caseload.reporting.pdf import render_pdf

    path = Path(target).expanduser()
    if not path.parent.is_dir():
        fail(t("report.no_folder", target=target, folder=path.parent), 2)
    write_private(path, render_pdf(data, author=identity.current_login()))
    message(t("report.pdf_written", path=path))


def _print_tables(data: dict) -> None:
    from caseload.cli.quick import _console, _table
    from caseload.i18n import t
    from caseload.reporting.rows import heading, log_rank_line, tables

    console = _console()
    console.print(t("report.title"))
    console.print(heading(data))
    console.print(t("report.suppressed"))
    console.print(log_rank_line(data))
    for found in tables(data):
        console.print()
        table = _table(found.title, "")
        table.title = found.title
        for position, header in enumerate(found.headers):
            table.add_column(header, justify="left" if position == 0 else "right")
        for row in found.rows:
            table.add_row(*row)
        console.print(table)


def digest(
    as_user: AsUser = None, all_: AllTeam = False, on: On = None,
    week: Annotated[str | None, typer.Option(
        "--week", show_default=False, help="cli.digest.week")] = None,
    as_json: AsJson = False, quiet_days: QuietDays = 14, db: Db = None,
) -> None:
    """The weekly digest: what falls due next week, what is overdue, the quiet cases."""
    from caseload.cli.session import as_actor
    from caseload.services.digest import weekly_digest

    _language()
    today, _, _ = _checked(as_user, all_, on, None, None, quiet_days)
    monday = _week(week)
    found = as_actor(db, lambda session, actor: weekly_digest(
        session, actor, today=today, week=monday, quiet_days=quiet_days),
        write=False, as_user=as_user, all_=all_)
    if as_json:
        from caseload.cli.output import print_json

        print_json(found.to_json())
        return
    typer.echo(digest_text(found))


def digest_text(found) -> str:  # noqa: ANN001
    """The digest as plain text (for mail): one block per caseworker, then the team's."""
    from caseload.i18n import t
    from caseload.widgets import format as fmt

    lines: list[str] = []
    for worker in found.workers:
        lines.append(t("digest.title", who=worker.login, week=found.week,
                       start=found.start.isoformat(), end=found.end.isoformat()))
        lines.append("")
        for title, items in ((t("digest.due", week=found.week), worker.due),
                             (t("digest.overdue", today=found.today.isoformat()),
                              worker.overdue)):
            lines.append(f"{title}: {len(items) or t('digest.nothing')}")
            lines.extend(f"  {i.due.isoformat()}  {fmt.obligation(i.obligation)}  "
                         f"{t('digest.case', case_id=i.case_id)}  {i.citizen} ({i.cpr})"
                         for i in items)
        lines.append(f"{t('digest.quiet', days=found.quiet_days)}: "
                     f"{len(worker.quiet) or t('digest.nothing')}")
        lines.extend(f"  {t('digest.case', case_id=c)}  {t('digest.days_quiet', days=d)}"
                     for c, d in worker.quiet)
        lines.append("")
    if found.team:
        lines.append(t("digest.summary"))
        lines.append(f"  {'':16} {t('digest.col_due'):>10} {t('digest.col_overdue'):>12} "
                     f"{t('digest.col_quiet'):>8}")
        lines.extend(f"  {w.login:16} {len(w.due):>10} {len(w.overdue):>12} {len(w.quiet):>8}"
                     for w in found.workers)
    return "\n".join(lines).rstrip() + "\n"


# -- reading the flags ---------------------------------------------------------------------

def _language() -> None:
    from caseload import i18n

    i18n.set_language(i18n.language_from_env())


def _usage(key: str, **values: object) -> None:
    from caseload.cli.output import ExitCode, fail
    from caseload.i18n import t

    fail(t(key, **values), ExitCode.USAGE)


def _checked(as_user: str | None, all_: bool, on: str | None, since: str | None,
             until: str | None, quiet_days: int) -> tuple[date, date | None, date | None]:
    """Usage errors exit 2 before the database is touched."""
    from caseload.cli.options import option_day

    if as_user and all_:
        _usage("cli.common.as_or_all")
    if quiet_days < 1:
        _usage("report.bad_quiet", value=quiet_days)
    today = option_day(on)  # a day as a person writes it; else exit 2
    if today is None:
        from caseload.clock import today as clock_today

        today = clock_today()
    first, last = option_day(since, "--since"), option_day(until, "--until")
    if first and last and first > last:
        _usage("cli.common.period")
    return today, first, last


def _week(value: str | None) -> date | None:
    """``--week 2026-W46``: its Monday (None: not given)."""
    if value is None:
        return None
    match = _WEEK.fullmatch(value.strip())
    try:
        if not match:
            raise ValueError
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        _usage("digest.bad_week", value=value)
