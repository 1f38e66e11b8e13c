"""One audit append that always masks, and an acting caseworker every use case must be given."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import UTC, datetime

import pytest

import caseload.services
from caseload.services import notes
from caseload.services.access import resolve_actor
from caseload.services.citizen_view import citizen_view, reveal_cpr
from caseload.store.uow import read_session, write_session
from tests.access.conftest import CPRS, Team, audit_rows

ON = datetime(2026, 12, 1, tzinfo=UTC).date()


def test_reveal_cpr_stores_its_purpose_masked(team: Team) -> None:
    case_id = team.cases["anna-1"]
    with write_session(team.engine) as session:
        anna = resolve_actor(session, "anna")
        number = reveal_cpr(session, case_id, actor=anna,
                            purpose=f"borgeren ringede om {CPRS['bo-1']} (sin søn)")
    assert number == CPRS["anna-1"]
    [entry] = audit_rows(team.db, action="reveal_cpr")
    assert entry["actor"] == "anna"
    assert entry["purpose"] == f"borgeren ringede om {CPRS['bo-1'][:6]}-xxxx (sin søn)"
    assert CPRS["bo-1"][-4:] not in str(entry)


def test_a_note_and_an_export_are_logged_through_the_same_masking_append(team: Team) -> None:
    case_id = team.cases["anna-1"]
    with write_session(team.engine) as session:
        anna = resolve_actor(session, "anna")
        note = notes.write_note(session, case_id=case_id, body="Samtale holdt.",
                                author="anna", actor=anna)
    with write_session(team.engine) as session:
        from caseload.services import audit

        audit.log(session, "anna", "export", case_id=case_id,
                  detail=f"notes for {CPRS['anna-1']}", purpose=f"sag {CPRS['anna-1']}")
    created, exported = (audit_rows(team.db, action=a)[-1] for a in ("create", "export"))
    assert (created["actor"], created["detail"]) == ("anna", f"note {note.id}")
    assert exported["citizen_id"] == team.citizens["anna-1"]  # found from the case
    assert exported["detail"] == f"notes for {CPRS['anna-1'][:6]}-xxxx"
    assert exported["purpose"] == f"sag {CPRS['anna-1'][:6]}-xxxx"


def _use_cases_taking_an_actor() -> list[tuple[str, inspect.Parameter]]:
    found = []
    for module in pkgutil.iter_modules(caseload.services.__path__):
        mod = importlib.import_module(f"caseload.services.{module.name}")
        for name, fn in vars(mod).items():
            if inspect.isfunction(fn) and fn.__module__ == mod.__name__:
                parameter = inspect.signature(fn).parameters.get("actor")
                if parameter is not None:
                    found.append((f"{mod.__name__}.{name}", parameter))
    return found


def test_every_use_case_requires_its_actor() -> None:
    found = dict(_use_cases_taking_an_actor())
    assert {"caseload.services.citizen_view.citizen_view", "caseload.services.cases.close_case",
            "caseload.services.notes.write_note", "caseload.services.views.overdue",
            "caseload.services.interviews.book_interview"} <= set(found)
    optional = [name for name, p in found.items()
                if p.default is not inspect.Parameter.empty
                and name != "caseload.services.audit.prune"]  # the retention job: "caseload"
    assert optional == []


def test_a_missing_actor_is_refused_not_skipped(team: Team) -> None:
    with read_session(team.engine) as session, pytest.raises(TypeError, match="acting"):
        citizen_view(session, team.cases["bo-1"], today=ON, actor=None)
    assert audit_rows(team.db, action="read") == []
