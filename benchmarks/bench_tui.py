"""Benchmark: the app's first paint, from process start to the first frame on the terminal
that shows the screen's real rows, against a bare Textual app in the same run.

Each run starts the whole process on a pseudo-terminal of one fixed size (120 x 36, TERM
xterm-256color, for the app and the yardstick alike) and reads what it writes there: the
first paint is the moment a masked CPR number (``010269-xxxx``), which only a table row
holds, has reached the terminal. Then the benchmark presses q, as a person quits, and the
process exits (its time to exit is printed too, not compared). The app runs as it does for
a person (after its first paint it loads SQLModel and checks the schema in a worker); the
yardstick is ``bare_tui.py``: a header, a table of four rows, a footer. Runs take turns
(one of each, then the next), the median of ``--runs`` counts. Peak memory is the child's max RSS.

  target: first paint at most 1.5x the bare Textual app's; peak < 100 MB

Databases are built once with ``caseload.demo.build`` (fixed seed and day) and cached in
benchmarks/out/. caseload is byte-compiled first (``compileall``), as an installed package is.
Not a test: it asserts nothing.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--team 5000]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from harness import (
    OUT_DIR,
    ROOT,
    TIME_BIN,
    Command,
    CommandFailed,
    Run,
    Stats,
    caseload_cmd,
    format_table,
)

# Built for the real today and asked about it: a day gone by is answered as of that day by
# the rules core (the README's "A day gone by"), seconds on 5,000 cases, not a first paint.
DAY = date.today()
TARGET = 1.5  # first paint at most this many times a bare Textual app's
SEED = 1
SIZE = (120, 36)  # columns, lines of the pseudo-terminal
PAINTED = re.compile(rb"\d{6}-xxxx")  # a masked CPR number: a table row is on the screen
# Escape sequences (CSI, OSC, the short ones): between the characters of the frame.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
                     rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
                     rb"|\x1b[=>78()][0-9A-B]?")
TIMEOUT = 60.0


def run_on_terminal(cmd: Sequence[str], env: dict[str, str]) -> tuple[Run, float]:
    """Run ``cmd`` on a new pseudo-terminal until it exits: (the run, timed to its first
    paint, with its peak memory), and the seconds to its exit."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    with tempfile.NamedTemporaryFile("r") as rss_file:
        argv = [TIME_BIN, "-f", "%M", "-o", rss_file.name, *cmd] if TIME_BIN else list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True)
        os.close(slave)
        written, painted = bytearray(), None
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            written += chunk
            if painted is None and PAINTED.search(ESCAPES.sub(b"", written)):
                painted = time.perf_counter() - start
                os.write(master, b"q")  # as a person quits: both bind q to quit
        if painted is None:  # timed out, or closed the terminal without a row
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        os.close(master)
        _, status, usage = os.wait4(proc.pid, 0)
        exited = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or painted is None:
            tail = ESCAPES.sub(b" ", bytes(written)).decode(errors="replace").split()[-30:]
            why = f"exited {code}" if code else "never showed a row"
            raise CommandFailed(f"{' '.join(cmd)} {why}: " + " ".join(tail))
        rss_kb = int(rss_file.read().split()[-1]) if TIME_BIN else usage.ru_maxrss
    return Run(seconds=painted, max_rss_kb=rss_kb, returncode=code), exited


