"""The layers: the import-linter contracts in pyproject.toml hold (the rules core imports
nothing outside itself, the use cases no UI, the CLI and the app no store, the store no use
case), the core loads no database or UI library when it runs, reads no clock, does no I/O."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import caseload.domain

DOMAIN = Path(caseload.domain.__file__).parent
FORBIDDEN_LIBRARIES = ("sqlalchemy", "sqlmodel", "textual", "alembic", "typer", "sqlite3")
OUTER_LAYERS = ("caseload.store", "caseload.services", "caseload.models", "caseload.cli",
                "caseload.clock", "caseload.screens")
CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}
IO_CALLS = {"open", "print", "input"}

PROBE = """
import json, sys
from datetime import date
import caseload.domain, caseload.domain.model, caseload.domain.rules, caseload.domain.ruleset
import caseload.domain.calendar, caseload.domain.cpr, caseload.domain.groups
from caseload.domain.model import CaseFacts, Group
from caseload.domain.rules import evaluate
from caseload.rulesets import load
for name in ("aktive-2008", "sdp-2014"):
    evaluate(CaseFacts(date(2026, 9, 7), group=Group.PARTICIPANT), load(name), date(2026, 11, 2))
caseload.domain.cpr.birth_date("0101901235")
print(json.dumps(sorted(sys.modules)))
"""


def domain_files() -> list[Path]:
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) >= 7  # __init__, model, rules, ruleset, calendar, cpr, groups
    return files


def test_importing_and_running_the_core_loads_no_database_or_ui_library() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True, timeout=60)
    loaded = json.loads(result.stdout)
    assert "caseload.domain.rules" in loaded  # the probe did import the core
    offending = [m for m in loaded
                 if m.split(".")[0] in FORBIDDEN_LIBRARIES or m.startswith(OUTER_LAYERS)]
    assert offending == []


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _calls(tree: ast.AST) -> list[str]:
    """Called names: ``f(...)`` gives ``f``, ``a.b.f(...)`` gives ``f``. ``time(9, 30)`` with
    arguments makes a time of day (``datetime.time``), and ``moment.time()`` is a datetime's
    time of day; ``time()`` and ``time.time()`` read the clock."""
    called: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "time" and node.args:
                continue
            if (isinstance(node.func, ast.Attribute) and node.func.attr == "time"
                    and not (isinstance(node.func.value, ast.Name)
                             and node.func.value.id == "time")):
                continue
            if isinstance(node.func, ast.Name):
                called.append(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                called.append(node.func.attr)
    return called


def test_the_layer_contracts_hold() -> None:
    """``lint-imports`` (import-linter) checks the contracts of ``[tool.importlinter]``."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports")),
                           "--config", str(root / "pyproject.toml")], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 5 kept, 0 broken." in done.stdout


def test_domain_never_reads_the_clock_or_does_io() -> None:
    for path in domain_files():
        source = path.read_text("utf-8")
        called = set(_calls(ast.parse(source)))
        assert not called & CLOCK_CALLS, f"{path.name} reads the clock: {called & CLOCK_CALLS}"
        assert not called & IO_CALLS, f"{path.name} does I/O: {called & IO_CALLS}"
        for text in ("date.today(", "datetime.now(", "datetime.today(", "datetime.utcnow("):
            assert text not in source, f"{path.name} contains {text}"


def test_the_checks_would_catch_a_clock_call() -> None:
    tree = ast.parse("from datetime import date\nimport sqlmodel\nx = date.today()\n")
    assert "today" in _calls(tree)
    assert "time" in _calls(ast.parse("import time\nx = time.time()\n"))
    assert "time" not in _calls(ast.parse("from datetime import time\nx = time(9, 30)\n"))
    assert "time" not in _calls(ast.parse("x = moment.time()\n"))
    assert "sqlmodel" in _imports(tree)
