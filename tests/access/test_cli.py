"""The team, audit and permission commands, run as different login names."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from caseload.services.access import require_case, resolve_actor
from caseload.store.uow import read_session
from tests.access.conftest import CPRS, Team, audit_rows

Cli = Callable[..., tuple[int, str, str]]


def test_init_makes_its_creator_the_first_team_lead(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    code, _, err = cli("lena", "init", "--db", db)
    assert code == 0, err
    assert "du (lena) er teamleder" in err
    assert cli("lena", "team", "add", "anna", "--name", "Anna A", "--birth-days", "1-10",
               "--db", db)[0] == 0
    code, out, _ = cli("lena", "team", "list", "--json", "--db", db)
    assert code == 0
    assert [(m["login"], m["role"], m["birth_days"]) for m in json.loads(out)] == [
        ("anna", "caseworker", "1-10"), ("lena", "team_lead", None)]
    code, _, err = cli("anna", "init", "--db", db)  # an upgrade adds no lead
    assert code == 0 and "team lead" not in err


@pytest.mark.sqlite_file
def test_a_caseworker_cannot_run_the_lead_commands(cli: Cli, team: Team) -> None:
    for argv in (("team", "list"), ("team", "add", "eve", "--name", "Eve"),
                 ("team", "reassign", str(team.cases["bo-1"]), "anna"),
                 ("audit", str(team.cases["anna-1"])), ("audit", "--prune"),
                 ("backup", str(team.db.parent / "b.db"))):
        code, out, err = cli("anna", *argv, "--db", team.db)
        assert code == 1, argv
        assert "for team leads" in err and "Traceback" not in err
        assert out == ""
    assert len(audit_rows(team.db, action="refused", actor="anna")) == 6
    assert not (team.db.parent / "b.db").exists()


def test_unassigned_and_take_for_every_caseworker(cli: Cli, team: Team) -> None:
    code, out, _ = cli("bo", "team", "unassigned", "--json", "--db", team.db)
    assert code == 0
    [row] = json.loads(out)
    assert row["case_id"] == team.cases["nobody"]
    assert row["cpr"] == CPRS["nobody"][:6] + "-xxxx"
    assert cli("bo", "team", "take", str(team.cases["nobody"]), "--db", team.db)[0] == 0
    code, _, err = cli("anna", "team", "take", str(team.cases["nobody"]), "--db", team.db)
    assert code == 1 and "not assigned to you" in err


def read_as(team: Team, login: str, key: str, purpose: str | None = None) -> None:
    with read_session(team.engine) as session:
        require_case(session, resolve_actor(session, login), team.cases[key], "read",
                     purpose=purpose)


def test_every_read_of_a_citizen_shows_in_the_audit(cli: Cli, team: Team) -> None:
    read_as(team, "anna", "anna-1", purpose="follow-up interview")
    read_as(team, "lena", "anna-1")
    for key in (CPRS["anna-1"], CPRS["anna-1"].replace("-", ""), str(team.cases["anna-1"])):
        code, out, err = cli("lena", "audit", key, "--json", "--db", team.db)
        assert code == 0, err
        history = json.loads(out)
        assert history["citizen"]["cpr"] == "150381-xxxx"
        reads = [(e["actor"], e["action"], e["purpose"]) for e in history["entries"]
                 if e["action"] == "read"]
        assert reads == [("anna", "read", "follow-up interview"), ("lena", "read", None)]
    # The exports themselves are in the log too (all three, with the citizen).
    exports = audit_rows(team.db, action="export", citizen_id=team.citizens["anna-1"])
    assert len(exports) == 3
    code, out, err = cli("lena", "audit", CPRS["bo-1"], "--db", team.db)
    assert code == 0
    assert "Adgangshistorik" in out and "010180-xxxx" in out and "0101801111" not in out


def test_audit_out_file_is_private(cli: Cli, team: Team, tmp_path: Path) -> None:
    read_as(team, "bo", "bo-2")
    target = tmp_path / "history.csv"
    code, out, err = cli("lena", "audit", str(team.cases["bo-2"]), "--out", target,
                         "--purpose", "citizen's request", "--db", team.db)
    assert code == 0, err
    assert out == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == "at,actor,action,case_id,detail,purpose"
    used = [line for line in lines[1:] if ",setup," not in line]  # not the case's making
    assert ",bo,read," in used[0]
    [export] = audit_rows(team.db, action="export")
    assert export["purpose"] == "citizen's request"


def test_unknown_citizen_messages_never_show_the_cpr(cli: Cli, team: Team) -> None:
    code, _, err = cli("lena", "audit", "1212121212", "--db", team.db)
    assert code == 1
    assert "121212-xxxx" in err and "1212121212" not in err
    assert cli("lena", "audit", "what", "--db", team.db)[0] == 2


def test_retention_prunes_old_entries_and_logs_the_pruning(cli: Cli, team: Team) -> None:
    from caseload.models import AuditEntry
    from caseload.store.uow import write_session

    now = datetime.now(UTC)
    with write_session(team.engine) as session:
        for days in (4000, 1900, 10):
            session.add(AuditEntry(at=now - timedelta(days=days), actor="anna", action="read",
                                   citizen_id=team.citizens["anna-1"],
                                   case_id=team.cases["anna-1"]))
    assert cli("lena", "audit", "--prune", "--db", team.db)[0] == 0  # five years by default
    ages = sorted((now - datetime.fromisoformat(e["at"]).replace(tzinfo=UTC)).days
                  for e in audit_rows(team.db, action="read"))
    assert ages == [10]
    [prune] = audit_rows(team.db, action="prune")
    assert prune["actor"] == "lena" and prune["detail"].startswith("2 entries older than")
    code, _, err = cli("lena", "audit", "--retention-days", "5", "--prune", "--db", team.db)
    assert code == 0, err
    assert audit_rows(team.db, action="read") == []
    assert "slettede 1 poster" in err


@pytest.mark.sqlite_file
def test_a_database_others_can_read_is_refused(cli: Cli, team: Team,
                                               monkeypatch) -> None:  # noqa: ANN001
    os.chmod(team.db, 0o644)
    code, out, err = cli("lena", "team", "list", "--db", team.db)
    assert code == 1
    assert "can be read by every user" in err and "chmod o-rwx" in err
    code, _, err = cli("lena", "overdue", "--db", team.db)  # the quick check as well
    assert code == 1 and "can be read by every user" in err
    os.chmod(team.db, 0o640)
    code, _, err = cli("lena", "team", "list", "--db", team.db)
    assert code == 1 and "no group is configured" in err
    import grp

    monkeypatch.setenv("CASELOAD_GROUP", grp.getgrgid(os.getgid()).gr_name)
    code, _, err = cli("lena", "team", "list", "--db", team.db)  # a folder without setgid
    assert code == 1 and f"'chmod g+s {team.db.parent}'" in err
    os.chmod(team.db.parent, os.stat(team.db.parent).st_mode | 0o2000)
    assert cli("lena", "team", "list", "--db", team.db)[0] == 0
    monkeypatch.setenv("CASELOAD_GROUP", "nogroup" if os.getgid() != 65534 else "root")
    code, _, err = cli("lena", "team", "list", "--db", team.db)
    assert code == 1 and "a group other than" in err
