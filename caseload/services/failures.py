"""Failures that are not the user's doing, as one sentence each: what is wrong, what to do.

``explain`` maps SQLite's errors (through SQLAlchemy's wrappers as well) and the operating
system's to a message from the catalogue (``failure.*``); the database in question is the
one the command resolved (``caseload.store.paths.last_resolved``). ``caseload.cli.errors``
gives them their exit code.
"""

from __future__ import annotations

import errno
import sqlite3

from caseload.store.failures import database_sentence

DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sqlite3.Error):
        return exc
    orig = getattr(exc, "orig", None)  # sqlalchemy.exc.DBAPIError
    if isinstance(orig, sqlite3.Error):
        return orig
    return None


def _database() -> str:
    from caseload.i18n import t
    from caseload.store import paths

    found = paths.last_resolved()
    return str(found) if found is not None else t("failure.the_database")


def os_sentence(error: OSError) -> str:
    from caseload.i18n import t

    where = error.filename if error.filename is not None else _database()
    if error.errno in DISK_FULL:
        return t("failure.disk_full", db=where)
    if error.errno in (errno.EACCES, errno.EPERM):
        return t("failure.permission", path=where)
    if error.errno == errno.EROFS:
        return t("failure.read_only", db=where)
    if error.errno == errno.EISDIR:
        return t("failure.cannot_open", db=where)
    return t("failure.os", path=where, reason=error.strerror or str(error))


def explain(exc: BaseException) -> str | None:
    """The sentence for ``exc``, or None when it is not ours to explain."""
    error = _sqlite_error(exc)
    if error is not None:
        return database_sentence(error, _database())
    if isinstance(exc, OSError):
        return os_sentence(exc)
    return None


def unexpected(exc: BaseException) -> str:
    from caseload.i18n import t

    return t("failure.unexpected", kind=type(exc).__name__)
