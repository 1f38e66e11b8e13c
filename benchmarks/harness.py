"""Shared helpers for the benchmark scripts: time whole processes and read their peak memory.

Each run is one child process. Its peak memory (max RSS) comes from GNU ``/usr/bin/time -f %M``
when present, else from ``os.wait4`` (that child's own usage, not the running maximum that
RUSAGE_CHILDREN keeps; but Linux carries the forking parent's RSS over the exec, so a big
benchmark process inflates it). The wall time is measured here, around the whole child.
These scripts print figures; they are not timed tests and assert nothing about speed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored cache of built databases and task data
ROOT = BENCH_DIR.parent
# GNU time reports its child's max RSS. Without it, os.wait4's ru_maxrss is used, which on
# Linux also counts the pages of this (forking) benchmark process before the exec.
TIME_BIN = "/usr/bin/time" if os.path.exists("/usr/bin/time") else shutil.which("gtime")


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int
    returncode: int


@dataclass(frozen=True)
class Stats:
    label: str
    size: int
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def minimum(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.max_rss_kb for r in self.runs) / 1024


class CommandFailed(RuntimeError):
    pass


def run_once(cmd: Sequence[str], env: Mapping[str, str] | None = None,
             stdout_path: str = os.devnull) -> Run:
    """Run ``cmd`` once with stdout to ``stdout_path``; wall time and the child's max RSS."""
    with open(stdout_path, "wb") as out, tempfile.NamedTemporaryFile("r") as rss_file:
        argv = [TIME_BIN, "-f", "%M", "-o", rss_file.name, *cmd] if TIME_BIN else list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.PIPE, env=dict(env) if env else None)
        # Read stderr before reaping; a child that writes much to stderr would block otherwise.
        err = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait
        if proc.returncode != 0:
            tail = err.decode(errors="replace").strip().splitlines()[-5:]
            raise CommandFailed(f"{' '.join(cmd)} exited {proc.returncode}: " + " | ".join(tail))
        if TIME_BIN:
            rss_kb = int(rss_file.read().split()[-1])
        else:  # ru_maxrss: kilobytes on Linux, bytes on macOS
            rss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(seconds=elapsed, max_rss_kb=rss_kb, returncode=proc.returncode)


def measure(label: str, size: int, cmd: Sequence[str], runs: int = 7, warmup: int = 1,
            env: Mapping[str, str] | None = None) -> Stats:
    """``warmup`` untimed runs (to fill the page cache), then ``runs`` timed ones."""
    for _ in range(warmup):
        run_once(cmd, env)
    return Stats(label, size, [run_once(cmd, env) for _ in range(runs)])


@dataclass(frozen=True)
class Command:
    label: str
    size: int
    argv: Sequence[str]
    env: Mapping[str, str] | None = None


def measure_interleaved(commands: Sequence[Command], runs: int = 7,
                        warmup: int = 1) -> list[Stats]:
    """Like ``measure`` for several commands, taking turns: run i of each, then run i + 1.

    On a shared machine the load drifts; taking turns spreads it evenly over the tools being
    compared instead of letting one of them run in a quiet minute and another in a busy one.
    """
    for _ in range(warmup):
        for c in commands:
            run_once(c.argv, c.env)
    results: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for c, found in zip(commands, results, strict=True):
            found.append(run_once(c.argv, c.env))
    return [Stats(c.label, c.size, found) for c, found in zip(commands, results, strict=True)]


def format_table(rows: Sequence[Stats]) -> str:
    """tool | cases | median s | min s | peak MB, as plain aligned text."""
    header = ("tool", "cases", "median s", "min s", "peak MB")
    body = [(s.label, f"{s.size:,}", f"{s.median:.3f}", f"{s.minimum:.3f}", f"{s.peak_mb:.1f}")
            for s in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for i, row in enumerate([header, *body]):
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        cells = [row[0].ljust(widths[0]), *rest]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def caseload_cmd() -> list[str]:
    """The installed ``caseload`` entry point next to this Python, else ``python -m caseload``."""
    script = Path(sys.executable).parent / "caseload"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "caseload"]
