"""The morning batch at scale: 10,000 valid forms, mixed formats, imported end to end.

    .venv/bin/python benchmarks/bench_import.py [--forms 10000] [--runs 3]

Writes the forms into a temporary folder (.json arrays, .jsonl, .csv with ``,`` and ``;``,
UTF-8, UTF-8 with BOM and Windows-1252), runs ``caseload init`` and then ``caseload import
DIR`` as a subprocess on a fresh database (the whole process is timed), and prints wall time
and forms a second. Beside it: plain ``sqlite3`` ``executemany`` of the very rows the import
wrote (citizens, cases, forms, obligations) into an empty copy of the schema, in one
transaction: the physical limit on this machine. Prints figures; asserts nothing.

caseload is byte-compiled first (``compileall``): this machine sets PYTHONDONTWRITEBYTECODE=1,
which would make every timed run compile caseload from source. The runs use a cache folder of
their own (``XDG_CACHE_HOME``); a first, untimed run writes the holiday cache there
(``caseload.holiday_cache``), as the first import on a server does once; its time is printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASELOAD = [sys.executable, "-m", "caseload"]
TODAY = date(2026, 11, 23)
FIRST = ["Mette", "Jens", "Søren", "Ærtebjørg", "Åse", "Bjørn", "Karen", "Ole", "Hanne"]
LAST = ["Kjær Hansen", "Ølgaard", "Sørensen", "Østergård", "Århus", "Nielsen", "Jensen"]
STATUS = ["employed", "lønmodtager", "ledig", "unemployed", "selvstændig", "ledighedsydelse"]
TABLES = ("citizens", "cases", "forms", "obligations")


def make_form(number: int, rng: random.Random) -> dict[str, object]:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
    century_digit = rng.choice("0123") if born.year < 2000 else "4"
    cpr = f"{born:%d%m%y}{century_digit}{rng.randrange(1000):03d}"
    received = TODAY - timedelta(days=rng.randrange(3))
    first = received - timedelta(days=rng.randrange(5, 120))
    return {
        "form_id": f"OS-2026-{number:06d}", "received": received.isoformat(),
        "cpr": f"{cpr[:6]}-{cpr[6:]}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "first_absence_day": first.isoformat(), "employment_status": rng.choice(STATUS),
        "postal_code": f"{rng.randrange(1000, 9999)}", "city": "Herning",
        "employer_name": "Herning Kommune, Hjemmeplejen", "employer_cvr": "29189919",
        "weekly_hours": rng.choice([37, 32, 30.5]),
        "expected_duration": rng.choice(["under_8_weeks", "over_8_weeks", "unknown"]),
        "sickness_description": "Smerter i lænd efter fald",
    }


def write_batch(folder: Path, count: int, seed: int = 7) -> None:
    """``count`` valid forms spread over ten files of five kinds."""
    rng = random.Random(seed)
    forms = [make_form(n, rng) for n in range(count)]
    parts = [forms[i::10] for i in range(10)]
    for index, part in enumerate(parts):
        kind = index % 5
        if kind == 0:
            (folder / f"batch{index}.json").write_text(
                json.dumps(part, ensure_ascii=False, indent=1), "utf-8")
        elif kind == 1:
            (folder / f"batch{index}.jsonl").write_text(
                "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in part), "utf-8")
        else:
            delimiter = "," if kind == 2 else ";"
            encoding = {2: "utf-8", 3: "utf-8-sig", 4: "cp1252"}[kind]
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(part[0]), delimiter=delimiter)
            writer.writeheader()
            for form in part:
                row = dict(form)
                if kind == 4:  # Danish dates and decimal commas, as a spreadsheet writes them
                    for key in ("received", "first_absence_day"):
                        row[key] = date.fromisoformat(row[key]).strftime("%d-%m-%Y")
                    row["weekly_hours"] = str(row["weekly_hours"]).replace(".", ",")
                writer.writerow(row)
            (folder / f"batch{index}.csv").write_bytes(out.getvalue().encode(encoding))


def byte_compile() -> bool:
    """Write caseload's ``.pyc`` files once, so the timed runs load them (True if it did)."""
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "caseload")],
                          stdout=subprocess.DEVNULL, check=False)
    return done.returncode == 0


ENV = dict(os.environ)


def run(cmd: list[str], env_db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*cmd, "--db", str(env_db)], cwd=ROOT, capture_output=True,
                          text=True, check=False, env=ENV)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_once(folder: Path, work: Path, count: int) -> tuple[float, float, Path]:
    db = work / f"caseload-{time.monotonic_ns()}.db"
    init = run([*CASELOAD, "init"], db)
    if init.returncode:
        sys.exit(f"caseload init failed: {init.stderr}")
    cpu, start = _child_cpu(), time.perf_counter()
    done = run([*CASELOAD, "import", str(folder), "--json", "--today", TODAY.isoformat()], db)
    wall, cpu = time.perf_counter() - start, _child_cpu() - cpu
    if done.returncode:
        sys.exit(f"caseload import exited {done.returncode}: {done.stdout[-2000:]}"
                 f"{done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    if summary["imported"] != count:
        sys.exit(f"imported {summary['imported']} of {count}")
    return wall, cpu, db


def executemany_limit(imported: Path, work: Path) -> tuple[float, int]:
    """Seconds to executemany every row the import wrote into an empty schema; row count."""
    empty = work / "empty.db"
    init = run([*CASELOAD, "init"], empty)
    if init.returncode:
        sys.exit(f"caseload init failed: {init.stderr}")
    source = sqlite3.connect(imported)
    data = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    source.close()
    target = sqlite3.connect(empty, isolation_level=None)
    target.execute("PRAGMA journal_mode = WAL")
    target.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    target.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        if data[table]:
            marks = ", ".join("?" * len(data[table][0]))
            target.executemany(f"INSERT INTO {table} VALUES ({marks})", data[table])
    target.execute("COMMIT")
    seconds = time.perf_counter() - start
    target.close()
    return seconds, sum(len(rows) for rows in data.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compiled = byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "batch"
        folder.mkdir()
        write_batch(folder, args.forms)
        ENV["XDG_CACHE_HOME"] = str(work / "cache")
        cold, _, _ = import_once(folder, work, args.forms)  # writes the holiday cache
        walls: list[float] = []
        cpus: list[float] = []
        limits: list[float] = []
        rows = 0
        for _ in range(args.runs):
            wall, cpu, db = import_once(folder, work, args.forms)
            walls.append(wall)
            cpus.append(cpu)
            seconds, rows = executemany_limit(db, work)
            limits.append(seconds)
            (work / "empty.db").unlink()
        wall, limit = statistics.median(walls), statistics.median(limits)
        print(f"caseload import: {args.forms} forms in {len(list(folder.iterdir()))} files, "
              f"whole process, median of {args.runs}: {wall:.2f} s = "
              f"{args.forms / wall:,.0f} forms/s (runs: {', '.join(f'{w:.2f}' for w in walls)}; "
              f"CPU time of the process: {statistics.median(cpus):.2f} s)")
        print(f"caseload byte-compiled before the runs (compileall): "
              f"{'yes' if compiled else 'NO (compileall failed)'}; a first untimed run that "
              f"wrote the holiday cache: {cold:.2f} s")
        print(f"plain sqlite3 executemany of the same {rows:,} rows: {limit:.3f} s = "
              f"{rows / limit:,.0f} rows/s = {args.forms / limit:,.0f} forms/s")
        print(f"budget: 2.00 s for 10,000 forms (5,000 forms/s): "
              f"{'met' if args.forms / wall >= 5000 else 'NOT met'}")


if __name__ == "__main__":
    main()
