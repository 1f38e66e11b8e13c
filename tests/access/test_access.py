"""Access by work need, through the services: who sees and changes which case."""

from __future__ import annotations

from datetime import datetime

import pytest

from caseload.errors import AccessDenied, NotFound, UsageError
from caseload.services import team as team_service
from caseload.services.access import require_case, resolve_actor
from caseload.store.uow import read_session, write_session
from tests.access.conftest import Team, audit_rows
from tests.actors import LEAD


def actor(team: Team, login: str, **kwargs: object):  # noqa: ANN201
    with read_session(team.engine) as session:
        return resolve_actor(session, login, **kwargs)


def visible(team: Team, login: str, action: str = "read") -> set[str]:
    """The cases (by fixture key) ``login`` may do ``action`` on."""
    who = actor(team, login)
    allowed = set()
    for key, case_id in team.cases.items():
        try:
            with write_session(team.engine) as session:
                require_case(session, who, case_id, action)
            allowed.add(key)
        except AccessDenied:
            pass
    return allowed


def test_each_sees_exactly_what_they_should(team: Team) -> None:
    everything = set(team.cases)
    assert visible(team, "lena") == everything
    assert visible(team, "anna") == {"anna-1", "anna-2", "nobody"}
    assert visible(team, "bo") == {"bo-1", "bo-2", "nobody"}


def test_each_changes_exactly_what_they_should(team: Team) -> None:
    assert visible(team, "lena", "change") == set(team.cases)
    assert visible(team, "anna", "change") == {"anna-1", "anna-2"}
    assert visible(team, "bo", "change") == {"bo-1", "bo-2"}


def test_a_refusal_says_why_and_is_logged_although_its_transaction_rolls_back(
        team: Team) -> None:
    anna = actor(team, "anna")
    case_id = team.cases["bo-1"]
    with pytest.raises(AccessDenied) as refused, write_session(team.engine) as session:
        require_case(session, anna, case_id, "change")
    assert f"case {case_id} is not assigned to you (anna)" in str(refused.value)
    assert "team lead can reassign" in str(refused.value)
    [entry] = audit_rows(team.db, action="refused")
    assert entry["actor"] == "anna"
    assert entry["case_id"] == case_id
    assert entry["citizen_id"] == team.citizens["bo-1"]
    assert entry["detail"] == f"change case {case_id}"


def test_reads_and_changes_are_logged_with_purpose(team: Team) -> None:
    anna = actor(team, "anna")
    with read_session(team.engine) as session:
        require_case(session, anna, team.cases["anna-1"], "read", purpose="follow-up")
    with write_session(team.engine) as session:
        require_case(session, anna, team.cases["anna-2"], "change", detail="book interview")
    read, change = audit_rows(team.db, actor="anna")
    assert (read["action"], read["citizen_id"], read["purpose"]) == (
        "read", team.citizens["anna-1"], "follow-up")
    assert (change["action"], change["detail"]) == ("change", "book interview")


def test_a_change_rolled_back_leaves_no_change_entry(team: Team) -> None:
    lena = actor(team, "lena")
    with pytest.raises(RuntimeError), write_session(team.engine) as session:
        require_case(session, lena, team.cases["bo-1"], "change")
        raise RuntimeError("the use case failed after the check")
    assert audit_rows(team.db, action="change") == []


def test_as_and_all_are_for_team_leads(team: Team) -> None:
    lead = actor(team, "lena", all_=True)
    assert lead.team_wide and lead.login == "lena"
    as_anna = actor(team, "lena", as_user="anna")
    assert (as_anna.login, as_anna.scope_id) == ("lena", team.workers["anna"])
    assert actor(team, "anna", as_user="anna").scope_id == team.workers["anna"]
    with pytest.raises(AccessDenied, match="--as is for team leads"):
        actor(team, "anna", as_user="bo")
    with pytest.raises(AccessDenied, match="--all .* is for team leads"):
        actor(team, "bo", all_=True)
    with pytest.raises(UsageError):
        actor(team, "lena", as_user="anna", all_=True)
    with pytest.raises(NotFound):
        actor(team, "lena", as_user="nemo")
    details = [(e["actor"], e["detail"]) for e in audit_rows(team.db, action="refused")]
    assert details == [("anna", "--as bo"), ("bo", "--all")]


def test_an_unknown_or_deactivated_login_is_refused_and_logged(team: Team) -> None:
    with pytest.raises(AccessDenied, match="caseload team add mallory"):
        actor(team, "mallory")
    lena = actor(team, "lena")
    with write_session(team.engine) as session:
        team_service.update_member(session, lena, "bo", active=False)
    with pytest.raises(AccessDenied, match="deactivated"):
        actor(team, "bo")
    assert [e["actor"] for e in audit_rows(team.db, action="refused")] == ["mallory", "bo"]


def test_a_caseworker_takes_over_an_unassigned_case_then_may_change_it(team: Team) -> None:
    anna, bo = actor(team, "anna"), actor(team, "bo")
    case_id = team.cases["nobody"]
    with pytest.raises(AccessDenied, match="take it over first"), \
            write_session(team.engine) as session:
        require_case(session, anna, case_id, "change")
    with read_session(team.engine) as session:
        listed = [row.case_id for row in team_service.unassigned_cases(session, anna)]
    assert listed == [case_id]
    with write_session(team.engine) as session:
        team_service.take_case(session, anna, case_id)
    with write_session(team.engine) as session:
        require_case(session, anna, case_id, "change")  # hers now
    with pytest.raises(AccessDenied), write_session(team.engine) as session:
        team_service.take_case(session, bo, case_id)  # not bo's to take any more
    assert visible(team, "bo") == {"bo-1", "bo-2"}


def test_only_a_lead_reassigns_and_coming_interviews_move_along(team: Team) -> None:
    from caseload.models import Case, Interview
    from caseload.services.interviews import book_interview

    anna, lena = actor(team, "anna"), actor(team, "lena")
    case_id = team.cases["anna-1"]
    with write_session(team.engine) as session:
        booked = book_interview(session, case_id, kind="follow_up", mode="phone",
                                at=datetime(2099, 1, 5, 10, 0), actor=LEAD).id
    with pytest.raises(AccessDenied, match="for team leads"), \
            write_session(team.engine) as session:
        team_service.reassign(session, anna, case_id, "bo")
    with write_session(team.engine) as session:
        team_service.reassign(session, lena, case_id, "bo", purpose="anna on leave")
    with read_session(team.engine) as session:
        assert session.get(Case, case_id).caseworker_id == team.workers["bo"]
        assert session.get(Interview, booked).caseworker_id == team.workers["bo"]
    [entry] = audit_rows(team.db, actor="lena", action="change")
    assert entry["detail"] == "reassigned from anna to bo"
    assert entry["purpose"] == "anna on leave"
    assert "anna-1" not in visible(team, "anna")


def test_the_team_keeps_an_active_lead(team: Team) -> None:
    from caseload.errors import DomainError

    lena = actor(team, "lena")
    with pytest.raises(DomainError, match="at least one active team lead"), \
            write_session(team.engine) as session:
        team_service.update_member(session, lena, "lena", role="caseworker")
    with pytest.raises(DomainError, match="--birth-days"), \
            write_session(team.engine) as session:
        team_service.add_member(session, lena, login="cai", name="Cai", birth_days="0-40")
