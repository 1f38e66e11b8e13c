"""Fixtures for the app's tests: a small fixed caseload in a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import sample


@pytest.fixture
def sample_db(engine, db_path: Path) -> Path:  # noqa: ANN001
    sample.build(engine)
    return db_path


@pytest.fixture
def case_ids(engine) -> dict[str, int]:  # noqa: ANN001
    return sample.build(engine)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (fixed seed and day), built once for the snapshot tests."""
    from caseload.demo import build

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build(path, seed=1, cases=150, today=sample.TODAY)
    return path
