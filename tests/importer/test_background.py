"""Reading a big batch in a forked child gives exactly what reading it here gives, block by
block as it goes, and a child that fails costs nothing but time."""

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
    pending = background.start(files(BATCH), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
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
    real = background.validate

    def only_in_the_parent(record, **kwargs):  # noqa: ANN001, ANN202
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return real(record, **kwargs)

    monkeypatch.setattr(background, "validate", only_in_the_parent)
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
    assert pending.pid is not None
    assert [c.form.form_id for c in pending.result()] == ["A", "B"]


@pytest.mark.parametrize("breaks_at", [1, 3, 4, 5, 7, 13, 99])
def test_a_child_that_breaks_half_way_is_taken_over_where_it_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breaks_at: int) -> None:
    """Blocks of 2 records; the child breaks at its ``breaks_at``-th record (of 12 in three
    files): the parent reads the rest itself, and every record comes once, in order."""
    write_jsonl(tmp_path / "a.jsonl", [good(form_id=f"A{i}") for i in range(5)])
    write_csv(tmp_path / "b.csv", [good(form_id=f"B{i}") for i in range(4)])
    write_jsonl(tmp_path / "c.jsonl", [good(form_id=f"C{i}") for i in range(3)])
    expected = background.check_files(files(tmp_path), today=TODAY, now=NOW)
    parent, seen = os.getpid(), [0]
    real = background.validate

    def breaking(record, **kwargs):  # noqa: ANN001, ANN202
        if os.getpid() != parent:
            seen[0] += 1
            if seen[0] == breaks_at:
                os._exit(3)  # as if killed
        return real(record, **kwargs)

    monkeypatch.setattr(background, "validate", breaking)
    monkeypatch.setattr(background, "BLOCK", 2)
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
    got = pending.result()
    assert [c.form.form_id for c in got] == [c.form.form_id for c in expected]
    assert [background._lean(c) for c in got] == expected  # read here: with its data
    assert pending.pid is None  # reaped


def test_a_parent_that_stops_early_ends_the_child(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good(form_id=f"A{i}") for i in range(2000)])
    monkeypatch.setattr(background, "BLOCK", 10)
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
    pid = pending.pid
    stream = pending.stream()
    assert next(stream).form.form_id == "A0"
    stream.close()  # the import failed: the pipe closes, the child ends and is reaped
    assert pending.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_close_reaps_the_child_without_reading(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [good()])
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
    pid = pending.pid
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_pipe_holds_many_blocks_so_the_child_reads_on_while_the_parent_writes(
        tmp_path: Path) -> None:
    import fcntl

    write_jsonl(tmp_path / "a.jsonl", [good()])
    pending = background.start(files(tmp_path), today=TODAY, now=NOW, min_bytes=0, spare_core=True)
    try:
        assert fcntl.fcntl(pending.pipe.fileno(), fcntl.F_GETPIPE_SZ) == background.PIPE_BYTES
        assert [c.form.form_id for c in pending.stream()] == ["OS-2026-004211"]
    finally:
        pending.close()


def test_the_child_is_forked_only_when_a_core_is_idle(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    # (cores, load of the last minute, running now with this process (None: not known))
    for cores, load, running, spare in (
            (2, 0.2, None, True), (2, 1.8, None, False), (1, 0.0, None, False),
            (4, 2.0, None, True), (4, 3.0, None, False),
            (2, 1.8, 1, True),  # the minute's load was this process's predecessors
            (2, 1.8, 2, False), (4, 3.0, 3, True), (4, 3.0, 4, False), (1, 0.0, 1, False),
            (2, 0.2, 3, True)):  # a busy instant on an idle minute
        monkeypatch.setattr(background.os, "sched_getaffinity", lambda _, n=cores: set(range(n)))
        monkeypatch.setattr(background.os, "getloadavg", lambda n=load: (n, 0.0, 0.0))
        monkeypatch.setattr(background, "_running_now", lambda n=running: n)
        assert background.has_spare_core() is spare, (cores, load, running)
    monkeypatch.setattr(background.os, "sched_getaffinity", lambda _: set(range(4)))
    monkeypatch.setattr(background.os, "getloadavg", lambda: (3.0, 0.0, 0.0))
    monkeypatch.setattr(background, "_running_now", lambda: 4)
    pending = background.start(files(BATCH), today=TODAY, now=NOW, min_bytes=0)
    assert pending.pid is None  # 4 cores, a load of 3, four running now: read here
    assert [c.record.line for c in pending.result()] == [
        c.record.line for c in background.check_files(files(BATCH), today=TODAY, now=NOW)]
