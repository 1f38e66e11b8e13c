"""``caseload notes verify`` and ``caseload export notes`` from the command line."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest

from caseload.cli import main
from caseload.services.notes import write_note
from caseload.store.uow import write_session
from tests.actors import LEAD
from tests.notes.conftest import BODY, NOW


def run(args: list[str], capsys) -> tuple[int, str, str]:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


@pytest.fixture
def noted(world):  # noqa: ANN001, ANN201
    with write_session(world.engine) as s:
        for case in ("anna", "bo", "unassigned"):
            write_note(s, case_id=world.cases[case], body=BODY, author="kbe", now=NOW, actor=LEAD)
    return world


def test_verify_ok_then_broken(noted, db_path, capsys) -> None:  # noqa: ANN001
    code, out, _ = run(["notes", "verify", "--db", str(db_path)], capsys)
    assert code == 0 and out.startswith("OK")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE notes SET body = 'manipuleret' WHERE id = 2")
    code, out, _ = run(["notes", "verify", "--db", str(db_path)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"BRUDT notat 2 (sag {noted.cases['bo']}): indholdet er ændret, efter det blev gemt"]
    assert "manipuleret" not in out
    code, out, _ = run(["notes", "verify", "--json", "--db", str(db_path)], capsys)
    assert code == 1 and json.loads(out)["problems"][0]["note_id"] == 2


def test_export_all_pdf_then_nothing_new(noted, db_path, tmp_path, capsys) -> None:  # noqa: ANN001
    out_dir = tmp_path / "journal"
    args = ["export", "notes", "--all", "--format", "pdf", "--out", str(out_dir),
            "--db", str(db_path)]
    code, out, err = run([*args, "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert (len(data["files"]), data["notes"], data["cases"]) == (3, 3, 3)
    assert "skrev 3 fil(er)" in err and "3 notat(er) på 3 sag(er)" in err
    assert stat.S_IMODE(out_dir.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out_dir.iterdir())
    code, out, err = run(args, capsys)
    assert (code, out) == (0, "") and "intet at eksportere" in err
    code, out, _ = run([*args, "--again", "--since", "2026-11-20", "--until", "2026-11-20",
                        "--json"], capsys)
    assert code == 0 and len(json.loads(out)["files"]) == 3


def test_export_as_the_logged_in_caseworker_by_default(noted, db_path, tmp_path, capsys,  # noqa: ANN001
                                                      monkeypatch) -> None:
    from caseload import identity

    lead = identity.current_login()
    monkeypatch.setattr(identity, "current_login", lambda: "lmo")
    code, out, _ = run(["export", "notes", "--format", "json", "--out", str(tmp_path),
                        "--db", str(db_path), "--json"], capsys)
    assert code == 0
    assert [f.rsplit("/", 1)[1] for f in json.loads(out)["files"]] == [
        f"case-{noted.cases['bo']:05d}_2026-11-20.json"]
    code, out, err = run(["export", "notes", "--as", "kbe", "--format", "txt", "--out",
                          str(tmp_path), "--db", str(db_path), "--json"], capsys)
    assert (code, out) == (1, "") and "--as is for team leads" in err  # lmo is no lead
    monkeypatch.setattr(identity, "current_login", lambda: lead)
    code, out, _ = run(["export", "notes", "--as", "kbe", "--format", "txt", "--out",
                        str(tmp_path), "--db", str(db_path), "--json"], capsys)
    assert code == 0 and len(json.loads(out)["files"]) == 1
    monkeypatch.setattr(identity, "current_login", lambda: "nobody")
    code, out, err = run(["export", "notes", "--out", str(tmp_path), "--db", str(db_path)],
                         capsys)
    assert code == 1 and "you (nobody) are not a caseworker" in err and out == ""


@pytest.mark.parametrize("extra", [
    ["--since", "2026-13-01"], ["--until", "someday"], ["--as", "kbe", "--all"],
    ["--format", "docx"], ["--since", "2026-11-21", "--until", "2026-11-20"],
])
def test_usage_errors_exit_2_and_write_nothing(noted, db_path, tmp_path, capsys,  # noqa: ANN001
                                               extra) -> None:
    code, out, _ = run(["export", "notes", "--out", str(tmp_path / "x"), "--db",
                        str(db_path), *extra], capsys)
    assert code == 2 and out == ""
    assert not (tmp_path / "x").exists()


def test_a_missing_database_path_is_a_usage_error(tmp_path, capsys) -> None:  # noqa: ANN001
    code, _, err = run(["notes", "verify", "--db", str(tmp_path / "none.db")], capsys)
    assert code == 2 and "none.db" in err  # --db names a file that is not there


def test_an_out_path_that_is_a_file_is_a_domain_error(noted, db_path, tmp_path, capsys) -> None:  # noqa: ANN001
    target = tmp_path / "file"
    target.write_text("x")
    code, out, err = run(["export", "notes", "--all", "--out", str(target), "--db",
                          str(db_path)], capsys)
    assert code == 1 and "is not a directory" in err
    code, _, err = run(["export", "notes", "--all", "--out", str(target / "sub"), "--db",
                        str(db_path)], capsys)
    assert code == 1 and "cannot write" in err
    code, out, _ = run(["export", "notes", "--all", "--out", str(tmp_path / "ok"), "--db",
                        str(db_path), "--json"], capsys)
    assert code == 0 and len(json.loads(out)["files"]) == 3  # nothing was marked before
