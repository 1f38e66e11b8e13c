"""Reading and validating a big batch in a forked child while the parent gets the database
ready (importing SQLAlchemy and the models, checking the schema: most of a second).

The child only reads the form files and runs the pure validator; it hands the checked forms
back as a pickle in an unlinked temporary file and leaves with ``os._exit``. If anything
goes wrong there (or ``fork`` is not available, or the batch is small), the parent simply
reads the files itself: the outcome is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, NamedTuple

from caseload.importer import readers
from caseload.importer.validate import Checked, validate

MIN_BYTES = 512 * 1024  # below this a fork costs more than it saves


class Batch(NamedTuple):
    files: list[Path]  # the form files read, in order
    skipped: list[Path]  # other files in the folders, left alone
    checked: list[Checked]  # one per record, in file and line order


def check_files(files: Sequence[Path], *, today: date, now: datetime) -> list[Checked]:
    """Read and validate every record of ``files``, in order."""
    return [validate(record, today=today, now=now)
            for path in files for record in readers.read_file(path)]


class Pending:
    """The checked forms of a batch, being made in a child process (or not at all yet)."""

    def __init__(self, files: Sequence[Path], today: date, now: datetime,
                 pid: int | None = None, out: IO[bytes] | None = None) -> None:
        self.files, self.today, self.now, self.pid, self.out = list(files), today, now, pid, out

    def result(self) -> list[Checked]:
        """The checked forms: the child's, or (if it failed) read here."""
        found = self._collect()
        if found is None:
            found = check_files(self.files, today=self.today, now=self.now)
        return found

    def close(self) -> None:
        """Wait for the child (if any) and drop what it made."""
        self._collect()

    def _collect(self) -> list[Checked] | None:
        if self.pid is None or self.out is None:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                self.out.seek(0)
                return pickle.load(self.out)
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
        finally:
            self.out.close()
            self.pid = self.out = None
        return None


def start(files: Sequence[Path], *, today: date, now: datetime,
          min_bytes: int = MIN_BYTES) -> Pending:
    """Begin checking ``files`` in a child process when the batch is big enough."""
    if not hasattr(os, "fork") or _size(files) < min_bytes:
        return Pending(files, today, now)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (Pending closes it)
    try:
        pid = os.fork()
    except OSError:
        out.close()
        return Pending(files, today, now)
    if pid == 0:  # the child: never returns
        code = 1
        try:
            _child_work(files, today, now, out)
            code = 0
        finally:
            os._exit(code)
    return Pending(files, today, now, pid, out)


def _child_work(files: Sequence[Path], today: date, now: datetime, out: IO[bytes]) -> None:
    checked = check_files(files, today=today, now=now)
    pickle.dump(checked, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total
