"""The morning batch against ``task import``, side by side in one run, and its memory.

    .venv/bin/python benchmarks/bench_import.py [--forms 10000] [--big 200000] [--runs 7]
                                                [--no-postgres]

Prints, from one run of this script, taking turns so that the machine's load falls on each
tool alike (``harness.run_once``, whole processes, wall time and peak RSS):

- ``caseload import`` of ``--forms`` valid forms (ten files: ``.json`` arrays, ``.jsonl``,
  ``.csv`` with ``,`` and ``;``, UTF-8, UTF-8 with BOM, Windows-1252) into a fresh SQLite
  database made by ``caseload init``, as its team lead; and the same into a fresh PostgreSQL
  database on a throw-away cluster (``tests/pg/cluster.sh``, started and stopped here), as
  the team lead's own database role, row-level security in force;
- ``task import`` of as many equivalent tasks (one per form: its id and name as the
  description, the first follow-up's day as due) into an empty data folder of taskwarrior
  2.6 (``verbose=nothing``, ``hooks=off``, its own ``TASKRC``/``TASKDATA`` in a temporary
  folder; installed with ``apt-get install taskwarrior`` when missing);
- the median of ``--runs`` runs of each, and caseload's time over taskwarrior's;
- caseload's peak RSS importing ``--forms`` and ``--big`` forms (SQLite), and their ratio;
- PASS/FAIL: each import no slower than ``task import`` (ratio <= 1.0), memory at ``--big``
  at most twice that at ``--forms``.

Each run starts from a fresh database (copied, or ``CREATE DATABASE ... TEMPLATE``) and a
fresh task folder, made before the clock starts. caseload is byte-compiled first
(``compileall``: this machine sets ``PYTHONDONTWRITEBYTECODE=1``); a first untimed run of
each writes the holiday cache and fills the page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import taskwarrior  # noqa: E402
from batch_forms import TODAY, make_forms, write_batch  # noqa: E402

ROOT = harness.ROOT
CLUSTER = ROOT / "tests" / "pg" / "cluster.sh"


def ensure_taskwarrior() -> str:
    binary = taskwarrior.task_binary()
    if binary is None:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print("taskwarrior is missing: apt-get install -y taskwarrior", flush=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "taskwarrior"], check=False,
                       stdout=subprocess.DEVNULL)
        binary = taskwarrior.task_binary()
    if binary is None:
        sys.exit(taskwarrior.INSTALL_HINT)
    return binary


def write_tasks(path: Path, count: int) -> None:
    """One pending task per form of ``make_forms(count)``: its id and name, and its first
    follow-up's day (8 weeks after the first day of absence) as due."""
    entry = "20261123T060000Z"
    tasks = []
    for i, form in enumerate(make_forms(count)):
        due = date.fromisoformat(str(form["first_absence_day"])) + timedelta(weeks=8)
        tasks.append({"uuid": str(uuid.UUID(int=i + 1, version=4)), "status": "pending",
                      "entry": entry, "description": f"{form['form_id']} {form['name']}",
                      "due": taskwarrior._due_stamp(due)})
    path.write_text(json.dumps(tasks), encoding="utf-8")


def byte_compile() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "caseload")],
                   stdout=subprocess.DEVNULL, check=False)


class Sqlite:
    label = "caseload import (SQLite)"

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work, self.env = work, env
        self.template = work / "template.db"
        self.db = work / "run.db"
        run_checked([*harness.caseload_cmd(), "init", "--db", str(self.template)], env)

    def prepare(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.db)
        os.chmod(self.db, 0o600)

    def argv(self, folder: Path) -> list[str]:
        return [*harness.caseload_cmd(), "import", str(folder), "--json", "--today",
                TODAY.isoformat(), "--db", str(self.db)]


class Postgres:
    label = "caseload import (PostgreSQL)"

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.env = env
        self.folder = Path(tempfile.mkdtemp(prefix="bench-import-pg."))
        started = subprocess.run([str(CLUSTER), "start", str(self.folder)],
                                 capture_output=True, text=True, check=False, timeout=180)
        if started.returncode:
            raise RuntimeError(started.stderr.strip() or "cluster.sh start failed")
        self.server = started.stdout.strip()
        self.host = self.server.split("host=", 1)[1]
        self.psql("CREATE DATABASE bench_template")
        url = self.url("bench_template")
        run_checked([*harness.caseload_cmd(), "init", "--db", url], env)
        run_checked([*harness.caseload_cmd(), "team", "add", "lena", "--name", "Lena Holm",
                     "--lead", "--db", url], env)

    def url(self, name: str, role: str | None = None) -> str:
        url = f"postgresql:///{name}?host={self.host}"
        return url + (f"&options=-c%20role%3D{role}" if role else "")

    def psql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(sql)

    def prepare(self) -> None:
        self.psql("DROP DATABASE IF EXISTS bench_run WITH (FORCE)")
        self.psql("CREATE DATABASE bench_run TEMPLATE bench_template")

    def argv(self, folder: Path) -> list[str]:
        return [*harness.caseload_cmd(), "import", str(folder), "--json", "--today",
                TODAY.isoformat(), "--db", self.url("bench_run", "lena")]

    def stop(self) -> None:
        subprocess.run([str(CLUSTER), "stop", str(self.folder)], capture_output=True,
                       check=False, timeout=120)


