"""The query layer: every read (and the plain writes) of one concept in one module, as plain
DB-API functions taking a connection. The CLI, the app, the import and the demo all read
through these; the use cases in ``caseload.services`` call them.

- ``worklist``: what is overdue, what falls due today, today's interviews, the caseload.
- ``people``: caseworkers by login.

Conventions, so that a second engine (PostgreSQL through psycopg 3) can run the same SQL:

- Parameters are named, ``:name`` (sqlite3's ``named`` style). ``pyformat`` turns a
  statement into psycopg's ``%(name)s`` style (and doubles a literal ``%``); a psycopg
  connection runs ``conn.execute(pyformat(sql), params)`` with the same ``params`` dict.
- Values go in as ISO text (``date.isoformat()``) and come back through ``day``/``stamp``,
  which accept what either driver returns (text from SQLite, ``date``/``datetime`` from
  psycopg).
- SQL that only SQLite understands (``INDEXED BY``, the ``LIMIT -1`` idiom) is kept out;
  where a query needs an SQLite hint it is a named constant beside the query (``SQLITE_*``),
  to be replaced by an empty string on the other engine.
- CPR numbers are masked in SQL (``MASKED_CPR``), so a full number never reaches Python on a
  list read.

None of this imports SQLAlchemy, SQLModel or Alembic: the quick check runs on it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# A CPR number as a list shows it (``150382-xxxx``, as ``caseload.domain.cpr.mask``), in SQL
# over the citizens table ``z``.
MASKED_CPR = "substr(z.cpr, 1, 6) || '-xxxx'"
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# SQLite's join-order hints: ``CROSS JOIN t ON ...`` (an inner join SQLite never reorders)
# and ``INDEXED BY ix``; PostgreSQL plans the join itself and knows neither.
_SQLITE_HINTS = ((re.compile(r"\bCROSS JOIN (\w+ \w+ ON)\b"), r"JOIN \1"),
                 (re.compile(r" INDEXED BY \w+"), ""))


def pyformat(sql: str) -> str:
    """``:name`` parameters as psycopg's ``%(name)s`` (a ``%`` of the SQL itself doubled),
    SQLite's planner hints taken out."""
    for hint, plain in _SQLITE_HINTS:
        sql = hint.sub(plain, sql)
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def day(value: str | date | None) -> date | None:
    """A stored date (text in SQLite, ``date`` from psycopg), or None."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(value[:10])


def stamp(value: str | datetime | None) -> datetime | None:
    """A stored timestamp (text in SQLite, ``datetime`` from psycopg), or None."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
