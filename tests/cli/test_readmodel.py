"""The worklist queries: schema revision constant, masking in SQL, the closed-case invariant."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from caseload.domain.cpr import mask
from caseload.store import sqlite as db
from caseload.store.queries import people
from caseload.store.queries import worklist as quick
from caseload.store.revision import HEAD
from tests.cli.conftest import CPR, DAY

VERSIONS = Path(__file__).resolve().parents[2] / "caseload" / "migrations" / "versions"


def test_head_revision_constant_matches_the_migrations() -> None:
    """Set ``caseload.store.revision.HEAD`` when you add a migration."""
    from caseload.store.schema import head_revision

    assert head_revision() == HEAD
    revisions = {re.search(r"^revision: str = '([^']+)'", p.read_text(), re.M).group(1)
                 for p in VERSIONS.glob("*.py")}
    downs = {m.group(1) for p in VERSIONS.glob("*.py")
             if (m := re.search(r"^down_revision: [^=]+= '([^']+)'", p.read_text(), re.M))}
    assert revisions - downs == {HEAD}


def test_cpr_is_masked_like_the_domain_does(caseload_db: Path) -> None:
    with db.snapshot(caseload_db) as conn:
        rows = quick.overdue(conn, on=DAY, worker=None).rows
        interviews = quick.interviews_on(conn, on=DAY, worker=None)
    masked = {mask(number) for number in CPR.values()}
    assert {r.cpr for r in rows} | {i.cpr for i in interviews} <= masked
    assert len({r.cpr for r in rows}) == 4


def test_total_counts_beyond_the_limit(caseload_db: Path) -> None:
    with db.snapshot(caseload_db) as conn:
        team = quick.overdue(conn, on=DAY, worker=None, limit=1)
        anna = quick.overdue(conn, on=DAY, worker=people.by_login(conn, "anna").id, limit=1)
    assert (len(team.rows), team.total) == (1, 4)
    assert (len(anna.rows), anna.total) == (1, 2)


def test_closed_cases_keep_no_obligations(caseload_db: Path, case_ids: dict) -> None:
    """The team's count skips the join to cases on this invariant of the services."""
    with sqlite3.connect(f"file:{caseload_db}?mode=ro", uri=True) as conn:
        stray = conn.execute("SELECT count(*) FROM obligations o JOIN cases c"
                             " ON c.id = o.case_id WHERE c.status != 'open'").fetchone()[0]
        closed = conn.execute("SELECT status FROM cases WHERE id = ?",
                              (case_ids["closed"],)).fetchone()[0]
    assert (closed, stray) == ("closed", 0)


def test_the_connection_is_read_only(caseload_db: Path) -> None:
    with db.snapshot(caseload_db) as conn:
        try:
            conn.execute("DELETE FROM caseworkers")
        except sqlite3.OperationalError as exc:
            assert "readonly" in str(exc)
        else:  # pragma: no cover - the assertion below reports it
            raise AssertionError("a quick-check connection could write")


def test_queries_use_the_indexes(caseload_db: Path) -> None:
    """Query plans on the real schema: no full scan of obligations or interviews, for the
    team's and a caseworker's rows, as rows or as JSON, with the booked interviews."""
    with db.snapshot(caseload_db) as conn:
        worker = people.by_login(conn, "anna").id
        matching = quick.stored_matching(conn)[1]
        assert matching is not None and matching.pairs  # kept at init
        for scope in (None, worker):
            for as_json in (False, True):
                sql, params, _ = quick._overdue_query(
                    conn, on=DAY, worker=scope, soon_days=0, kind=None, matching=matching,
                    limit=50, as_json=as_json)
                plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                             params))
                for table in ("o", "obligations", "i", "interviews"):
                    assert f"SCAN {table} " not in plan + " ", plan
                assert "USING INDEX ix_interviews_booked_for" in plan, plan
                assert "USING INDEX" in plan, plan
