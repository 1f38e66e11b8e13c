"""``caseload demo``: build (if needed) and open a demo database. Never the real one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEMO_DB_HELP = "cli.demo.db"  # a catalogue key (caseload.cli.localise)


def register(app: typer.Typer) -> None:
    app.command("demo", help="cli.demo.help")(demo)


def default_demo_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseload", appauthor=False)) / "demo.db"


def demo(
    db: Annotated[str | None, typer.Option("--db", help=DEMO_DB_HELP, show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="cli.metavar.n",
                                      help="cli.demo.seed")] = 1,
    cases: Annotated[int, typer.Option("--cases", metavar="cli.metavar.n",
                                       help="cli.demo.cases")] = 150,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli.demo.today", show_default=False)] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="cli.demo.no_open")] = False,
    as_user: Annotated[str | None, typer.Option(
        "--as", help="cli.demo.as", show_default=False)] = None,
    rules: Annotated[str | None, typer.Option(
        "--rules", help="cli.common.rules", show_default=False)] = None,
) -> None:
    """Build a demo caseload (fictitious citizens) and show it.

    The database is rebuilt when it was made for another day, seed or size; a file that
    is not a demo database is never touched.
    """
    from caseload import clock
    from caseload.cli.options import option_day
    from caseload.cli.output import ExitCode, fail, message
    from caseload.demo import NotADemoDatabase, build, read_marker
    from caseload.demo.writer import marker
    from caseload.i18n import t
    from caseload.pgurl import PostgresUrl, is_postgres

    if cases < 0:
        fail(t("cli.usage.at_least", option="--cases", n=0, value=cases), ExitCode.USAGE)
    day = option_day(today) or clock.today()
    if is_postgres(db):  # a database on the server, rebuilt in place (caseload.demo.postgres)
        from caseload.demo import postgres

        path: Path | PostgresUrl = PostgresUrl(db)
        build, read_marker = postgres.build, postgres.read_marker  # noqa: F811
    else:
        path = Path(db).expanduser() if db else default_demo_path()
    if rules is not None:
        from caseload.services.settings import check_rules

        rules = check_rules(rules)  # an unusable rule set: exit 1 before building
    wanted = marker(seed, cases, day, rules)
    try:
        found = read_marker(path)
        if found != wanted:
            message(t("cli.demo.building", path=path, cases=cases, seed=seed,
                      day=day.strftime(t("format.date"))))
            report = build(path, seed=seed, cases=cases, today=day, rules=rules)
            message(t("cli.demo.built", seconds=f"{report.seconds:.1f}"))
        else:
            message(t("cli.demo.using", path=path, day=day.strftime(t("format.date"))))
    except NotADemoDatabase:
        fail(t("cli.demo.not_a_demo", path=path))
    _add_invoking_user(path)
    if no_open:
        return
    from caseload.cli.tui import open_app

    # You are the demo team's lead: without --as the app shows the whole team.
    open_app(db=str(path), as_user=as_user, all_=as_user is None, lang=None,
             on=day.isoformat(), screen="today", theme=None)


def _add_invoking_user(path: Path) -> None:
    """The person running the demo becomes its team lead, so the demo shows everything."""
    from caseload.demo.writer import add_team_lead
    from caseload.errors import DomainError
    from caseload.identity import current_login

    try:
        login = current_login()
    except DomainError:
        return
    add_team_lead(path, login)
