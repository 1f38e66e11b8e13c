"""Reading a big batch in a forked child gives exactly what reading it here gives, and a
child that fails costs nothing but time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caseload.importer import background
from tests.importer.conftest import FIXTURES, NOW, TODAY, good, write_csv, write_jsonl

BATCH = FIXTURES / "batch"


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix != ".txt")


def test_the_child_reads_what_the_parent_would() -> None:
    here = background.check_files(files(BATCH), today=TODAY, now=NOW)
    pending = background.start(files(BATCH), today=TODAY, now=NOW, min_bytes=0)
    assert pending.pid is not None and pending.pid != os.getpid()
    assert pending.result() == here
    assert len(here) == 13 and sum(1 for c in here if c.form) == 8  # 5 rejected


def test_a_small_batch_is_read_in_this_process(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good()])
    pending = background.start(files(tmp_path), today=TODAY, now=NOW)
    assert pending.pid is None
    assert [c.form.form_id for c in pending.result()] == ["OS-2026-004211"]


def test_a_failing_child_falls_back_to_reading_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(tmp_path / "a.csv", [good(form_id="A"), good(form_id="B")], ";", "cp1252")
    parent = os.getpid()
    real = background.check_files

    def only_in_the_parent(paths, **kwargs):  # noqa: ANN001, ANN202
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return real(paths, **kwargs)

    monkeypatch.setattr(background, "check_files", only_in_the_parent)
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0)
    assert pending.pid is not None
    assert [c.form.form_id for c in pending.result()] == ["A", "B"]


def test_close_reaps_the_child_without_reading(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good()])
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0)
    pid = pending.pid
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
