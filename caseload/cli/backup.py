"""``caseload backup DEST`` and ``caseload restore SRC`` (team leads).

Both go through SQLite's online backup API (``caseload.services.backup``): a backup is
safe while colleagues work; a restore keeps the database as it was next to it first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseload.cli.options import Db

AsJson = Annotated[bool, typer.Option("--json", help="cli.backup.json")]


def register(app: typer.Typer) -> None:
    app.command("backup", help="cli.backup.help")(backup)
    app.command("restore", help="cli.restore.help")(restore)


def backup(
    dest: Annotated[str, typer.Argument(help="cli.backup.dest", metavar="cli.metavar.dest",
                                        show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="cli.backup.force")] = False,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Copy the database to DEST, safely while others work (team leads)."""
    from caseload import identity
    from caseload.cli.output import message, print_json
    from caseload.errors import DomainError
    from caseload.i18n import t
    from caseload.pgurl import is_postgres, say
    from caseload.services import backup as service
    from caseload.services.db import open_database, resolve_db_path

    path = resolve_db_path(db)
    if is_postgres(path):
        raise DomainError(say("engine.backup_pg", db=path))  # the server's pg_dump
    target = Path(dest).expanduser()
    open_database(path).dispose()  # a caseload database at this version, safe to share
    copied = service.backup(path, target, force=force, login=identity.current_login())
    if as_json:
        print_json(copied.to_json())
    message(t("cli.backup.done", path=path, target=target, schema=copied.revision,
              cases=copied.tables.get("cases", 0), citizens=copied.tables.get("citizens", 0)))


def restore(
    src: Annotated[str, typer.Argument(help="cli.restore.src", metavar="cli.metavar.backup",
                                       show_default=False)],
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Replace the database with a backup; the database as it was is kept (team leads)."""
    from caseload import identity
    from caseload.cli.output import message, print_json
    from caseload.cli.session import as_actor
    from caseload.errors import DomainError
    from caseload.i18n import t
    from caseload.pgurl import is_postgres, say
    from caseload.services import audit
    from caseload.services import backup as service
    from caseload.services.db import open_database, resolve_db_path

    path = resolve_db_path(db)
    if is_postgres(path):
        raise DomainError(say("engine.restore_pg", db=path))  # the server's pg_restore
    source = Path(src).expanduser()
    service.inspect(source)  # before anything else: is it a caseload database at all?
    if path.exists():
        open_database(path).dispose()
        restored, kept = service.restore(path, source, login=identity.current_login())
    else:
        restored, kept = _restore_into_new(path, source), None
    as_actor(path, lambda s, a: audit.log(s, a, "change",
                                          detail=f"restored from {source.name}"))
    if as_json:
        print_json({**restored.to_json(), "kept": str(kept) if kept else None})
    message(t("cli.restore.done", path=path, source=source, schema=restored.revision))
    if kept:
        message(t("cli.restore.kept", path=kept))


def _restore_into_new(path: Path, source: Path):  # noqa: ANN202
    """No database yet (a lost disk): restore into a new private file; the person running
    this must be a team lead in the backup, else the new file is removed again."""
    from caseload.cli.session import as_actor
    from caseload.errors import CaseloadError
    from caseload.services import backup as service
    from caseload.services.access import lead_only
    from caseload.services.db import create_private_file

    create_private_file(path)
    try:
        restored, _ = service.restore(path, source, login=None, keep=False)
        as_actor(path, lambda s, a: lead_only(s, a, "restore"), write=False)
    except CaseloadError:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return restored
