"""Use case: the weekly digest (``caseload digest``), per caseworker and for the team lead.

What falls due in the week, what is overdue on the asked day, and the quiet cases. It reads
through the worklist's own queries (``caseload.store.queries.worklist``) and the
report's quiet cases (``caseload.services.report.quiet_cases``): no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from caseload.models import Caseworker
from caseload.services import audit, views
from caseload.services.db import dbapi
from caseload.services.policy import Actor
from caseload.services.report import DEFAULT_QUIET_DAYS, quiet_cases
from caseload.store.queries import worklist


@dataclass(frozen=True, slots=True)
class WorkerDigest:
    login: str
    due: list[views.DueRow]
    overdue: list[views.DueRow]
    quiet: list[tuple[int, int]]  # (case id, days without activity)

    def to_json(self) -> dict[str, object]:
        def item(i: views.DueRow) -> dict[str, object]:
            return {"case_id": i.case_id, "citizen": i.citizen, "cpr": i.cpr,
                    "obligation": i.obligation, "due": i.due.isoformat(),
                    "book_by": i.book_by.isoformat(), "days_overdue": i.days_overdue}

        return {"caseworker": self.login, "due": [item(i) for i in self.due],
                "overdue": [item(i) for i in self.overdue],
                "quiet": [{"case_id": c, "days": d} for c, d in self.quiet]}


@dataclass(frozen=True, slots=True)
class Digest:
    week: str
    start: date
    end: date
    today: date
    quiet_days: int
    team: bool  # the team lead's digest (--all): every caseworker
    workers: list[WorkerDigest]

    def to_json(self) -> dict[str, object]:
        return {"week": self.week, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "today": self.today.isoformat(), "quiet_days": self.quiet_days,
                "team": self.team, "caseworkers": [w.to_json() for w in self.workers]}


def week_of(day: date) -> tuple[str, date, date]:
    """The ISO week holding ``day``: its name (2026-W46), Monday and Sunday."""
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def weekly_digest(session: Session, actor: Actor, *, today: date, week: date | None = None,
                  quiet_days: int = DEFAULT_QUIET_DAYS) -> Digest:
    """The digest of the week holding ``week`` (default: the week after ``today``'s)."""
    name, monday, sunday = week_of(week or today + timedelta(days=7))
    if actor.team_wide:
        workers = session.execute(
            select(Caseworker.id, Caseworker.login).where(Caseworker.active)
            .order_by(Caseworker.login)).all()
    else:
        workers = [(actor.scope_id, actor.scope_login)]
    quiet: dict[str | None, list[tuple[int, int]]] = {}
    for case_id, login, days in quiet_cases(session, actor, today=today, quiet_days=quiet_days):
        quiet.setdefault(login, []).append((case_id, days))
    found = []
    for worker_id, login in workers:
        conn = dbapi(session)
        due = worklist.due_between(conn, on=today, worker=worker_id, start=monday, end=sunday)
        overdue = worklist.overdue(conn, on=today, worker=worker_id).rows
        found.append(WorkerDigest(login, due, overdue, quiet.get(login, [])))
    audit.log(session, actor, "search", detail=f"digest {name} on {today.isoformat()}: "
              f"{len(found)} caseworker(s)")
    return Digest(week=name, start=monday, end=sunday, today=today, quiet_days=quiet_days,
                  team=actor.team_wide, workers=found)
