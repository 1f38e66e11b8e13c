"""``caseload team ...``: the team's caseworkers and leads, and who has which case.

``list``, ``add``, ``set`` and ``reassign`` are for team leads; ``unassigned`` and ``take``
are for every caseworker (a case nobody has must not be forgotten).
"""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import AsJson, Db

team_app = typer.Typer(help="cli.team.help", no_args_is_help=True, rich_markup_mode=None)



def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")


@team_app.command("list", help="cli.team.list_help")
def list_(db: Db = None, as_json: AsJson = False) -> None:
    """The team's members, their roles and their open cases (team leads)."""
    from caseload.cli.output import print_json
    from caseload.cli.session import as_actor
    from caseload.services import team

    members = as_actor(db, team.list_team, write=False)
    if as_json:
        print_json([m.to_json() for m in members])
        return
    from caseload.i18n import t

    table = _table(*(t(f"cli.team.col_{c}") for c in
                     ("login", "name", "role", "active", "birth_days", "open_cases")))
    for m in members:
        _row(table, m.login, m.name, t(f"cli.team.role_{m.role}"),
             t("cli.team.yes" if m.active else "cli.team.no"), m.birth_days or "",
             str(m.open_cases))
    _print(table)


@team_app.command("add", help="cli.team.add_help")
def add(
    login: Annotated[str, typer.Argument(help="cli.team.login", metavar="cli.metavar.login",
                                         show_default=False)],
    name: Annotated[str, typer.Option("--name", help="cli.team.name", show_default=False)],
    lead: Annotated[bool, typer.Option("--lead", help="cli.team.lead")] = False,
    role: Annotated[str | None, typer.Option(
        "--role", help="cli.team.role", show_default=False)] = None,
    birth_days: Annotated[str | None, typer.Option(
        "--birth-days", help="cli.team.birth_days", show_default=False)] = None,
    db: Db = None,
) -> None:
    """Add a caseworker (or, with --lead, a team lead) (team leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.services import team

    role = role or ("team_lead" if lead else "caseworker")
    worker = as_actor(db, lambda s, a: team.add_member(s, a, login=login, name=name,
                                                       role=role, birth_days=birth_days))
    message(t("cli.team.added", login=worker.login, name=worker.name,
              role=t(f"cli.team.role_{worker.role}")))


@team_app.command("set", help="cli.team.set_help")
def set_(
    login: Annotated[str, typer.Argument(help="cli.team.member", metavar="cli.metavar.login",
                                         show_default=False)],
    role: Annotated[str | None, typer.Option(
        "--role", help="cli.team.set_role", show_default=False)] = None,
    active: Annotated[bool | None, typer.Option(
        "--active/--inactive", help="cli.team.active", show_default=False)] = None,
    birth_days: Annotated[str | None, typer.Option(
        "--birth-days", help="cli.team.set_birth_days", show_default=False)] = None,
    db: Db = None,
) -> None:
    """Change a member's role, whether they are active, or their days of birth (leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.services import team

    clear = birth_days is not None and not birth_days.strip()
    worker = as_actor(db, lambda s, a: team.update_member(
        s, a, login, role=role, active=active, birth_days=None if clear else birth_days,
        clear_birth_days=clear))
    message(t("cli.team.updated", login=worker.login, role=t(f"cli.team.role_{worker.role}"),
              active=t("cli.team.is_active" if worker.active else "cli.team.is_inactive"),
              days=worker.birth_days or "-"))


@team_app.command("reassign", help="cli.team.reassign_help")
def reassign(
    case_id: Annotated[int, typer.Argument(help="cli.team.case", metavar="cli.metavar.case",
                                           show_default=False)],
    login: Annotated[str, typer.Argument(help="cli.team.new_login", metavar="cli.metavar.login",
                                         show_default=False)],
    purpose: Annotated[str | None, typer.Option(
        "--purpose", help="cli.team.purpose", show_default=False)] = None,
    db: Db = None,
) -> None:
    """Give a case to another caseworker (team leads)."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.services import team

    target = None if login == "-" else login
    as_actor(db, lambda s, a: team.reassign(s, a, case_id, target, purpose))
    message(t("cli.team.reassigned", case=case_id, login=target) if target
            else t("cli.team.unassigned_now", case=case_id))


@team_app.command("unassigned", help="cli.team.unassigned_help")
def unassigned(db: Db = None, as_json: AsJson = False) -> None:
    """Open cases that have no caseworker (any caseworker may take one)."""
    from caseload.cli.output import print_json
    from caseload.cli.session import as_actor
    from caseload.services import team

    rows = as_actor(db, team.unassigned_cases, write=False)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    from caseload.i18n import t

    table = _table(*(t(f"cli.team.col_{c}") for c in ("case", "citizen", "cpr", "first_day")))
    for r in rows:
        _row(table, str(r.case_id), r.citizen, r.cpr,
             r.first_absence_day.strftime(t("format.date")))
    _print(table if rows else t("cli.team.none_unassigned"))


@team_app.command("take", help="cli.team.take_help")
def take(case_id: Annotated[int, typer.Argument(help="cli.team.case", metavar="cli.metavar.case",
                                                show_default=False)],
         db: Db = None) -> None:
    """Take over an open case that has no caseworker."""
    from caseload.cli.output import message
    from caseload.cli.session import as_actor
    from caseload.i18n import t
    from caseload.services import team

    as_actor(db, lambda s, a: team.take_case(s, a, case_id))
    message(t("cli.team.taken", case=case_id))


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
