"""The paperwork around a demo case: notes, follow-up plans and the information form."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from caseload.clock import DANISH
from caseload.demo import texts
from caseload.demo.chance import Weighted
from caseload.demo.timeline import Timeline

PLAN_TIME = time(15, 10)
STEP_DONE = Weighted(("done", 75), ("open", 20), ("dropped", 5))
NOTE_TEXTS = {
    "contact": texts.CONTACT_NOTES,
    "round_table": texts.ROUND_TABLE_NOTES,
    "information_meeting": texts.INFORMATION_NOTES,
}


@lru_cache(maxsize=16384)
def stamp(day: date, clock: time) -> datetime:
    """``to_utc`` of a day and a wall-clock time, cached (the same few recur)."""
    return to_utc(datetime.combine(day, clock))


def to_utc(local: datetime) -> datetime:
    """Danish wall-clock time (daytime) → UTC (how the created_at columns are kept)."""
    return (local - _utc_offset(local.date())).replace(tzinfo=UTC)


@lru_cache(maxsize=4096)
def _utc_offset(day: date) -> timedelta:
    offset = datetime.combine(day, time(12)).replace(tzinfo=DANISH).utcoffset()
    return offset or timedelta(0)


def note_body(rng: random.Random, kind: str, status: str, first: bool, category: int | None,
              ) -> str:
    if status == "no_show":
        return rng.choice(texts.NO_SHOW_NOTES)
    if status == "cancelled":
        return rng.choice(texts.CANCELLED_NOTES)
    if kind == "follow_up" and first:
        return rng.choice(texts.FIRST_FOLLOW_UP_NOTES).format(category=category or "-")
    return rng.choice(NOTE_TEXTS.get(kind, texts.FOLLOW_UP_NOTES))


class PlanBuilder:
    """Opfølgningsplaner: version 1 at the first follow-up, sometimes a revised version 2."""

    def __init__(self, ids: dict[str, int]) -> None:
        self.ids = ids
        self.plans: list[dict] = []
        self.steps: list[dict] = []
        self.hours: list[dict] = []

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def build(self, rng: random.Random, *, case_id: int, today: date, tl: Timeline,
              citizen: dict, author: str) -> None:
        if tl.course_start is None:
            return
        held = sorted(v.day for v in tl.visits if v.kind == "follow_up" and v.status == "held")
        goals = texts.GOALS[citizen["employment_status"]]
        job = (citizen["job_title"] or "hidtidigt arbejde").lower()
        days = [held[0]] + ([held[1]] if len(held) > 1 and rng.random() < 0.5 else [])
        chosen = rng.sample(texts.STEPS, 4)
        plan_id = 0
        for version, day in enumerate(days, start=1):
            plan_id = self._next("plans")
            self.plans.append({
                "id": plan_id, "case_id": case_id, "version": version,
                "employment_goal": rng.choice(goals).format(job=job), "created_by": author,
                "created_at": stamp(day, PLAN_TIME),
            })
            latest = version == len(days)
            for position, (text, owner) in enumerate(chosen[:2 + version], start=1):
                due = day + timedelta(weeks=rng.randint(1, 6))
                if not latest:
                    status = "open"
                elif due < today:
                    status = STEP_DONE.pick(rng)
                else:
                    status = "open"
                self.steps.append({"id": self._next("plan_steps"), "plan_id": plan_id,
                                   "position": position, "text": text, "owner": owner,
                                   "due": due, "status": status})
        for placement in tl.placements:
            if placement.offer.kind == "partial_return":
                self.hours.append({"id": self._next("plan_hours"), "plan_id": plan_id,
                                   "from_date": placement.start,
                                   "hours_per_week": placement.hours})


def form_row(rng: random.Random, *, form_id: int, case_id: int, citizen: dict,
             first_absence: date, today: date, expected_duration: str,
             expected_return: date | None, sickness: tuple[str, str]) -> dict:
    """The citizen's information form, as the morning import would have stored it."""
    received_day = min(today, first_absence + timedelta(days=rng.randint(1, 10)))
    local = datetime.combine(received_day, time(7, rng.randint(0, 59)))
    received = local.replace(tzinfo=DANISH)
    description, treatment = sickness
    form = {
        "form_id": f"OS-{received_day.year}-{form_id:06d}",
        "received": received.isoformat(),
        "cpr": citizen["cpr"],
        "name": citizen["name"],
        "first_absence_day": first_absence.isoformat(),
        "employment_status": citizen["employment_status"],
        "address": citizen["address"], "postal_code": citizen["postal_code"],
        "city": citizen["city"], "phone": citizen["phone"], "email": citizen["email"],
        "employer_name": citizen["employer_name"], "employer_cvr": citizen["employer_cvr"],
        "job_title": citizen["job_title"], "weekly_hours": citizen["weekly_hours"],
        "unemployment_fund": citizen["unemployment_fund"],
        "expected_duration": expected_duration,
        "expected_return_date": expected_return.isoformat() if expected_return else None,
        "partial_return_possible": rng.choice(("yes", "no", "unknown")),
        "sickness_description": description,
        "in_treatment": rng.random() < 0.7,
        "treatment_description": treatment,
        "hospitalized": rng.random() < 0.1,
        "employer_contact_consent": citizen["employment_status"] == "employed"
        and rng.random() < 0.8,
    }
    form = {k: v for k, v in form.items() if v is not None}
    raw = json.dumps(form, ensure_ascii=False)
    imported = to_utc(local + timedelta(minutes=30))
    return {
        "id": form_id, "form_id": form["form_id"],
        "content_hash": hashlib.sha256(raw.encode()).hexdigest(), "raw": raw,
        "received": to_utc(local), "citizen_id": citizen["id"], "case_id": case_id,
        "source_file": f"oplysningsskemaer/{received_day.isoformat()}.jsonl",
        "source_line": rng.randint(1, 40), "imported_at": imported,
    }
