"""Benchmark: what the server's logging of citizen reads (migration 0009_read_logging) costs.

On a throw-away PostgreSQL cluster (tests/pg/cluster.sh), 2,000 citizens are read with one
``SELECT * FROM citizens`` (median of --runs):

  as the owner          not bound by the policies: nothing logged
  as a lead, read-write the policy logs each row: a server log line and an audit_log INSERT
  as a lead, READ ONLY  the server log line only (how the tool's own reads run)

Not a test: it asserts nothing.

    .venv/bin/python benchmarks/bench_read_logging.py [--rows 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLUSTER = ROOT / "tests" / "pg" / "cluster.sh"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import psycopg

    from caseload.pgurl import PostgresUrl
    from caseload.services.caseworkers import add_caseworker
    from caseload.services.db import init_database, write_session
    from caseload.store import roles

    folder = tempfile.mkdtemp(prefix="caseload-bench-pg.")
    server = subprocess.run([str(CLUSTER), "start", folder], capture_output=True, text=True,
                            check=True).stdout.strip()
    try:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        db = server.replace("/postgres?", "/bench?")
        engine, _, _ = init_database(PostgresUrl(db))
        with write_session(engine) as session:
            add_caseworker(session, login="lena", name="Lena", role="team_lead")
            roles.enrol(session, "lena", "team_lead")
        engine.dispose()
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO citizens (cpr, name, birth_date, edited_fields, created_at, "
                "updated_at) SELECT lpad(g::text, 10, '0'), 'Borger ' || g, '1982-03-15', '',"
                " now(), now() FROM generate_series(1, %s) g", (args.rows,))
        lead = f"{db}&options={quote('-c role=lena', safe='')}"

        def median_ms(url: str, read_only: bool = False) -> float:
            times = []
            for _ in range(args.runs):
                with psycopg.connect(url) as conn:
                    conn.read_only = read_only
                    started = time.perf_counter()
                    conn.execute("SELECT * FROM citizens").fetchall()
                    times.append(time.perf_counter() - started)
                    conn.commit()
            return statistics.median(times) * 1000

        print(f"{args.rows} citizens, median of {args.runs}:")
        print(f"  as the owner (nothing logged)        {median_ms(db):7.1f} ms")
        print(f"  as a lead, read-write (log + INSERT) {median_ms(lead):7.1f} ms")
        print(f"  as a lead, READ ONLY (log line)      {median_ms(lead, True):7.1f} ms")
    finally:
        subprocess.run([str(CLUSTER), "stop", folder], capture_output=True, check=False)


if __name__ == "__main__":
    main()
