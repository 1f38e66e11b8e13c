"""Caseworkers by login: the one query every path uses to find who is working."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Worker:
    """A row of ``caseworkers`` as the access rules and the screens need it."""

    id: int
    login: str
    role: str
    active: bool = True
    name: str = ""


def by_login(conn: Any, login: str) -> Worker | None:
    """The caseworker with this login name, or None."""
    row = conn.execute("SELECT id, login, role, active, name FROM caseworkers"
                       " WHERE login = :login", {"login": login}).fetchone()
    return None if row is None else Worker(int(row[0]), row[1], row[2], bool(row[3]), row[4])
