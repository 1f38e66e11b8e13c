"""What ``caseload overdue`` and ``caseload today`` do with a request: open the database
(read-only, one snapshot), resolve who is asking (``--as``/``--all``: team leads), read
through the worklist use cases, log one ``search`` entry, print.

``--json`` is written as the database made it, one object a line (``views.overdue_json``),
in batches: no row is built or serialised in Python. The table (50 rows unless ``--limit``)
is drawn by ``caseload.quickcheck.tables`` (Rich, imported there only).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from caseload import i18n
from caseload.errors import UsageError
from caseload.quickcheck.options import Request


def overdue(request: Request) -> None:
    """What the rules say should have happened and has not: most overdue first."""
    from caseload.services import views

    day, limit = request.day(), request.rows_limit()
    with _reading(request) as (path, conn, actor, real_today):
        if request.as_json:
            rows = views.overdue_json(conn, actor, on=day, limit=limit, real_today=real_today)
        else:
            found = views.overdue(conn, actor, on=day, limit=limit, real_today=real_today)
    _audit(path, actor, f"overdue on {day.isoformat()}",
           len(rows) if request.as_json else found.total)
    if request.as_json:
        write_rows(rows)
        return
    from caseload.quickcheck import tables

    tables.overdue(found, login=actor.scope_login or actor.login, all_=request.all_, day=day)


def today(request: Request) -> None:
    """Today's interviews and what falls due today."""
    from caseload.services import views

    day, limit = request.day(), request.rows_limit()
    with _reading(request) as (path, conn, actor, real_today):
        found = views.today(conn, actor, on=day, real_today=real_today,
                            booked=request.as_json)
    interviews, due = found.interviews, found.due_today
    _audit(path, actor, f"today on {day.isoformat()}", len(interviews) + len(due))
    if request.as_json:
        _print_json({"date": day.isoformat(),
                     "interviews": [i.to_json() for i in interviews[:limit]],
                     "due_today": [row.to_json() for row in due[:limit]]})
        return
    from caseload.quickcheck import tables

    tables.today(found, login=actor.scope_login or actor.login, all_=request.all_, day=day,
                 limit=limit)


@contextmanager
def _reading(request: Request) -> Iterator[tuple[Any, Any, Any, date | None]]:
    """(the database, a read-only connection in one snapshot, the actor, the real today
    when the asked day is before it, else None)."""
    from caseload import identity
    from caseload.services import access
    from caseload.services.db import snapshot

    path = database(request.db)
    login = identity.current_login()  # who is asking; --as (team leads): whose cases
    real_today = _real_today(request)
    with snapshot(path) as conn:
        actor = access.resolve_actor(conn, login, request.as_user, request.all_)
        yield path, conn, actor, real_today


def _real_today(request: Request) -> date | None:
    """Today in Denmark when ``--today`` asks about a day before it (answered as of that
    day, by the rules core: it gets the holidays from the cache), else None."""
    from caseload.clock import today as clock_today

    real = clock_today()
    if request.on is None or request.day() >= real:
        return None
    from caseload import holiday_cache

    holiday_cache.install()
    return real


def database(db: str | None) -> Any:
    """``--db`` (a path that does not exist is a usage error, exit 2), else
    ``$CASELOAD_DB``, else the user data directory; when none is configured and only the
    demo exists (after ``make demo``), say how to point at it (exit 1)."""
    import os

    from caseload.errors import DomainError
    from caseload.pgurl import is_postgres
    from caseload.services.db import resolve_db_path

    path = resolve_db_path(db)
    if is_postgres(path) or path.exists():
        return path
    if db:
        raise UsageError(i18n.t("cli.words.db_missing", path=path))
    if not os.environ.get("CASELOAD_DB"):
        from platformdirs import user_data_dir

        demo = path.with_name("demo.db")
        if path.parent == Path_(user_data_dir("caseload", appauthor=False)) and demo.is_file():
            raise DomainError(i18n.t("cli.words.only_demo", path=path, demo=demo))
    return path  # opening it says there is no database (exit 1)


def Path_(value: str):  # noqa: ANN201, N802
    from pathlib import Path

    return Path(value)


def _audit(path: Any, actor: Any, what: str, found: int) -> None:
    """One ``search`` entry per list read, before anything is shown."""
    from caseload.services import access

    detail = f"{what}: {access.scope_text(actor)}, {found} rows"
    access.record(path, [access.entry(actor, "search", detail=detail)])


def write_rows(rows: list[str], batch: int = 2000) -> None:
    """A JSON list of ready-made JSON objects, one a line, written a batch at a time. DEL,
    C1 controls, bidi overrides and line separators are shown as ``\\uXXXX``
    (``safety.text.json_safe``: the same JSON, harmless on a terminal)."""
    from caseload.safety.text import json_safe

    if not rows:
        sys.stdout.write("[]\n")
        return
    write = sys.stdout.write
    for start in range(0, len(rows), batch):
        write(("[\n  " if start == 0 else ",\n  ") +
              json_safe(",\n  ".join(rows[start:start + batch])))
    write("\n]\n")


def _print_json(data: Any) -> None:
    import json

    from caseload.safety.text import json_safe

    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)))
    sys.stdout.write("\n")
