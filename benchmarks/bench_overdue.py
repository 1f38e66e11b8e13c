"""Benchmark: `caseload overdue` against taskwarrior's `task +OVERDUE list`, same due dates.

Prints whole-process wall time (median and minimum of --runs runs after --warmup untimed
runs; the commands of one size take turns run by run, so a drifting machine load hits them
alike) and peak memory (the child's max RSS) for:

  caseload overdue --all               the team's table, default row limit (stdout to /dev/null)
  caseload overdue --all --json        the full JSON list (stdout to /dev/null)
  caseload overdue --as LOGIN          one caseworker's table (the one with most open cases)
  task +OVERDUE list limit:50          taskwarrior over one task per open case, due on the
                                       case's earliest open obligation

on demo databases of 10,000 and 50,000 open cases (cached in benchmarks/out/), then the
`python -X importtime` top offenders of the quick check. Not a test: it asserts nothing.

    .venv/bin/python benchmarks/bench_overdue.py [--sizes 10000,50000] [--runs 7]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import demo_db
import importtime_report
import taskwarrior
from harness import (
    OUT_DIR,
    TIME_BIN,
    Command,
    CommandFailed,
    Stats,
    caseload_cmd,
    format_table,
    measure_interleaved,
    run_once,
)

TARGET = "target: caseload overdue no slower than taskwarrior at 10,000 cases; aim for half"


def _sizes(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=_sizes, default=[10_000, 50_000],
                   help="open cases in the caseload databases (default 10000,50000)")
    p.add_argument("--task-sizes", type=_sizes, default=[10_000],
                   help="tasks for taskwarrior (default 10000)")
    p.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    p.add_argument("--seed", type=int, default=1, help="demo generator seed (default 1)")
    p.add_argument("--rebuild", action="store_true", help="rebuild cached databases")
    p.add_argument("--profile", action="store_true",
                   help="also print one cProfile run of overdue --all (top by cumulative time)")
    return p.parse_args(argv)


def caseload_env() -> dict[str, str]:
    """The caller's environment without CASELOAD_DB or COLUMNS: the table's own defaults."""
    return {k: v for k, v in os.environ.items() if k not in ("CASELOAD_DB", "COLUMNS")}


def caseload_commands(db: demo_db.DemoDb) -> list[Command]:
    base = [*caseload_cmd(), "overdue", "--db", str(db.path), "--today", db.built_on.isoformat()]
    variants = [("caseload overdue --all", ["--all"]),
                ("caseload overdue --all --json", ["--all", "--json"])]
    login = demo_db.busiest_caseworker(db)
    if login:
        variants.append(("caseload overdue --as ONE", ["--as", login]))
    return [Command(label, db.cases, [*base, *extra], caseload_env()) for label, extra in variants]


def compile_caseload() -> None:
    """Byte-compile the package, as an installed one is: this machine may run with
    PYTHONDONTWRITEBYTECODE=1, which would make every run compile caseload from source."""
    import caseload

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(caseload.__file__).parent)],
                   stdout=subprocess.DEVNULL, check=False)


def caseload_counts(db: demo_db.DemoDb) -> str:
    cmd = [*caseload_cmd(), "overdue", "--all", "--json", "--db", str(db.path),
           "--today", db.built_on.isoformat()]
    done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=caseload_env(), check=False)
    try:
        rows = json.loads(done.stdout)
    except ValueError:
        return "caseload overdue --json did not print JSON"
    cases = len({r.get("case_id") for r in rows})
    return f"caseload: {len(rows):,} overdue obligations in {cases:,} cases"


def task_items(size: int, db: demo_db.DemoDb | None, seed: int) -> tuple[list, str]:
    """One task per open case, due on its earliest open obligation, moved to real today."""
    today = date.today()
    if db is None:
        rng = random.Random(seed)
        items = [taskwarrior.TaskItem(f"case {i} follow_up",
                                      today + timedelta(days=rng.randint(-90, 200)))
                 for i in range(1, size + 1)]
        return items, "synthetic due dates (today -90..+200 days): demo database unavailable"
    shift = today - db.built_on  # the database answers as of built_on; taskwarrior as of now
    items = [taskwarrior.TaskItem(f"case {cid} {kind or 'no obligation'}",
                                  due + shift if due else None)
             for cid, due, kind in demo_db.open_case_dues(db)[:size]]
    return items, f"due dates of the demo database (n={db.cases:,}, seed {db.seed})"


def task_command(size: int, db: demo_db.DemoDb | None, args: argparse.Namespace,
                 binary: str, notes: list[str]) -> Command:
    items, source = task_items(size, db, args.seed)
    digest = hashlib.sha1(repr(items).encode()).hexdigest()[:12]  # same tasks, same dir
    home = OUT_DIR / f"task-n{size}-{digest}"
    if args.rebuild or not taskwarrior.is_built(home):
        taskwarrior.build(home, items, binary)
    notes.append(f"taskwarrior at {len(items):,}: {source}; "
                 f"{taskwarrior.count_overdue(home, binary):,} tasks overdue")
    return Command("task +OVERDUE list limit:50", len(items),
                   taskwarrior.list_overdue_cmd(binary), taskwarrior.environment(home))


def bench_size(commands: list[Command], args: argparse.Namespace,
               notes: list[str]) -> list[Stats]:
    """One untimed run of each (a command that fails is dropped), then take turns."""
    working = []
    for c in commands:
        try:
            run_once(c.argv, c.env)
            working.append(c)
        except CommandFailed as exc:
            notes.append(f"{c.label} at {c.size:,}: FAILED: {exc}")
    return measure_interleaved(working, args.runs, max(args.warmup - 1, 0))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    binary = taskwarrior.task_binary()
    print(f"bench_overdue: {date.today().isoformat()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cpus, {args.runs} runs after {args.warmup} warm-up, "
          f"seed {args.seed}, load average {os.getloadavg()[0]:.1f}")
    print(f"taskwarrior: {taskwarrior.task_version(binary) if binary else 'not installed'}")
    print(f"caseload: {' '.join(Path(c).name for c in caseload_cmd())}; peak memory from "
          + (f"{TIME_BIN} -f %M" if TIME_BIN else
             "os.wait4 ru_maxrss (no GNU time: includes this script's RSS at fork)"))
    notes: list[str] = []
    dbs: dict[int, demo_db.DemoDb] = {}
    for size in sorted(set(args.sizes) | set(args.task_sizes)):
        try:
            dbs[size] = demo_db.ensure(size, args.seed, args.rebuild)
            notes.append(f"demo db n={size:,}: {demo_db.open_case_count(dbs[size]):,} open "
                         f"cases, as of {dbs[size].built_on}, built in "
                         f"{dbs[size].build_seconds:.1f} s")
        except demo_db.DemoUnavailable as exc:
            notes.append(f"demo db n={size:,} unavailable: {exc}")
    compile_caseload()
    rows: list[Stats] = []
    for size in sorted(set(args.sizes) | set(args.task_sizes)):
        commands = []
        if size in args.sizes and size in dbs:
            commands += caseload_commands(dbs[size])
            notes.append(caseload_counts(dbs[size]) + f" at {size:,}")
        if size in args.task_sizes:
            if binary is None:
                notes.append(f"taskwarrior skipped at {size:,}: {taskwarrior.INSTALL_HINT}")
            else:
                commands.append(task_command(size, dbs.get(size), args, binary, notes))
        rows += bench_size(commands, args, notes)
    print()
    print(format_table(rows))
    print()
    print(TARGET)
    for line in ratios(rows):
        print(line)
    for note in notes:
        print("- " + note)
    print(f"- load average at the end: {os.getloadavg()[0]:.1f} (1 min)")
    if dbs:
        db = dbs[min(dbs)]
        print()
        print(f"python -X importtime -m caseload overdue --all --db <n={db.cases:,}>:")
        lines = importtime_report.run(["overdue", "--all", "--db", str(db.path),
                                       "--today", db.built_on.isoformat()])
        print(importtime_report.report(lines))
        if args.profile:
            print()
            print(importtime_report.profile(["overdue", "--all", "--db", str(db.path),
                                             "--today", db.built_on.isoformat()]))
    return 0


def ratios(rows: list[Stats]) -> list[str]:
    tasks = {s.size: s for s in rows if s.label.startswith("task ")}
    out = []
    for s in rows:
        if s.label.startswith("caseload") and s.size in tasks:
            r = s.median / tasks[s.size].median
            verdict = "meets aim (<= 0.5)" if r <= 0.5 else "meets target" if r <= 1 else "SLOWER"
            out.append(f"{s.label} at {s.size:,}: {r:.2f} x taskwarrior's median ({verdict})")
    return out


if __name__ == "__main__":
    sys.exit(main())
