"""A demo database of the documented size, built once for the tests that only read it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture(scope="module")
def demo150(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from caseload.demo import build

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build(path, seed=1, cases=150, today=TODAY)
    return path
