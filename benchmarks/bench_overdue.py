"""Benchmark: the quick check against taskwarrior, the same due dates, on both engines.

Whole processes, side by side in one run (the commands of one size take turns run by run,
so a drifting machine load hits them alike); median of --runs runs after a warm-up, and the
peak memory (max RSS) of each:

  caseload overdue --all --json   vs  task +OVERDUE export          every overdue row
  caseload overdue --all          vs  task +OVERDUE list limit:50   the table for a person

on databases of 10,000 and 50,000 imported cases (the morning batch's forms of
``bench_import.write_batch``, imported by ``caseload import``; cached in benchmarks/out/), as
SQLite files and copied into PostgreSQL (a throw-away cluster, ``tests/pg/cluster.sh``,
started and stopped here). Taskwarrior holds one task per stored obligation not yet met,
due at the end of its due day (so +OVERDUE is what caseload calls overdue), in a data dir of
its own with ``verbose=nothing``, ``hooks=off``; it is installed with apt-get when missing.
caseload asks about the real today (the stored obligations); the target is half of
taskwarrior's median. Prints figures and ``SUMMARY|`` lines for ``run_all.py``.

    .venv/bin/python benchmarks/bench_overdue.py [--sizes 10000,50000] [--runs 7] [--no-pg]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import taskwarrior
from harness import (
    OUT_DIR,
    ROOT,
    Command,
    Stats,
    caseload_cmd,
    format_table,
    measure_interleaved,
    run_once,
)

TARGET = 0.5  # caseload's median at most half of taskwarrior's
TABLES = ("caseworkers", "meta", "citizens", "cases", "obligations", "interviews")
CLUSTER = ROOT / "tests" / "pg" / "cluster.sh"
IMPORT_DAY = "2026-11-23"  # the forms' day (bench_import.TODAY)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,50000",
                   type=lambda s: [int(x) for x in s.replace("_", "").split(",") if x])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    return p.parse_args(argv)


def ensure_task() -> str:
    """The ``task`` binary, installed with apt-get when missing."""
    found = taskwarrior.task_binary()
    if found is None:
        print("taskwarrior missing: apt-get install -y taskwarrior", flush=True)
        subprocess.run(["apt-get", "install", "-y", "taskwarrior"], check=False,
                       stdout=subprocess.DEVNULL)
        found = taskwarrior.task_binary()
    if found is None:
        sys.exit(taskwarrior.INSTALL_HINT)
    return found


def imported_db(size: int) -> Path:
    """A SQLite database of ``size`` imported forms (built once, cached)."""
    import bench_import

    from caseload.store.revision import HEAD  # a new schema: built anew

    home = OUT_DIR / f"imported-n{size}-{HEAD}"
    db = home / "caseload.db"
    if (home / "ready").exists():
        return db
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        bench_import.write_batch(Path(tmp), size)
        subprocess.run([*caseload_cmd(), "init", "--db", str(db)], check=True,
                       capture_output=True)
        done = subprocess.run([*caseload_cmd(), "import", tmp, "--db", str(db), "--today",
                               IMPORT_DAY, "--json"], capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1: a few forms flagged or in conflict
            sys.exit(f"caseload import failed: {done.stderr[-500:]}")
    (home / "ready").write_text("1")
    return db


def open_dues(db: Path) -> list[taskwarrior.TaskItem]:
    """One task per stored obligation not met yet: the same due dates as caseload's."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [taskwarrior.TaskItem(f"case {c} {k}", date.fromisoformat(d[:10]))
                for c, k, d in conn.execute("SELECT case_id, kind, due FROM obligations"
                                            " WHERE met_on IS NULL ORDER BY id")]


def task_home(items: list[taskwarrior.TaskItem], binary: str) -> Path:
    digest = hashlib.sha1(repr(items).encode()).hexdigest()[:12]
    home = OUT_DIR / f"task-{len(items)}-{digest}"
    if not taskwarrior.is_built(home):
        taskwarrior.build(home, items, binary)
    return home


def start_cluster() -> tuple[str, str] | None:
    folder = tempfile.mkdtemp(prefix="caseload-bench-pg.")
    done = subprocess.run([str(CLUSTER), "start", folder], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"no PostgreSQL: {done.stderr.strip()}", flush=True)
        subprocess.run([str(CLUSTER), "stop", folder], capture_output=True)
        return None
    return folder, done.stdout.strip()


