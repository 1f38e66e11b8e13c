"""What was overdue, and what fell due, on a past day: computed from the facts as of that day.

The stored ``obligations`` table answers for today: it is computed from every fact recorded,
including ones dated after a past day (a category set later, an exemption given later, an
interview held later), so it cannot say what was overdue on a day gone by. For a day
before today these reads load the facts dated on or before it
(``caseload.store.queries.facts``), let the pure rules core compute the obligations on that
day, and build the worklist rows exactly as the stored read builds them: same row type,
same JSON keys, same order. ``caseload.services.views`` hands a day before the real
today to these (``views.answers_as_of``).

- A past day D: only facts dated on or before D count. A case opened after D is left out, a
  case closed after D was open on D; the category and exemption shown are those in force on
  D. The caseworker shown is the case's caseworker now (assignments are not dated), and the
  cases in scope are the ones the actor may see now.
- Today, and a day after today: the stored obligations, i.e. what is (expected to be) due
  on that day from the facts known now, including those dated after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from caseload.domain.calendar import week_of_absence
from caseload.domain.model import CaseFacts, ObligationState, ObligationStatus
from caseload.domain.rules import evaluate
from caseload.services.facts import facts_from_rows
from caseload.store.queries import facts
from caseload.store.queries.worklist import (
    DueRow,
    InterviewRow,
    Overdue,
    _due_rows,
    _sort_key,
    stamp,
)

if TYPE_CHECKING:
    from caseload.services.views import TodayView


def _evaluated(conn: sqlite3.Connection, on: date, worker: int | None,
               ) -> Iterator[tuple[facts.CaseOn, CaseFacts, list[ObligationStatus]]]:
    """Each case in scope on ``on``: its facts then and its obligations' states that day."""
    rules = facts.stored_rules(conn)
    for case in facts.cases_on(conn, on=on, worker=worker):
        known = facts_from_rows(case, case.changes, case.interviews, case.referrals,
                                case.returns)
        yield case, known, evaluate(known, rules, on)


def _rows(conn: sqlite3.Connection, on: date, worker: int | None, before: date,
          kind: str | None = None) -> list[DueRow]:
    """The obligations not met by ``on`` and due before ``before`` of the cases in scope
    then, as the stored read builds them and in its order (most overdue first, then
    citizen, case, obligation, place in a series). A row carries its stored obligation's
    id where one matches (the app keys its rows by it), else a negative number; the next
    booked interview is not filled in (bookings carry no date)."""
    ids = facts.stored_obligation_ids(conn, worker=worker)
    found = []
    for case, known, statuses in _evaluated(conn, on, worker):
        owed = [s.obligation for s in statuses if s.state is not ObligationState.MET
                and s.obligation.due < before and kind in (None, s.obligation.kind.value)]
        head = (case.id, case.citizen, case.cpr, case.caseworker,
                week_of_absence(case.first_absence_day, on), known.category, case.group,
                case.exempt)
        for o in owed:
            key = ids.get((case.id, o.kind.value, o.seq), -len(found) - 1)
            found.append((*head, o.kind.value, o.due, o.book_by, max(0, (on - o.due).days),
                          None, key, o.requirement, o.seq))
    rows = _due_rows(found, on)
    rows.sort(key=_sort_key)
    return rows


def overdue(conn: sqlite3.Connection, *, on: date, worker: int | None,
            limit: int | None = None, soon_days: int = 0, kind: str | None = None) -> Overdue:
    """As ``worklist.overdue`` as of ``on``: overdue then (due before it, not met by it),
    with ``soon_days`` also due on it and within that many days after."""
    before = on + timedelta(days=soon_days + 1) if soon_days else on
    rows = _rows(conn, on, worker, before, kind)
    return Overdue(rows=rows[:limit] if limit else rows, total=len(rows))


def today(conn: sqlite3.Connection, *, on: date, worker: int | None) -> TodayView:
    """As ``views.today`` as of ``on``: the interviews booked for it on the cases open then,
    what fell due that day, the counts."""
    from caseload.services.views import TodayView

    interviews = [
        InterviewRow(interview_id=r[7], case_id=r[0], citizen=r[1], cpr=r[2], at=stamp(r[3]),
                     kind=r[4], mode=r[5], status=r[6],
                     week=week_of_absence(date.fromisoformat(r[8][:10]), on))
        for r in facts.interviews_booked_on(conn, on=on, worker=worker)]
    rows = _rows(conn, on, worker, on + timedelta(days=1))
    return TodayView(
        interviews=interviews, due_today=[r for r in rows if r.due == on],
        booked=sum(1 for i in interviews if i.status == "booked"),
        held=sum(1 for i in interviews if i.status == "held"),
        overdue=sum(1 for r in rows if r.due < on))
