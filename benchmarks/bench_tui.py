"""Benchmark: the app's start-up, from process start to the first painted screen with data.

Runs ``caseload --db DB --today DAY --as LOGIN [--all] --screen S`` headless with
``CASELOAD_EXIT_AFTER_FIRST_PAINT=1``: the app exits right after the screen has shown its
data for the first time (the refresh after the rows are in), so the whole process's wall
time is "start to first painted screen". Peak memory is the child's max RSS.

  today, demo database (150 cases), as one caseworker     target 0.8 s, < 100 MB
  caseload --all, team database of 5,000 open cases       target 1.2 s, < 100 MB

Databases are built once with ``caseload.demo.build`` (fixed seed and day) and cached in
benchmarks/out/. Not a test: it asserts nothing.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--team 5000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from harness import OUT_DIR, Command, Stats, caseload_cmd, format_table, measure_interleaved

# Built for the real today and asked about it: a day gone by is answered as of that day by
# the rules core (the README's "A day gone by"), seconds on 5,000 cases, not a first paint.
DAY = date.today()
TARGET = 1.5  # first paint at most this many times a bare Textual app's
SEED = 1


def ensure(cases: int) -> Path:
    path = OUT_DIR / f"tui-n{cases}-s{SEED}-{DAY.isoformat()}.db"
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

    env = {**os.environ, "CASELOAD_EXIT_AFTER_FIRST_PAINT": "1", "LANG": "da_DK.UTF-8"}
    base = [*caseload_cmd(), "--today", DAY.isoformat()]
    demo, team = ensure(args.demo), ensure(args.team)
    # The floor on this machine, now: a Textual app with one Static to its first frame.
    floor = ("from textual.app import App\nfrom textual.widgets import Static\n"
             "class A(App):\n    def compose(self):\n        yield Static('x')\n"
             "    def on_mount(self):\n        self.call_after_refresh(self.exit)\n"
             "A().run(headless=True)\n")
    # Taking turns run by run: a drifting machine load hits the app and the floor alike.
    rows: list[Stats] = measure_interleaved([
        Command("today, demo, --as mette", args.demo,
                [*base, "--db", str(demo), "--as", "mette", "--screen", "today"], env),
        Command("overdue, demo, --as mette", args.demo,
                [*base, "--db", str(demo), "--as", "mette", "--screen", "overdue"], env),
        Command("caseload, team, --all", args.team,
                [*base, "--db", str(team), "--all", "--screen", "caseload"], env),
        Command("today, team, --all", args.team,
                [*base, "--db", str(team), "--all", "--screen", "today"], env),
        Command("floor: Textual, one Static", 0, [sys.executable, "-c", floor], env),
    ], runs=args.runs, warmup=args.warmup)
    print("process start to first painted screen (headless), "
          f"{args.runs} runs after {args.warmup} warm-up")
    print(format_table(rows))
    print("targets: first paint at most 1.5x a bare Textual app's (same run); peak < 100 MB")
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
