"""``caseload init``: create or upgrade a database."""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP


def register(app: typer.Typer) -> None:
    app.command("init", help="cli.init.help")(init)


def init(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    rules: Annotated[str | None, typer.Option(
        "--rules", help="cli.common.rules", show_default=False)] = None,
    offers: Annotated[str | None, typer.Option(
        "--offers", help="cli.init.offers", show_default=False)] = None,
) -> None:
    """Create the database, or upgrade it to this version's schema; load the catalogue of
    offers (run it again after editing the catalogue)."""
    from pathlib import Path

    from caseload.catalogue import load_catalogue
    from caseload.cli.output import message
    from caseload.i18n import t
    from caseload.services.db import init_database, resolve_db_path

    path = resolve_db_path(db)
    catalogue = load_catalogue(Path(offers).expanduser() if offers else None)  # check first
    engine, before, after = init_database(path, rules=rules)
    try:
        lead = _first_lead(engine)
        synced = _sync_offers(engine, catalogue)
    finally:
        engine.dispose()
    if before is None:
        message(t("cli.init.created", path=path, schema=after))
    elif before != after:
        message(t("cli.init.upgraded", path=path, before=before, after=after))
    else:
        message(t("cli.init.current", path=path, schema=after))
    message(t("cli.init.offers_synced", created=synced.created, updated=synced.updated,
              withdrawn=synced.deactivated))
    if lead:
        message(t("cli.init.first_lead", login=lead))


def _first_lead(engine) -> str | None:  # noqa: ANN001
    """Whoever creates a database (no caseworkers yet) becomes its first team lead."""
    from caseload import identity
    from caseload.services.db import write_session
    from caseload.services.team import ensure_first_lead

    login = identity.current_login()
    with write_session(engine) as session:
        return login if ensure_first_lead(session, login) else None


def _sync_offers(engine, catalogue):  # noqa: ANN001, ANN202
    from caseload.services.db import write_session
    from caseload.services.offers import sync_offers

    with write_session(engine) as session:
        return sync_offers(session, catalogue)
