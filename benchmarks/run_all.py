"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``); each prints its own figures,
then one table of every ratio side by side with its target and PASS/FAIL (the scripts'
``SUMMARY|`` lines).

Arguments after ``--`` go to every script, e.g. ``run_all.py -- --runs 3``. A script that
fails is reported and the others still run; the exit code is 1 if any failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    only = argv[: argv.index("--")] if "--" in argv else argv
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        scripts = [s for s in scripts if any(o in s.name for o in only)]
    failed = []
    summary: list[list[str]] = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script), *extra], cwd=HERE.parent,
                              stdout=subprocess.PIPE, text=True)
        code = done.returncode
        for line in done.stdout.splitlines():
            if line.startswith("SUMMARY|"):
                summary.append(line.split("|")[1:])
            else:
                print(line, flush=True)
        print(f"=== {script.name}: exit {code}, {time.perf_counter() - start:.0f} s ===\n",
              flush=True)
        if code != 0:
            failed.append(script.name)
    print_summary(summary)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


def print_summary(rows: list[list[str]]) -> None:
    header = ["what", "cases", "caseload", "yardstick", "ratio", "target", "verdict"]
    rows = [r for r in rows if len(r) == len(header)]
    if not rows:
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("summary (one run, side by side; median wall time and peak memory):")
    for i, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
