"""SQLite's errors on a caseload database as one sentence each (from the catalogue,
``failure.*``): what is wrong and what to do. Used where the store opens a database and by
the CLI's last line of defence (``caseload.cli.errors``)."""

from __future__ import annotations

import sqlite3


def database_sentence(error: sqlite3.Error, db: object) -> str:
    """The sentence for an SQLite error on the command's database."""
    from caseload.i18n import t

    text = str(error).lower()
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return t("failure.damaged", db=db, reason=str(error))
    if "readonly" in text or "read-only" in text:
        return t("failure.read_only", db=db)
    if "disk is full" in text or "disk i/o error" in text:
        return t("failure.disk_full", db=db)
    if "unable to open" in text:
        return t("failure.cannot_open", db=db)
    if "locked" in text or "busy" in text:
        return t("failure.busy", db=db)
    return t("failure.database", db=db, reason=str(error))