def copy_to_postgres(server: str, db: Path, size: int) -> str:
    """A PostgreSQL database made by ``caseload init`` holding the SQLite file's rows."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = f"caseload_bench_{size}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    params = {k: v for k, v in conninfo_to_dict(server).items() if k != "dbname"}
    url = f"postgresql:///{name}?" + "&".join(f"{k}={v}" for k, v in params.items())
    subprocess.run([*caseload_cmd(), "init", "--db", url], check=True, capture_output=True)
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
        for table in TABLES:
            cursor = source.execute(f"SELECT * FROM {table}")
            names = ", ".join(f'"{d[0]}"' for d in cursor.description)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in cursor:
                    copy.write_row(row)
        for table in ("citizens", "cases", "obligations", "interviews", "caseworkers"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                         f" (SELECT coalesce(max(id), 1) FROM {table}))")
        conn.execute("ANALYZE")
    source.close()
    return url


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("CASELOAD_DB", "COLUMNS")}


def commands(size: int, engine: str, db: str, home: Path, binary: str) -> list[Command]:
    base = [*caseload_cmd(), "overdue", "--all", "--db", db]
    task_env = taskwarrior.environment(home)
    return [
        Command(f"json {engine}: caseload overdue --all --json", size, [*base, "--json"], env()),
        Command(f"json {engine}: task +OVERDUE export", size,
                [binary, "+OVERDUE", "export"], task_env),
        Command(f"table {engine}: caseload overdue --all", size, base, env()),
        Command(f"table {engine}: task +OVERDUE list limit:50", size,
                taskwarrior.list_overdue_cmd(binary), task_env),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    binary = ensure_task()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "caseload")],
                   stdout=subprocess.DEVNULL, check=False)  # as an installed package is
    print(f"bench_overdue: {taskwarrior.task_version(binary)}, {os.cpu_count()} cpus, "
          f"{args.runs} runs after a warm-up, load average {os.getloadavg()[0]:.1f}",
          flush=True)
    cluster = None if args.no_pg else start_cluster()
    rows: list[Stats] = []
    notes: list[str] = []
    try:
        for size in args.sizes:
            db = imported_db(size)
            items = open_dues(db)
            home = task_home(items, binary)
            plan = commands(size, "sqlite", str(db), home, binary)
            if cluster:
                plan += commands(size, "postgres", copy_to_postgres(cluster[1], db, size),
                                 home, binary)[::2]  # taskwarrior once per size
            out = OUT_DIR / "overdue.json"
            run_once(plan[0].argv, plan[0].env, stdout_path=str(out))
            count = len(json.loads(out.read_text(encoding="utf-8")))
            notes.append(f"n={size:,}: {count:,} overdue rows in caseload, "
                         f"{taskwarrior.count_overdue(home, binary):,} of {len(items):,} "
                         "tasks overdue in taskwarrior")
            rows += measure_interleaved(plan, args.runs, 1)
    finally:
        if cluster:
            subprocess.run([str(CLUSTER), "stop", cluster[0]], capture_output=True)
    print()
    print(format_table(rows))
    for note in notes:
        print("- " + note)
    print(f"- load average at the end: {os.getloadavg()[0]:.1f}")
    for line in summary(rows):
        print(line)
    return 0


def summary(rows: list[Stats]) -> list[str]:
    """``SUMMARY|what|cases|caseload s, MB|yardstick s, MB|ratio|target|PASS/FAIL``."""
    out = []
    for s in rows:
        if "caseload" not in s.label:
            continue
        kind, engine = s.label.split(":")[0].split()
        task = next(t for t in rows if t.size == s.size and t.label.startswith(kind)
                    and "task" in t.label)
        ratio = s.median / task.median
        out.append("SUMMARY|" + "|".join([
            f"{s.label.split(': ')[1]} ({engine}) vs {task.label.split(': ')[1]}",
            f"{s.size:,}", f"{s.median:.3f} s, {s.peak_mb:.0f} MB",
            f"{task.median:.3f} s, {task.peak_mb:.0f} MB", f"{ratio:.2f}x",
            f"<= {TARGET}x", "PASS" if ratio <= TARGET else "FAIL"]))
    return out


if __name__ == "__main__":
    sys.exit(main())
