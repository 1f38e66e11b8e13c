"""``caseload import`` starts quickly: no SQLAlchemy, SQLModel, Alembic or Textual on its path
(the bulk path writes with plain ``sqlite3``), and once the holiday cache is written, not the
``holidays`` package either (``caseload.holiday_cache``). Typer itself loads Pydantic to
convert option values (the patch of its private parameters that avoided it is gone:
``caseload overdue``/``today`` start without Typer, ``caseload.quickcheck``)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from tests.importer.conftest import dump, good, write_csv, write_jsonl
from tests.probe import loaded

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual")

def probe(*args: object, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    return loaded(heavy, *args)


def test_importing_a_small_batch_loads_no_heavy_library(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good(), good(form_id="B", cpr="160382-1235")])
    write_csv(tmp_path / "b.csv", [good(form_id="C", cpr="170383-1234")])
    args = ("import", tmp_path / "a.jsonl", tmp_path / "b.csv", "--db", db_path,
            "--today", "2026-11-23")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "caseload"
    assert not cache.exists()
    assert probe(*args) == {"code": 0, "heavy": []}  # writes the holiday cache
    assert len(dump(db_path)["forms"]) == 3 and len(list(cache.glob("holidays-dk-*"))) == 1
    # All skipped the second time; the holidays come from the cache.
    assert probe(*args, "--json", heavy=(*HEAVY, "holidays")) == {"code": 0, "heavy": []}
    assert probe("import", "--rejected", "--db", db_path) == {"code": 0, "heavy": []}


# What the import (started by the console script without Typer, caseload.morning) does not
# use: the CLI framework (Typer, Click, and Pydantic, which Typer loads to convert options),
# Rich (only for a progress bar on a terminal: the probe's stderr is a pipe), the ORM and
# the app, python-stdnum (the CPR birth date is written out; stdnum reads only non-ASCII
# numbers), importlib.metadata and email (the holiday cache's version comes from its
# dist-info folder), psycopg on SQLite; nor the worklist query, tomllib's resources reader
# or pickle (a child reading the forms is only started for a big batch).
NOT_ON_THE_IMPORT_PATH = (*HEAVY, "typer", "click", "pydantic", "rich", "stdnum",
                          "importlib.metadata", "importlib.resources", "zipfile", "email",
                          "psycopg", "holidays", "caseload.store.queries.worklist", "pickle")


def test_the_import_loads_nothing_it_does_not_use(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good(), good(form_id="B", cpr="160382-1235")])
    write_csv(tmp_path / "b.csv", [good(form_id="C", cpr="170383-1234", postal_code="12")])
    args = ("import", tmp_path, "--db", db_path, "--today", "2026-11-23")
    assert probe(*args)["code"] == 1  # one rejected; writes the holiday cache
    assert probe(*args, "--json", heavy=NOT_ON_THE_IMPORT_PATH) == {"code": 1, "heavy": []}
    write_jsonl(tmp_path / "c.jsonl", [good(form_id="D", cpr="180384-1234")])
    assert probe("import", tmp_path / "c.jsonl", "--db", db_path, "--today", "2026-11-23",
                 heavy=NOT_ON_THE_IMPORT_PATH) == {"code": 0, "heavy": []}
    assert len(dump(db_path)["forms"]) == 3
    # --help is Typer's, as for every command
    assert probe("import", "--help", heavy=("typer",)) == {"code": 0, "heavy": ["typer"]}


def test_a_new_case_from_a_warm_cache_gets_the_same_obligations(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    """A case whose book-by days fall on holidays (first absence 2026-11-09: week 8 ends on
    2027-01-03, so book-by moves back over New Year and Christmas), imported with the cache
    written, then read, and without holidays loaded: same rows as from the package."""
    write_jsonl(tmp_path / "a.jsonl", [good(first_absence_day="2026-11-09")])
    write_jsonl(tmp_path / "b.jsonl", [good(form_id="B", cpr="160382-1235",
                                            first_absence_day="2026-11-09")])
    args = ("--db", db_path, "--today", "2026-11-23")
    assert probe("import", tmp_path / "a.jsonl", *args)["code"] == 0
    assert probe("import", tmp_path / "b.jsonl", *args, heavy=("holidays",)) == {
        "code": 0, "heavy": []}
    rows = dump(db_path)["obligations"]
    assert {r[4:6] for r in rows if r[0] == "1503821234"} == {
        r[4:6] for r in rows if r[0] == "1603821235"}
    from caseload.domain.model import CaseFacts, Group
    from caseload.domain.rules import obligations
    from caseload.rulesets import load

    expected = obligations(CaseFacts(date(2026, 11, 9), group=Group.CONTROL), load())
    assert sorted((o.due.isoformat(), o.book_by.isoformat()) for o in expected) == sorted(
        r[4:6] for r in rows if r[0] == "1603821235")
