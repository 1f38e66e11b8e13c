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
