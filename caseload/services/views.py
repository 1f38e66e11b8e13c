"""The worklist's read use cases, for the CLI's quick check and the app's screens alike:
``overdue``, ``today``, ``caseload`` (and ``find_cases`` for the palette). One function per
read, taking a DB-API connection (the quick check's and the app's read-only snapshot, or
the connection under a SQLAlchemy session), the acting caseworker (required: whose cases
the actor sees is ``actor.scope_id``) and plain arguments; none reads the clock. One row
type each (``caseload.store.queries.worklist``); CPR numbers leave here masked.

They read the stored ``obligations`` table and ``cases.next_due`` kept by
``caseload.services.obligations``; ``overdue`` and ``today`` asked about a day before the
real today (``real_today``) compute it from the facts as of that day (``as_of``). Nothing
here imports SQLAlchemy or SQLModel, so the quick check answers and the app paints its
first screen before those have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from caseload.services.db import dbapi
from caseload.services.policy import Actor
from caseload.store.queries import worklist
from caseload.store.queries.worklist import (
    PAGE,
    SOON_DAYS,
    CaseFilter,
    CasePage,
    CaseRow,
    DueRow,
    InterviewRow,
    Matching,
    Overdue,
    band,
)

__all__ = ["PAGE", "SOON_DAYS", "BookingSuggestion", "CaseFilter", "CasePage", "CaseRow",
           "DueRow", "InterviewRow", "Overdue", "TodayView", "band", "booking_suggestion",
           "caseload", "due_item", "find_cases", "overdue", "today"]


@dataclass(frozen=True, slots=True)
class TodayView:
    interviews: list[InterviewRow]
    due_today: list[DueRow]
    booked: int
    held: int
    overdue: int  # how many obligations are overdue in all


@dataclass(frozen=True, slots=True)
class BookingSuggestion:
    kind: str
    mode: str
    day: date
    at: time


def overdue(db: Any, actor: Actor, *, on: date, limit: int | None = None,
            soon_days: int = 0, kind: str | None = None, booked: bool = False,
            real_today: date | None = None) -> Overdue:
    """What is overdue on ``on`` in the actor's scope, most overdue first; with
    ``soon_days`` (the app's screen: ``SOON_DAYS``) also what falls due on ``on`` and within
    that many days. ``limit`` caps the rows (None or 0: all), not ``total``; ``booked``
    fills each row's ``booked_for`` (the next booked interview that would meet it). An
    ``on`` before ``real_today`` is answered from the facts dated on or before it
    (``as_of``)."""
    conn = dbapi(db)
    if answers_as_of(on, real_today):
        from caseload.services import as_of

        return as_of.overdue(conn, on=on, worker=actor.scope_id, limit=limit,
                             soon_days=soon_days, kind=kind)
    return worklist.overdue(conn, on=on, worker=actor.scope_id, limit=limit,
                            soon_days=soon_days, kind=kind,
                            matching=matching(conn) if booked else None)


def overdue_json(db: Any, actor: Actor, *, on: date, limit: int | None = None,
                 real_today: date | None = None) -> list[str]:
    """``overdue`` for ``--json``: each row one JSON object (text), with ``booked``. On the
    stored obligations the database writes them (nothing is built row by row in Python)."""
    conn = dbapi(db)
    if answers_as_of(on, real_today):
        import json

        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        return [dumps(row.to_json()) for row in overdue(
            conn, actor, on=on, limit=limit, real_today=real_today).rows]
    return worklist.overdue_json(conn, on=on, worker=actor.scope_id, limit=limit,
                                 matching=matching(conn))


def matching(db: Any) -> Matching:
    """Which booked interviews would meet which obligation under the configured rule set:
    kept in the database at ``caseload init`` (read without loading the rule set), else
    made from the rule set."""
    conn = dbapi(db)
    name, found = worklist.stored_matching(conn)
    if found is None:
        from caseload.store.queries.facts import ruleset

        found = Matching.of(ruleset(name))
    return found


def answers_as_of(on: date, real_today: date | None) -> bool:
    """Whether ``on`` is answered from the facts as of it (``as_of``: a day before the real
    today; None: the real today is not known, take ``on`` as today)."""
    return real_today is not None and on < real_today


def today(db: Any, actor: Actor, *, on: date, real_today: date | None = None,
          booked: bool = False) -> TodayView:
    """The interviews booked for ``on`` (time order), what falls due that day, the counts.
    An ``on`` before ``real_today`` is answered from the facts dated on or before it;
    ``booked``: each due row's next booked interview that would meet it."""
    conn = dbapi(db)
    if answers_as_of(on, real_today):
        from caseload.services import as_of

        return as_of.today(conn, on=on, worker=actor.scope_id)
    interviews = worklist.interviews_on(conn, on=on, worker=actor.scope_id)
    due = worklist.due_today(conn, on=on, worker=actor.scope_id,
                             matching=matching(conn) if booked else None)
    return TodayView(
        interviews=interviews, due_today=due,
        booked=sum(1 for i in interviews if i.status == "booked"),
        held=sum(1 for i in interviews if i.status == "held"),
        overdue=worklist.count_overdue(conn, on=on, worker=actor.scope_id),
    )


def due_item(db: Any, actor: Actor, obligation_id: int, *, on: date) -> DueRow | None:
    """One obligation as a row (after a change), or None once it no longer exists, is met
    or is not in the actor's scope."""
    conn = dbapi(db)
    return worklist.due_row(conn, obligation_id, on=on, worker=actor.scope_id,
                            matching=matching(conn))


def caseload(db: Any, actor: Actor, *, on: date, flt: CaseFilter | None = None,
             offset: int = 0, limit: int = PAGE) -> CasePage:
    """The open cases in the actor's scope by next due (none last), then name; one page."""
    return worklist.caseload_page(dbapi(db), on=on, worker=actor.scope_id,
                                  flt=flt or CaseFilter(), offset=offset, limit=limit)


def find_cases(db: Any, actor: Actor, query: str, *, on: date, limit: int = 20) -> list[CaseRow]:
    """Open cases whose citizen's name contains ``query`` or whose CPR starts with it."""
    if not query.strip():
        return []
    return caseload(db, actor, on=on, flt=CaseFilter(search=query), limit=limit).rows


INTERVIEW_FOR = {  # ObligationKind → InterviewKind (values: the domain loads lazily)
    "contact_interview": "contact",
    "rehabilitation_team": "rehabilitation_team",
}


def booking_suggestion(item: DueRow, *, today: date) -> BookingSuggestion:
    """What to book for an obligation: the matching interview kind, the mode the rule
    prescribes (else in person), on the latest working day on or before the due date (or the
    next working day from today when that has passed), at 09:00."""
    from caseload.domain.calendar import latest_working_day_on_or_before
    from caseload.domain.model import InterviewKind, InterviewMode

    kind = INTERVIEW_FOR.get(item.obligation, InterviewKind.FOLLOW_UP.value)
    modes = {m.value for m in InterviewMode}
    mode = item.requirement if item.requirement in modes else InterviewMode.IN_PERSON.value
    day = item.book_by
    if day < today:
        day = today
        while latest_working_day_on_or_before(day) != day:
            day += timedelta(days=1)
    return BookingSuggestion(kind=kind, mode=mode, day=day, at=time(9, 0))
