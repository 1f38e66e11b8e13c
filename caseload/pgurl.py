"""A PostgreSQL database named by a libpq URL (``postgresql:///caseload``), told apart from
a SQLite file path. Standard library only: the quick check imports it."""

from __future__ import annotations

from caseload.errors import DomainError

SCHEMES = ("postgresql://", "postgres://")


class PostgresUrl(str):
    """A libpq connection URL, e.g. ``postgresql:///caseload`` (the local Unix socket, peer
    authentication: the database role is your login name)."""

    __slots__ = ()


def is_postgres(value: object) -> bool:
    return isinstance(value, PostgresUrl) or (
        isinstance(value, str) and value.startswith(SCHEMES))


def not_on_postgres(db: object, command: str, why_key: str) -> None:
    """Refuse, in one line, a command that works on a SQLite file only (``command``: its
    name, ``why_key``: the catalogue key saying why, e.g. ``engine.quick_later``)."""
    if is_postgres(db):
        raise DomainError(say("engine.sqlite_only", command=command, db=db, why=say(why_key)))


def say(key: str, **values: object) -> str:
    """A refusal from the catalogue, in the language of the environment (as the CLI's)."""
    from caseload import i18n

    before = i18n.language()
    i18n.set_language(i18n.language_from_env())
    try:
        return i18n.t(key, **values)
    finally:
        i18n.set_language(before)
