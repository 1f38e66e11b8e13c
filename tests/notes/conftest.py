"""Fixtures for notes: a database with two caseworkers, three citizens and their cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from caseload import identity
from caseload.models import Case, Caseworker, Citizen, Interview
from caseload.store.uow import write_session

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # 10:30 in Denmark

BODY = (
    "Arbejdsevne og sygemelding\n"
    "Sygemeldt med diskusprolaps; kan gå 20 minutter ad gangen.\n\n"
    "Borgerens ressourcer\n"
    "Erfaren social- og sundhedsassistent, støttende ægtefælle.\n\n"
    "Barrierer og hvad borgeren selv kan gøre\n"
    "Frygt for at løfte; træner selv hver dag på Ærø-øvelserne.\n\n"
    "Hurtigste vej tilbage til arbejde\n"
    "Delvis raskmelding med 10 timer om ugen i hjemmeplejen, Århus.\n\n"
    "Aftaler og næste skridt\n"
    "Næste samtale 27.11.2026; Søren kontakter arbejdsgiveren før.\n"
)


@dataclass
class World:
    engine: object
    cases: dict[str, int]  # "anna" | "bo" | "unassigned" -> case id
    interview: int  # a follow-up interview on anna's case


@pytest.fixture
def world(engine) -> Iterator[World]:  # noqa: ANN001
    with write_session(engine) as s:
        kbe = Caseworker(login="kbe", name="Kirsten Bøgh")
        lmo = Caseworker(login="lmo", name="Lars Mørk")
        lead = Caseworker(login=identity.current_login(), name="Lead", role="team_lead")
        s.add_all([kbe, lmo, lead])
        s.flush()
        people = [("anna", "1503821234", "Anna Ærø Østergaard", kbe.id),
                  ("bo", "0101901111", "Bo Åkjær", lmo.id),
                  ("unassigned", "3112695555", "Cæcilie Løvstrøm", None)]
        cases = {}
        for key, cpr, name, worker in people:
            citizen = Citizen(cpr=cpr, name=name, birth_date=date(1982, 3, 15),
                              created_at=NOW, updated_at=NOW)
            s.add(citizen)
            s.flush()
            case = Case(citizen_id=citizen.id, caseworker_id=worker,
                        first_absence_day=date(2026, 9, 1), created_at=NOW, updated_at=NOW)
            s.add(case)
            s.flush()
            cases[key] = case.id
        interview = Interview(case_id=cases["anna"], kind="follow_up", mode="in_person",
                              status="held", booked_for=datetime(2026, 11, 20, 10, 0),
                              caseworker_id=kbe.id, created_at=NOW, updated_at=NOW)
        s.add(interview)
        s.flush()
        interview_id = interview.id
    yield World(engine=engine, cases=cases, interview=interview_id)
