"""Text already in the database that a terminal or a spreadsheet would obey (issue 14,
"Leaks and injection"): escaped wherever it is shown, neutralised in every CSV. Through the
CLI in subprocesses; the app's table through the widget that every screen uses."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from caseload.services.policy import Actor
from tests.access.conftest import Team, run_as

EVIL = "Mette\x1b]0;pwned\x07 \x1b[2J\u202eKjær\x9b"
SHOWN = "Mette\\x1b]0;pwned\\x07 \\x1b[2J\\u202eKjær\\x9b"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


LENA = Actor("lena", 1, "team_lead", scope_id=None)  # the team's lead (workers["lena"])


def put_name(team: Team, key: str) -> None:
    with sqlite3.connect(team.db) as conn:
        conn.execute("UPDATE citizens SET name = ? WHERE id = ?", (EVIL, team.citizens[key]))


def clean(text: str) -> bool:
    return not any(char in text for char in RAW)


def test_names_from_outside_are_escaped_in_overdue_team_and_audit(team: Team) -> None:
    put_name(team, "nobody")
    put_name(team, "anna-1")
    team.engine.dispose()
    for login, args in (("lena", ("overdue", "--all", "--today", "2026-11-23")),
                        ("lena", ("overdue", "--all", "--today", "2026-11-23", "--json")),
                        ("anna", ("team", "unassigned")),
                        ("anna", ("team", "unassigned", "--json")),
                        ("lena", ("audit", str(team.cases["anna-1"])))):
        code, out, err = run_as(login, *args, "--db", team.db)
        assert code == 0, (args, err)
        assert clean(out + err), args
        assert "Mette" in out, args
    code, out, _ = run_as("anna", "team", "unassigned", "--json", "--db", team.db)
    assert '"citizen": "Mette\\u001b]0;pwned\\u0007 \\u001b[2J\\u202eKjær\\u009b"' in out
    code, out, _ = run_as("anna", "team", "unassigned", "--db", team.db)
    assert SHOWN[:20] in out


def test_the_txt_export_escapes_the_name_and_keeps_the_notes_lines(
        team: Team, tmp_path: Path) -> None:
    from caseload.services.notes import write_note
    from caseload.store.uow import write_session

    with write_session(team.engine) as session:
        write_note(session, case_id=team.cases["anna-1"], author="lena",
                   body="Første linje\nanden\x1b[2J linje", actor=LENA)
    put_name(team, "anna-1")
    team.engine.dispose()
    out = tmp_path / "journal"
    code, _, err = run_as("lena", "export", "notes", "--all", "--format", "txt", "--out", out,
                          "--db", team.db)
    assert code == 0, err
    [written] = out.iterdir()
    text = written.read_text("utf-8")
    assert clean(text)
    assert f"Borger: {SHOWN}" in text
    assert "Første linje\nanden\\x1b[2J linje" in text


def test_the_audit_csv_neutralises_formulas(team: Team, tmp_path: Path) -> None:
    team.engine.dispose()
    purposes = ['=HYPERLINK("http://evil.example","klik")', "+1+2", "-3", "@SUM(A1)",
                "ok"]  # a leading tab or CR is trimmed from a purpose before it is kept
    for purpose in purposes:
        assert run_as("lena", "audit", str(team.cases["bo-1"]), "--purpose", purpose,
                      "--db", team.db)[0] == 0
    target = tmp_path / "history.csv"
    code, _, err = run_as("lena", "audit", str(team.cases["bo-1"]), "--out", target,
                          "--db", team.db)
    assert code == 0, err
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    shown = [row["purpose"] for row in rows if row["purpose"]]
    assert shown == ["'" + p if p != "ok" else p for p in purposes]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in rows for cell in row.values())


def test_the_apps_tables_escape_every_cell() -> None:
    from rich.text import Text

    from caseload.widgets.tables import _safe

    assert Text.from_markup(_safe(EVIL)).plain == SHOWN  # as the DataTable renders it
    styled = _safe(Text(EVIL, style="bold"))  # Rich drops BEL itself; ESC and the rest stay
    assert clean(styled.plain) and "\\x1b]0;pwned" in styled.plain and styled.style == "bold"
    assert _safe(Text("plain", style="bold")).plain == "plain"
    assert _safe(3) == 3
