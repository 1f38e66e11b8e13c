"""Reading and validating a big batch in a forked child while the parent takes the forms in.

The child reads the form files and runs the pure validator, and streams the checked forms
to the parent through a pipe, in blocks of up to ``BLOCK`` records, in file and line order:
so the parent writes the first chunks to the database while the child still reads the rest
(the machine has two cores; reading and writing take about as long each), when a core is
idle for the child (``has_spare_core``). A block crosses
as plain tuples (``_encode``/``_decode``: several times faster to pickle than named tuples);
a record's parsed ``data`` is left behind, nothing needs it after validation.

If anything goes wrong in the child (or ``fork`` is not available, or the batch is small),
the parent reads what the child did not deliver itself, from the first record it lacks:
the outcome is the same either way. The child leaves with ``os._exit``; a parent that
stops early closes the pipe and ends the child (which only reads); a parent killed leaves
the child to end at its next write.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, NamedTuple

from caseload.importer import readers
from caseload.importer.readers import RawRecord
from caseload.importer.validate import Checked, Form, Reason, Rejected, validate

MIN_BYTES = 512 * 1024  # below this a fork costs more than it saves
BLOCK = 250  # records per message from the child
PIPE_BYTES = 1 << 20  # Linux's limit for an ordinary user (/proc/sys/fs/pipe-max-size)


class Batch(NamedTuple):
    files: list[Path]  # the form files read, in order
    skipped: list[Path]  # other files in the folders, left alone
    checked: Iterable[Checked]  # one per record, in file and line order (maybe a stream)


def check_file(path: Path, *, today: date, now: datetime) -> Iterator[Checked]:
    """Read and validate every record of one file, in order, as it is read (each record's
    parsed ``data`` goes with its chunk)."""
    for record in readers.records(path):
        yield validate(record, today=today, now=now)


def check_files(files: Sequence[Path], *, today: date, now: datetime) -> list[Checked]:
    """Read and validate every record of ``files``, in order (a list: small batches, kept
    without the parsed data, as the child sends them)."""
    return [_lean(item) for path in files for item in check_file(path, today=today, now=now)]


def _lean(item: Checked) -> Checked:
    """Without the record's parsed data (as the child sends it)."""
    record = item.record
    return item if record.data is None else item._replace(record=record._replace(data=None))


class Pending:
    """The checked forms of a batch, made in a child process (or here)."""

    def __init__(self, files: Sequence[Path], today: date, now: datetime,
                 pid: int | None = None, pipe: IO[bytes] | None = None) -> None:
        self.files, self.today, self.now, self.pid, self.pipe = list(files), today, now, pid, pipe
        self.complete = False  # the child sent everything

    def stream(self) -> Iterator[Checked]:
        """Every checked record in order: the child's as they come, then (if it failed) the
        rest read here, from the first record it did not deliver."""
        file_index, done_in_file = 0, 0
        receiving = self._receive()
        try:
            for index, done, items in receiving:
                file_index, done_in_file = index, done
                yield from items
        finally:
            receiving.close()  # a consumer that stops early stops the child at once
        for index in range(file_index, len(self.files)):
            items = check_file(self.files[index], today=self.today, now=self.now)
            yield from islice(items, done_in_file if index == file_index else 0, None)

    def result(self) -> list[Checked]:
        """Every checked record, as a list."""
        return list(self.stream())

    def close(self) -> None:
        """Stop the child (if any; it only reads) and wait for it."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.pid is not None:
            import signal

            if not self.complete:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def _receive(self) -> Iterator[tuple[int, int, list[Checked]]]:
        """(file index, records of that file delivered so far, block) from the child; after
        its last block, (len(files), 0, [])."""
        if self.pipe is None:
            return
        import pickle  # only when a child reads (a small batch, a busy machine: never)

        position = (0, 0)
        try:
            while True:
                message = pickle.load(self.pipe)
                if message is None:  # the end: everything came
                    self.complete = True
                    position = (len(self.files), 0)
                    yield len(self.files), 0, []
                    break
                index, done, block = message
                position = (index, done)
                yield index, done, [_decode(item) for item in block]
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            yield position[0], position[1], []  # the child broke off: read the rest here
        finally:
            self.close()


def start(files: Sequence[Path], *, today: date, now: datetime,
          min_bytes: int = MIN_BYTES, spare_core: bool | None = None) -> Pending:
    """Begin checking ``files`` in a child process when the batch is big enough and a core
    is free for it (``spare_core``; None: ask ``has_spare_core``). On a machine whose cores
    are busy the two processes would only take turns, and handing the forms over costs a
    tenth of the work: then everything is done here."""
    if not hasattr(os, "fork") or _size(files) < min_bytes:
        return Pending(files, today, now)
    if not (has_spare_core() if spare_core is None else spare_core):
        return Pending(files, today, now)
    read_end, write_end = os.pipe()
    _widen(write_end)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return Pending(files, today, now)
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            with open(write_end, "wb", buffering=1 << 16) as out:
                _child_work(files, today, now, out)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Pending(files, today, now, pid, open(read_end, "rb", buffering=1 << 16))  # noqa: SIM115


def has_spare_core() -> bool:
    """Whether a core is idle for the child: more cores than the load of the last minute
    (the runnable processes, ``os.getloadavg``) plus this process, or, on Linux, no other
    process running at this instant (``/proc/loadavg``): the minute's average also counts
    this process's own predecessors (the previous step of a cron job, the previous run of a
    benchmark) as if they were still running."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    running = _running_now()
    if running is not None and running - 1 <= cores - 2:  # the others leave a core idle
        return True
    try:
        load = os.getloadavg()[0]
    except OSError:
        return running is None
    return load + 1 <= cores - 0.5


def _running_now() -> int | None:
    """The processes running or runnable at this instant, this one included (Linux's
    ``/proc/loadavg``, its fourth field ``running/total``); None where there is none."""
    try:
        with open("/proc/loadavg", encoding="ascii") as stats:
            return int(stats.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def _widen(fd: int) -> None:
    """A pipe of ``PIPE_BYTES`` (Linux; 64 KiB otherwise): the child reads on while the
    parent writes a chunk to the database, instead of waiting for it at every block."""
    import fcntl

    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, size, PIPE_BYTES)


def _child_work(files: Sequence[Path], today: date, now: datetime, out: IO[bytes]) -> None:
    import pickle

    for index, path in enumerate(files):
        block: list[tuple] = []
        done = 0
        for record in readers.records(path):
            block.append(_encode(validate(record, today=today, now=now)))
            if len(block) == BLOCK:
                done += len(block)
                pickle.dump((index, done, block), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                block = []
        if block:
            done += len(block)
            pickle.dump((index, done, block), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
    pickle.dump(None, out)


def _encode(item: Checked) -> tuple:
    record, rejected = item.record, item.rejected
    return (record.file, record.line, record.raw, record.error,
            None if item.form is None else tuple(item.form),
            None if rejected is None else (*rejected[:4], tuple(map(tuple, rejected.reasons))),
            item.unknown)


def _decode(item: tuple) -> Checked:
    file, line, raw, error, form, rejected, unknown = item
    if rejected is not None:
        rejected = Rejected(*rejected[:4], tuple(Reason._make(r) for r in rejected[4]))
    return Checked(RawRecord(file, line, raw, None, error),
                   None if form is None else Form._make(form), rejected, unknown)


def _size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total
