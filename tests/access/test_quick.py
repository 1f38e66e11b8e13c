"""The quick check (``caseload overdue``/``today``) holds to the same access rules."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.access.conftest import Team, audit_rows

Cli = Callable[..., tuple[int, str, str]]
ON = "2026-12-01"  # every case of the fixture has an overdue follow-up by then


def overdue_cases(cli: Cli, team: Team, login: str, *flags: str) -> set[str]:
    code, out, err = cli(login, "overdue", "--json", "--today", ON, "--db", team.db, *flags)
    assert code == 0, err
    by_id = {case_id: key for key, case_id in team.cases.items()}
    return {by_id[row["case_id"]] for row in json.loads(out)}


def test_two_caseworkers_and_a_lead_see_exactly_what_they_should(cli: Cli,
                                                                  team: Team) -> None:
    assert overdue_cases(cli, team, "anna") == {"anna-1", "anna-2"}
    assert overdue_cases(cli, team, "bo") == {"bo-1", "bo-2"}
    assert overdue_cases(cli, team, "anna", "--as", "anna") == {"anna-1", "anna-2"}
    assert overdue_cases(cli, team, "lena", "--all") == set(team.cases)
    assert overdue_cases(cli, team, "lena", "--as", "bo") == {"bo-1", "bo-2"}
    assert overdue_cases(cli, team, "lena") == set()  # a lead has no cases of her own


def test_every_list_read_is_one_search_entry(cli: Cli, team: Team) -> None:
    counts = []
    for login, flags in (("anna", ()), ("lena", ("--as", "bo"))):
        code, out, _ = cli(login, "overdue", "--json", "--today", ON, "--db", team.db, *flags)
        counts.append(len(json.loads(out)))
    code, _, _ = cli("lena", "today", "--all", "--today", ON, "--db", team.db)
    assert code == 0
    searches = [(e["actor"], e["detail"]) for e in audit_rows(team.db, action="search")]
    assert searches == [
        ("anna", f"overdue on {ON}: own cases, {counts[0]} rows"),
        ("lena", f"overdue on {ON}: bo's cases, {counts[1]} rows"),
        ("lena", f"today on {ON}: the whole team, 0 rows"),
    ]
    assert min(counts) >= 2


@pytest.mark.parametrize("command", ["overdue", "today"])
@pytest.mark.parametrize(("flags", "refused"), [
    (("--as", "bo"), "--as is for team leads"),
    (("--all",), "--all (the whole team's cases) is for team leads"),
])
def test_a_caseworker_using_as_or_all_is_refused_and_logged(
        cli: Cli, team: Team, command: str, flags: tuple[str, ...], refused: str) -> None:
    code, out, err = cli("anna", command, "--json", "--db", team.db, *flags)
    assert (code, out) == (1, "")
    assert refused in err and "Traceback" not in err
    [entry] = audit_rows(team.db, action="refused")
    assert entry["actor"] == "anna" and entry["detail"] == " ".join(flags)
    assert audit_rows(team.db, action="search") == []  # nothing was shown


def test_someone_not_in_the_team_is_refused(cli: Cli, team: Team) -> None:
    code, out, err = cli("mallory", "overdue", "--db", team.db)
    assert (code, out) == (1, "")
    assert "not a caseworker in this database" in err
    assert [e["actor"] for e in audit_rows(team.db, action="refused")] == ["mallory"]
