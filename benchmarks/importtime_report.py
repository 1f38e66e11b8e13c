"""``python -X importtime`` for a command: the top modules by self time, and heavy imports.

The quick check must import only what it needs (``import sqlmodel`` alone costs ~0.5 s here,
``import textual.app`` ~0.27 s), so any of HEAVY on its path is reported by name.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

HEAVY = ("sqlalchemy", "sqlmodel", "textual", "pendulum", "alembic", "pydantic")


@dataclass(frozen=True)
class ImportLine:
    self_us: int
    cumulative_us: int
    module: str  # without the tree indentation

    @property
    def top_package(self) -> str:
        return self.module.split(".")[0]


def parse(stderr: str) -> list[ImportLine]:
    """Lines of ``import time: self [us] | cumulative | imported package``."""
    lines = []
    for raw in stderr.splitlines():
        if not raw.startswith("import time:"):
            continue
        parts = raw[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header line
        lines.append(ImportLine(int(parts[0]), int(parts[1]), parts[2].strip()))
    return lines


def run(args: Sequence[str]) -> list[ImportLine]:
    """Run ``python -X importtime -m caseload ARGS`` with stdout discarded."""
    cmd = [sys.executable, "-X", "importtime", "-m", "caseload", *args]
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    return parse(done.stderr)


def report(lines: list[ImportLine], top: int = 10) -> str:
    if not lines:
        return "importtime: no import lines captured"
    total_self = sum(x.self_us for x in lines)
    ranked = sorted(lines, key=lambda x: x.self_us, reverse=True)[:top]
    out = [f"top {top} imports by self time (of {len(lines)} modules, "
           f"{total_self / 1e6:.3f} s self in all):",
           f"  {'self ms':>8}  {'cumul ms':>8}  module"]
    out += [f"  {x.self_us / 1e3:8.1f}  {x.cumulative_us / 1e3:8.1f}  {x.module}" for x in ranked]
    out.append(f"  sum of the top {top}: {sum(x.self_us for x in ranked) / 1e6:.3f} s")
    by_package: dict[str, int] = {}
    for x in lines:
        by_package[x.top_package] = by_package.get(x.top_package, 0) + x.self_us
    packages = sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)[:8]
    out.append("  by top-level package (self ms): "
               + ", ".join(f"{name} {us / 1e3:.0f}" for name, us in packages))
    heavy = sorted({x.top_package for x in lines if x.top_package in HEAVY})
    if heavy:
        out.append("  HEAVY IMPORTS ON THIS PATH: " + ", ".join(
            f"{h} ({by_package[h] / 1e3:.0f} ms)" for h in heavy))
    else:
        out.append("  no heavy imports (" + ", ".join(HEAVY) + ") on this path")
    return "\n".join(out)


def profile(args: Sequence[str], top: int = 15) -> str:
    """One run under cProfile (``-m cProfile -s cumulative``): the top lines by cumulative time."""
    cmd = [sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "caseload", *args]
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          check=False)
    lines = done.stdout.splitlines()
    start = next((i for i, x in enumerate(lines) if x.strip().startswith("ncalls")), None)
    if start is None:
        return f"cProfile: no profile printed (exit {done.returncode})"
    head = [x for x in lines[:start] if "function calls" in x]
    return "\n".join(head + lines[start:start + top + 1])
