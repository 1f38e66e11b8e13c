"""``caseload demo``: build (if needed) and open a demo database. Never the real one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEMO_DB_HELP = ("Demo database file (default: demo.db in the user data directory; "
                "never the real database).")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def default_demo_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseload", appauthor=False)) / "demo.db"


def demo(
    db: Annotated[str | None, typer.Option("--db", help=DEMO_DB_HELP, show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generator.")] = 1,
    cases: Annotated[int, typer.Option("--cases", min=0, help="Number of open cases.")] = 150,
    today: Annotated[str | None, typer.Option(
        "--today", help="Build for this day (YYYY-MM-DD; default: today).",
        show_default=False)] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Build only; do not open.")] = False,
    as_user: Annotated[str | None, typer.Option(
        "--as", help="Open as this caseworker (default: you, the team lead, seeing all).",
        show_default=False)] = None,
    rules: Annotated[str | None, typer.Option(
        "--rules", help="Rule set: aktive-2008 (default), sdp-2014, sdp-2025 or a file.",
        show_default=False)] = None,
) -> None:
    """Build a demo caseload (fictitious citizens) and show it.

    The database is rebuilt when it was made for another day, seed or size; a file that
    is not a demo database is never touched.
    """
    from caseload import clock
    from caseload.cli.options import option_day
    from caseload.cli.output import fail, message
    from caseload.demo import NotADemoDatabase, build, read_marker
    from caseload.demo.writer import marker
    from caseload.pgurl import is_postgres, say

    day = option_day(today) or clock.today()
    if is_postgres(db):
        fail(say("engine.demo_sqlite_only", db=db))
    path = Path(db).expanduser() if db else default_demo_path()
    if rules is not None:
        from caseload.services.settings import check_rules

        rules = check_rules(rules)  # an unusable rule set: exit 1 before building
    wanted = marker(seed, cases, day, rules)
    try:
        found = read_marker(path)
        if found != wanted:
            message(f"building the demo database at {path} ({cases} open cases, seed {seed}, "
                    f"for {day.isoformat()}) ...")
            report = build(path, seed=seed, cases=cases, today=day, rules=rules)
            message(f"built in {report.seconds:.1f} s")
        else:
            message(f"using the demo database at {path} (built for {day.isoformat()})")
    except NotADemoDatabase:
        fail(f"{path} exists and is not a demo database: refusing to replace it "
             "(choose another --db)")
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