def measure_on_terminal(commands: Sequence[Command], runs: int,
                        warmup: int) -> tuple[list[Stats], list[float]]:
    """Every command ``runs`` times, taking turns (a drifting machine load hits them alike):
    the first-paint figures, and each command's median seconds to exit."""
    for _ in range(warmup):
        for c in commands:
            run_on_terminal(c.argv, dict(c.env or {}))
    found: list[list[tuple[Run, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for c, done in zip(commands, found, strict=True):
            done.append(run_on_terminal(c.argv, dict(c.env or {})))
    stats = [Stats(c.label, c.size, [r for r, _ in done])
             for c, done in zip(commands, found, strict=True)]
    return stats, [statistics.median(e for _, e in done) for done in found]


def ensure(cases: int) -> Path:
    from caseload.store.revision import HEAD  # a new schema: built anew

    path = OUT_DIR / f"tui-n{cases}-s{SEED}-{DAY.isoformat()}-{HEAD}.db"
    if not path.exists():
        # In a child process: a big parent would inflate every later child's max RSS (the
        # pages a fork copies count until exec).
        OUT_DIR.mkdir(exist_ok=True)
        code = ("import sys; from datetime import date; from pathlib import Path; "
                "from caseload.demo import build; "
                "r = build(Path(sys.argv[1]), seed=int(sys.argv[2]), cases=int(sys.argv[3]), "
                "today=date.fromisoformat(sys.argv[4])); "
                "print(f'built {r.path.name}: {r.rows[\"open_cases\"]:,} open cases "
                "in {r.seconds:.1f} s', file=sys.stderr)")
        subprocess.run([sys.executable, "-c", code, str(path), str(SEED), str(cases),
                        DAY.isoformat()], check=True)
    # Whoever runs the benchmark is the team's lead (as `caseload demo` makes them), so
    # --as and --all are theirs to use.
    from caseload.demo.writer import add_team_lead
    from caseload.identity import current_login

    add_team_lead(path, current_login())
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--demo", type=int, default=150, help="cases in the demo database")
    p.add_argument("--team", type=int, default=5000, help="open cases in the team database")
    args = p.parse_args(argv)

    env = {**os.environ, "LANG": "da_DK.UTF-8",
           "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    base = [*caseload_cmd(), "--today", DAY.isoformat()]
    demo, team = ensure(args.demo), ensure(args.team)
    # Byte-compiled, as an installed package is (this machine sets PYTHONDONTWRITEBYTECODE=1:
    # without it every caseload module is compiled from source in every run, Textual's not).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "caseload")],
                   stdout=subprocess.DEVNULL, check=False)
    bare = [sys.executable, str(Path(__file__).with_name("bare_tui.py"))]
    rows, exits = measure_on_terminal([
        Command("today, demo, --as mette", args.demo,
                [*base, "--db", str(demo), "--as", "mette", "--screen", "today"], env),
        Command("overdue, demo, --as mette", args.demo,
                [*base, "--db", str(demo), "--as", "mette", "--screen", "overdue"], env),
        Command("caseload, team, --all", args.team,
                [*base, "--db", str(team), "--all", "--screen", "caseload"], env),
        Command("today, team, --all", args.team,
                [*base, "--db", str(team), "--all", "--screen", "today"], env),
        Command("bare Textual app: header, table, footer", 0, bare, env),
    ], runs=args.runs, warmup=args.warmup)
    print(f"process start to the first frame with rows on a {SIZE[0]}x{SIZE[1]} terminal, "
          f"{args.runs} runs taking turns after {args.warmup} warm-up")
    print(format_table(rows))
    print("median seconds to exit (q pressed after that frame): " + ", ".join(
        f"{s.label.split(',')[0]} {e:.3f}" for s, e in zip(rows, exits, strict=True)))
    print(f"targets: first paint at most {TARGET}x a bare Textual app's (same run); "
          "peak < 100 MB")
    floor_stats = rows[-1]
    for stats in rows[:-1]:
        ratio = stats.median / floor_stats.median
        print("SUMMARY|" + "|".join([
            f"app first paint: {stats.label} vs a bare Textual app", f"{stats.size:,}",
            f"{stats.median:.3f} s, {stats.peak_mb:.0f} MB",
            f"{floor_stats.median:.3f} s, {floor_stats.peak_mb:.0f} MB", f"{ratio:.2f}x",
            f"<= {TARGET}x", "PASS" if ratio <= TARGET else "FAIL"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
