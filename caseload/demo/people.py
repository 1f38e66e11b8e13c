"""Demo caseworkers and citizens as table rows (plain dicts)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from caseload.demo import names
from caseload.demo.chance import Weighted

EMPLOYMENT = Weighted(("employed", 70), ("unemployed", 20), ("self_employed", 5),
                      ("flexjob_waiting", 5))
CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
CASES_PER_CASEWORKER = 50
MIN_CASEWORKERS = len(names.CASEWORKERS)


def caseworker_rows(cases: int) -> list[dict]:
    """The named five (more for a big caseload, one per 50 cases) and a team lead."""
    count = max(MIN_CASEWORKERS, -(-cases // CASES_PER_CASEWORKER))
    people = list(names.CASEWORKERS)
    people += [(f"sb{n:03d}", f"Sagsbehandler {n}") for n in range(len(people) + 1, count + 1)]
    rows = []
    for index, (login, name) in enumerate(people):
        rows.append({"id": index + 1, "login": login, "name": name, "role": "caseworker",
                     "active": True, "birth_days": _birth_days(index, count)})
    login, name = names.TEAM_LEAD
    rows.append({"id": count + 1, "login": login, "name": name, "role": "team_lead",
                 "active": True, "birth_days": None})
    return rows


def _birth_days(index: int, count: int) -> str | None:
    """Days of the month the caseworker takes new cases for (1-31 split evenly)."""
    if count > 31:
        return None
    first = 1 + index * 31 // count
    last = (index + 1) * 31 // count
    return f"{first}-{last}"


class Roster:
    """Who takes a new case: by the citizen's day of birth, else in turn."""

    def __init__(self, workers: list[dict]) -> None:
        staff = [w for w in workers if w["role"] == "caseworker"]
        self.in_turn = [w["id"] for w in staff]
        self.by_day: dict[int, int] = {}
        for worker in staff:
            if worker["birth_days"]:
                first, last = (int(x) for x in worker["birth_days"].split("-"))
                self.by_day.update(dict.fromkeys(range(first, last + 1), worker["id"]))

    def caseworker_for(self, birth: date, index: int) -> int:
        return self.by_day.get(birth.day) or self.in_turn[index % len(self.in_turn)]


def make_cpr(rng: random.Random, birth: date, female: bool, taken: set[str]) -> str:
    """A CPR number with a real birth date and the right century digit.

    The serial is chosen to fail the modulus-11 check, which nearly every number issued
    to a real person born before 2007 passes: a made-up citizen is unlikely to be a real
    one. Unique within ``taken``.
    """
    head = f"{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}"
    if 1900 <= birth.year <= 1999:
        sevenths = (0, 1, 2, 3) + ((4, 9) if birth.year >= 1937 else ())
    elif 2000 <= birth.year <= 2036:
        sevenths = (4, 9)
    else:
        raise ValueError(f"no CPR century digit for {birth.year}")
    while True:
        seventh = rng.choice(sevenths)
        middle = rng.randrange(100)
        last = rng.randrange(0, 10, 2) + (0 if female else 1)
        number = f"{head}{seventh}{middle:02d}{last}"
        checksum = sum(w * int(d) for w, d in zip(CPR_WEIGHTS, number, strict=True)) % 11
        if checksum != 0 and number not in taken:
            taken.add(number)
            return number


def citizen_row(rng: random.Random, citizen_id: int, today: date, taken: set[str],
                created: datetime) -> dict:
    female = rng.random() < 0.55
    first = rng.choice(names.FEMALE if female else names.MALE)
    middle = f" {rng.choice(names.MIDDLE)}" if rng.random() < 0.35 else ""
    surname = rng.choice(names.SURNAMES)
    age_days = rng.randint(20 * 365, 66 * 365)
    birth = today - timedelta(days=age_days)
    postal, town = rng.choice(names.TOWNS)
    status = EMPLOYMENT.pick(rng)
    employer = cvr = job = hours = None
    if status == "employed":
        template, titles = rng.choice(names.EMPLOYERS)
        employer, job = template.format(town=town.split()[0]), rng.choice(titles)
        cvr = f"{rng.randrange(10_000_000, 99_999_999)}"
        hours = float(rng.choice((37, 37, 37, 32, 30, 25)))
    elif status == "unemployed":
        job = rng.choice(rng.choice(names.EMPLOYERS)[1])
    email_name = f"{first}.{surname}".lower().translate(str.maketrans("æøå", "eoa"))
    return {
        "id": citizen_id,
        "cpr": make_cpr(rng, birth, female, taken),
        "name": f"{first}{middle} {surname}",
        "birth_date": birth,
        "address": f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
        "postal_code": postal,
        "city": town,
        "phone": f"{rng.choice('2345678')}{rng.randrange(10_000_000):07d}",
        "email": f"{email_name}{rng.randint(1, 99)}@eksempel.dk",
        "employment_status": status,
        "employer_name": employer,
        "employer_cvr": cvr,
        "job_title": job,
        "weekly_hours": hours,
        "unemployment_fund": rng.choice(names.UNEMPLOYMENT_FUNDS) if status != "self_employed"
        else None,
        "edited_fields": "",
        "created_at": created,
        "updated_at": created,
    }