class Task:
    label = "task import (taskwarrior)"

    def __init__(self, work: Path, binary: str, count: int) -> None:
        self.home, self.binary = work / "task", binary
        self.home.mkdir()
        taskwarrior.write_rc(self.home, taskwarrior.task_version(binary))
        self.payload = work / "tasks.json"
        write_tasks(self.payload, count)
        self.env = taskwarrior.environment(self.home)

    def prepare(self) -> None:
        shutil.rmtree(self.home / "data", ignore_errors=True)
        (self.home / "data").mkdir()

    def argv(self, folder: Path) -> list[str]:
        return [self.binary, "import", str(self.payload)]


def run_checked(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv[-4:])}: {done.stderr.strip()[-500:]}")


def timed(tool: Sqlite | Postgres | Task, folder: Path) -> harness.Run:
    tool.prepare()
    return harness.run_once(tool.argv(folder), tool.env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    binary = ensure_taskwarrior()
    byte_compile()
    verdicts: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="bench-import.") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "CASELOAD_LANG": "en"}
        folder = work / "batch"
        folder.mkdir()
        write_batch(folder, args.forms)
        tools: list[Sqlite | Postgres | Task] = [Sqlite(work, env), Task(work, binary,
                                                                          args.forms)]
        postgres = None
        if not args.no_postgres:
            try:
                postgres = Postgres(work, env)
                tools.insert(1, postgres)
            except (RuntimeError, OSError) as exc:
                print(f"PostgreSQL: no cluster ({exc}); its line is left out", flush=True)
                verdicts.append(("import on PostgreSQL <= task import", False))
        try:
            runs: dict[str, list[harness.Run]] = {t.label: [] for t in tools}
            failed: dict[str, str] = {}
            for round_ in range(args.runs + 1):  # the first round warms up, untimed
                for tool in tools:
                    if tool.label in failed:
                        continue
                    try:
                        found = timed(tool, folder)
                    except harness.CommandFailed as exc:
                        failed[tool.label] = str(exc)
                        continue
                    if round_:
                        runs[tool.label].append(found)
        finally:
            if postgres is not None:
                postgres.stop()
        stats = [harness.Stats(label, args.forms, found) for label, found in runs.items()
                 if found]
        print(f"\n{args.forms:,} forms / tasks, whole process, median of {args.runs} "
              "(taking turns):")
        print(harness.format_table(stats))
        for label, why in failed.items():
            print(f"{label}: FAILED: {why}")
        task = next(s for s in stats if s.label == Task.label)
        for s in stats:
            if s.label == Task.label:
                continue
            ratio = s.median / task.median
            print(f"{s.label} / task import: {s.median:.3f} s / {task.median:.3f} s = "
                  f"{ratio:.2f}x")
            verdicts.append((f"{s.label} <= task import (ratio {ratio:.2f})", ratio <= 1.0))
        for label in failed:
            verdicts.append((f"{label} <= task import (did not run)", False))

        small = max(r.max_rss_kb for r in runs[Sqlite.label]) / 1024 if runs[Sqlite.label] \
            else float("nan")
        big_folder = work / "big"
        big_folder.mkdir()
        write_batch(big_folder, args.big, files=max(10, args.big // 10_000))
        sqlite = tools[0]
        assert isinstance(sqlite, Sqlite)
        big = timed(sqlite, big_folder)
        mem_ratio = big.max_rss_kb / 1024 / small
        print(f"\npeak RSS of caseload import (SQLite): {args.forms:,} forms {small:.1f} MB, "
              f"{args.big:,} forms {big.max_rss_kb / 1024:.1f} MB ({big.seconds:.1f} s): "
              f"{mem_ratio:.2f}x")
        verdicts.append((f"peak RSS at {args.big:,} <= 2 x at {args.forms:,} "
                         f"(ratio {mem_ratio:.2f})", mem_ratio <= 2.0))
    print()
    for label, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
