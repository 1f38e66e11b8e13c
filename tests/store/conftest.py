"""Helpers for the store tests: run the CLI in-process and get (exit code, stderr)."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli("init", "--db", path)`` → (exit code, stdout, stderr), through ``main``."""
    from caseload.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return int(exit_info.value.code or 0), out, err

    return run
