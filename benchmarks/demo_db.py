"""Demo databases for the benchmarks, built once per (cases, seed) and cached in out/.

A database is built with the documented CLI, ``caseload demo --db PATH --cases N --seed S
--today DAY --no-open``, into a temporary directory that is renamed when complete, so an
interrupted build never leaves a half-made cache. ``meta.json`` records the day it was built
for; the benchmark asks ``caseload overdue --today`` that day, so a cached database gives the
same answer later.

Reading back due dates (for taskwarrior) uses plain sqlite3 on the stored ``obligations``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from harness import OUT_DIR, caseload_cmd


@dataclass(frozen=True)
class DemoDb:
    path: Path
    cases: int
    seed: int
    built_on: date
    build_seconds: float


class DemoUnavailable(RuntimeError):
    pass


def _danish_today() -> date:
    from caseload.clock import today  # light module: datetime + zoneinfo only

    return today()


def ensure(cases: int, seed: int, rebuild: bool = False) -> DemoDb:
    """The cached demo database for ``cases`` and ``seed``, building it if missing."""
    home = OUT_DIR / f"demo-n{cases}-s{seed}"
    meta_path = home / "meta.json"
    if rebuild and home.exists():
        shutil.rmtree(home)
    if not meta_path.exists():
        _build(home, cases, seed)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return DemoDb(home / "caseload.db", cases, seed, date.fromisoformat(meta["built_on"]),
                  float(meta["build_seconds"]))


def _build(home: Path, cases: int, seed: int) -> None:
    tmp = home.with_name(home.name + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    built_on = _danish_today()
    cmd = [*caseload_cmd(), "demo", "--db", str(tmp / "caseload.db"), "--cases", str(cases),
           "--seed", str(seed), "--today", built_on.isoformat(), "--no-open"]
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise DemoUnavailable(f"`{' '.join(cmd[-8:])}` exited {done.returncode}: {last}")
    meta = {"cases": cases, "seed": seed, "built_on": built_on.isoformat(),
            "build_seconds": round(seconds, 2), "command": cmd[1:]}
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    tmp.rename(home)


def _connect(db: DemoDb) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{db.path}?mode=ro", uri=True))


def open_case_dues(db: DemoDb) -> list[tuple[int, date | None, str | None]]:
    """(case id, earliest due date not met by ``built_on``, its obligation kind) per open case.

    "Not met by the day" as the quick check counts it: ``met_on`` empty or later than the day
    (an offer that starts after its due date is overdue until it starts), so this is not
    always ``cases.next_due``, which skips obligations with any ``met_on``. Two plain scans,
    not a correlated subquery: SQLite would answer that one through the (met_on, due) index,
    reading every open obligation once per case.
    """
    on = db.built_on.isoformat()
    with _connect(db) as conn:
        ids = [cid for (cid,) in conn.execute(
            "SELECT id FROM cases WHERE status = 'open' ORDER BY id")]
        first: dict[int, tuple[date, str]] = {}
        for cid, due, kind in conn.execute(
                "SELECT case_id, due, kind FROM obligations"
                " WHERE met_on IS NULL OR met_on > ? ORDER BY case_id, due, id", (on,)):
            if cid not in first:
                first[cid] = (date.fromisoformat(due[:10]), kind)
    return [(cid, *first.get(cid, (None, None))) for cid in ids]


def busiest_caseworker(db: DemoDb) -> str | None:
    """The login with the most open cases: the person whose table the benchmark times."""
    sql = """
        SELECT w.login FROM cases c JOIN caseworkers w ON w.id = c.caseworker_id
         WHERE c.status = 'open'
         GROUP BY w.id ORDER BY COUNT(*) DESC, w.login LIMIT 1
    """
    with _connect(db) as conn:
        row = conn.execute(sql).fetchone()
    return row[0] if row else None


def open_case_count(db: DemoDb) -> int:
    with _connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM cases WHERE status = 'open'").fetchone()[0]
