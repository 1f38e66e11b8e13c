"""``caseload team ...``: the team's caseworkers and leads, and who has which case.

``list``, ``add``, ``set`` and ``reassign`` are for team leads; ``unassigned`` and ``take``
are for every caseworker (a case nobody has must not be forgotten).
"""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP

team_app = typer.Typer(help="The team: caseworkers, team leads, and who has which case.",
                       no_args_is_help=True, rich_markup_mode=None)

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.")]


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")


@team_app.command("list")
def list_(db: Db = None, as_json: AsJson = False) -> None:
    """The team's members, their roles and their open cases (team leads)."""
    from caseload.cli.output import print_json
    from caseload.cli.session import as_actor
    from caseload.services import team

    members = as_actor(db, team.list_team, write=False)
    if as_json:
        print_json([m.to_json() for m in members])
        return
    table = _table("Login", "Name", "Role", "Active", "Birth days", "Open cases")
    for m in members:
        _row(table, m.login, m.name, m.role, "yes" if m.active else "no",
             m.birth_days or "", str(m.open_cases))
    _print(table)


@team_app.command("add")
def add(
    login: Annotated[str, typer.Argument(help="Their login name on this server.")],
    name: Annotated[str, typer.Option("--name", help="Their full name.")],
    lead: Annotated[bool, typer.Option("--lead", help="Make them a team lead.")] = False,
    role: Annotated[str | None, typer.Option(
        "--role", help="caseworker (default), team_lead, or importer (the morning job's "
        "account: imports every form, sees no case).", show_default=False)] = None,
    birth_days: Annotated[str | None, typer.Option(
        "--birth-days", help="Days of birth whose new cases they get, e.g. 1-10.",
        show_default=False)] = None,
    db: Db = None,
) -> None:
    """Add a caseworker (or, with --lead, a team lead) (team leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.services import team

    role = role or ("team_lead" if lead else "caseworker")
    worker = as_actor(db, lambda s, a: team.add_member(s, a, login=login, name=name,
                                                       role=role, birth_days=birth_days))
    message(f"added {worker.login} ({worker.name}) as {role.replace('_', ' ')}")


@team_app.command("set")
def set_(
    login: Annotated[str, typer.Argument(help="The member's login name.")],
    role: Annotated[str | None, typer.Option(
        "--role", help="caseworker, team_lead or importer.", show_default=False)] = None,
    active: Annotated[bool | None, typer.Option(
        "--active/--inactive", help="Let them work, or stop them.", show_default=False)] = None,
    birth_days: Annotated[str | None, typer.Option(
        "--birth-days", help="Days of birth whose new cases they get ('' for none).",
        show_default=False)] = None,
    db: Db = None,
) -> None:
    """Change a member's role, whether they are active, or their days of birth (leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.services import team

    clear = birth_days is not None and not birth_days.strip()
    worker = as_actor(db, lambda s, a: team.update_member(
        s, a, login, role=role, active=active, birth_days=None if clear else birth_days,
        clear_birth_days=clear))
    message(f"{worker.login}: {worker.role.replace('_', ' ')}, "
            f"{'active' if worker.active else 'inactive'}, birth days {worker.birth_days or '-'}")


@team_app.command("reassign")
def reassign(
    case_id: Annotated[int, typer.Argument(help="The case.")],
    login: Annotated[str, typer.Argument(help="The new caseworker's login ('-': nobody).")],
    purpose: Annotated[str | None, typer.Option(
        "--purpose", help="Why (kept in the audit log).", show_default=False)] = None,
    db: Db = None,
) -> None:
    """Give a case to another caseworker (team leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.services import team

    target = None if login == "-" else login
    as_actor(db, lambda s, a: team.reassign(s, a, case_id, target, purpose))
    message(f"case {case_id} now belongs to {target}" if target
            else f"case {case_id} now has no caseworker")


@team_app.command("unassigned")
def unassigned(db: Db = None, as_json: AsJson = False) -> None:
    """Open cases that have no caseworker (any caseworker may take one)."""
    from caseload.cli.output import print_json
    from caseload.cli.session import as_actor
    from caseload.services import team

    rows = as_actor(db, team.unassigned_cases, write=False)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    table = _table("Case", "Citizen", "CPR", "First day of absence")
    for r in rows:
        _row(table, str(r.case_id), r.citizen, r.cpr, r.first_absence_day.isoformat())
    _print(table if rows else "no open case without a caseworker")


@team_app.command("take")
def take(case_id: Annotated[int, typer.Argument(help="The case.")], db: Db = None) -> None:
    """Take over an open case that has no caseworker."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.services import team

    as_actor(db, lambda s, a: team.take_case(s, a, case_id))
    message(f"case {case_id} is now yours")


def _table(*columns: str):  # noqa: ANN202
    from rich.table import Table

    table = Table(title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _print(renderable: object) -> None:
    from rich.console import Console

    Console(highlight=False, markup=False, emoji=False).print(renderable)  # plain text


def _row(table, *cells: str) -> None:  # noqa: ANN001
    """A row of text from the database, escaped (a name may hold terminal controls)."""
    from caseload.safety.text import escape

    table.add_row(*map(escape, cells))
