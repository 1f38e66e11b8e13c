"""``caseload init``: create or upgrade a database."""

from __future__ import annotations

from typing import Annotated

import typer

from caseload.cli.options import DB_HELP


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    rules: Annotated[str | None, typer.Option(
        "--rules", help="Rule set: aktive-2008 (default), sdp-2014, sdp-2025 or a file.")] = None,
    offers: Annotated[str | None, typer.Option(
        "--offers", help="Catalogue of offers (default: $CASELOAD_OFFERS, else data/offers.toml)."
    )] = None,
) -> None:
    """Create the database, or upgrade it to this version's schema; load the catalogue of
    offers (run it again after editing the catalogue)."""
    from pathlib import Path

    from caseload.catalogue import load_catalogue
    from caseload.cli.output import message
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
        message(f"created {path} (schema {after})")
    elif before != after:
        message(f"upgraded {path} from schema {before} to {after}")
    else:
        message(f"{path} is up to date (schema {after})")
    message(f"catalogue of offers: {synced.created} new, {synced.updated} changed, "
            f"{synced.deactivated} withdrawn")
    if lead:
        message(f"you ({lead}) are the team lead of this database: add your team with "
                "'caseload team add LOGIN --name NAME'")


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
