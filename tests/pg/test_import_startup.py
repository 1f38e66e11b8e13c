"""``caseload import`` on PostgreSQL starts as lightly as on SQLite: psycopg, and none of
what the import does not use (tests/importer/test_startup.py lists it) but what psycopg
itself loads (it reads its version through importlib.metadata, which reads email headers
from a zip-aware path: ~15 ms of its ~110 ms)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importer.conftest import good, run_cli, write_jsonl
from tests.importer.test_startup import NOT_ON_THE_IMPORT_PATH
from tests.pg.conftest import as_role, psql
from tests.probe import loaded

PSYCOPG_OWN = ("psycopg", "importlib.metadata", "email", "importlib.resources", "zipfile")
ON_POSTGRES = tuple(name for name in NOT_ON_THE_IMPORT_PATH if name not in PSYCOPG_OWN)


def test_the_import_on_postgres_loads_nothing_it_does_not_use(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the holiday cache's
    for args in (["init"], ["team", "add", "lena", "--name", "Lena Holm", "--lead"]):
        assert run_cli([*args, "--db", pg_url], capsys)[0] == 0
    forms = write_jsonl(tmp_path / "a.jsonl", [good(), good(form_id="B", cpr="160382-1235")])
    args = ("import", forms, "--json", "--db", as_role(pg_url, "lena"), "--today",
            "2026-11-23")
    assert loaded(("holidays",), *args)["code"] == 0  # writes the holiday cache
    assert psql(pg_url, "SELECT count(*) FROM forms").stdout.strip() == "2"
    write_jsonl(forms, [good(form_id="C", cpr="170383-1234")])
    assert loaded((*ON_POSTGRES, "psycopg"), *args) == {"code": 0, "heavy": ["psycopg"]}
    assert json.loads(psql(pg_url, "SELECT json_agg(form_id ORDER BY form_id) FROM forms"
                           ).stdout) == ["B", "C", "OS-2026-004211"]
