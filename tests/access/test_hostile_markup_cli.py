"""Rich markup in names from outside (issue 14): the CLI's tables (``overdue``,
``team unassigned``, ``audit``) show ``[bold red]…[/]`` and ``[link=…]`` as typed. Through
the CLI in subprocesses: exit code, what is printed, the name stored unchanged, the reads
logged."""

from __future__ import annotations

import sqlite3

from tests.access.conftest import CPRS, Team, audit_rows, run_as

NAME = "[bold red]Mette[/] [link=https://evil.example]klik[/link] :smile: x\\[b]"


def test_markup_in_a_name_is_printed_as_typed(team: Team) -> None:
    with sqlite3.connect(team.db) as conn:
        for key in ("nobody", "anna-1"):
            conn.execute("UPDATE citizens SET name = ? WHERE id = ?",
                         (NAME, team.citizens[key]))
    conn.close()
    team.engine.dispose()
    wide = {"COLUMNS": "300"}  # one line a row, so the name is not wrapped
    for login, args in (("lena", ("overdue", "--all", "--today", "2026-11-23")),
                        ("anna", ("team", "unassigned")),
                        ("lena", ("audit", CPRS["anna-1"]))):
        code, out, err = run_as(login, *args, "--db", team.db, env=wide)
        assert code == 0, (args, err)
        assert NAME in " ".join(out.split()), (args, out)  # a title may wrap
        assert "\x1b]8;" not in out  # no hyperlink escape either
    with sqlite3.connect(team.db) as conn:
        stored = {row[0] for row in conn.execute("SELECT name FROM citizens WHERE id IN "
                                                 f"({team.citizens['nobody']}, "
                                                 f"{team.citizens['anna-1']})")}
    conn.close()
    assert stored == {NAME}
    assert any(r["actor"] == "lena" and r["action"] == "export"
               for r in audit_rows(team.db, citizen_id=team.citizens["anna-1"]))
