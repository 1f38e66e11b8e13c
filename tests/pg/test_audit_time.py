"""PostgreSQL: audit times are ``timestamptz`` (migration ``0008_audit_time_zone``), stamped
with their zone whatever the session's TimeZone, and a column of the older type is
converted with its grants, policies and row-level security intact."""

from __future__ import annotations

from caseload.pgurl import PostgresUrl
from tests.pg.conftest import PgTeam, downgrade, psql

SECURITY = ("SELECT policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' ' || "
            "coalesce(with_check, '') FROM pg_policies WHERE tablename = 'audit_log' "
            "ORDER BY policyname; SELECT relacl::text || ' ' || relrowsecurity::text || ' ' "
            "|| relforcerowsecurity::text FROM pg_class WHERE relname = 'audit_log';")


def _at_type(url: str) -> str:
    return psql(url, "SELECT data_type FROM information_schema.columns WHERE "
                     "table_name = 'audit_log' AND column_name = 'at'").stdout.strip()


def test_an_older_naive_column_becomes_timestamptz_with_its_security(pg_team: PgTeam) -> None:
    from caseload.services.db import open_database
    from caseload.store.revision import HEAD
    from caseload.store.schema import current_revision, upgrade

    url = pg_team.url
    assert _at_type(url) == "timestamp with time zone"
    before = psql(url, SECURITY).stdout
    assert "prune DELETE" in before
    engine = open_database(PostgresUrl(url))
    try:
        downgrade(engine, "0007_postgres_security")
        # a database whose column is naive (the policy must go first: PostgreSQL refuses
        # to change the type of a column a policy uses)
        psql(url, "DROP POLICY prune ON audit_log; ALTER TABLE audit_log ALTER COLUMN at "
                  "TYPE timestamp USING at AT TIME ZONE 'UTC'; CREATE POLICY prune ON "
                  "audit_log FOR DELETE USING ((SELECT caseload_is_lead()) AND "
                  "at < now() - interval '1 day');"
                  "INSERT INTO audit_log (at, actor, action, detail) "
                  "VALUES ('2026-07-01 10:00:00', 'lena', 'read', 'naive summer');")
        assert _at_type(url) == "timestamp without time zone"
        assert upgrade(engine)[1] == HEAD
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()
    assert _at_type(url) == "timestamp with time zone"
    assert psql(url, "SET TimeZone = 'Europe/Copenhagen'; SELECT at::text FROM audit_log "
                     "WHERE detail = 'naive summer'").stdout.strip() == "2026-07-01 12:00:00+02"
    after = psql(url, SECURITY).stdout
    assert after == before  # same policies (prune too), grants and row-level security
    # the lead's prune still works through the policy, a caseworker still may not delete
    assert "DELETE 1" in psql(pg_team.url_as("lena"), "\\set QUIET off\nDELETE FROM audit_log "
                                                        "WHERE detail = 'naive summer'").stdout


def test_the_stamp_is_utc_whatever_the_session_time_zone(pg_team: PgTeam) -> None:
    """A caseworker whose client sets TimeZone (PGTZ) still stamps the instant: the text
    carries +00:00, so PostgreSQL does not read it in the session's zone."""
    from datetime import UTC, datetime

    import psycopg

    from caseload.services import audit
    from caseload.services.db import Pyformat

    at = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    with psycopg.connect(pg_team.url_as("anna")) as conn:
        conn.execute("SET TimeZone = 'America/New_York'")
        audit.append(Pyformat(conn), [audit.entry("anna", "read", detail="zoned")], at=at)
    assert psql(pg_team.url, "SET TimeZone = 'UTC'; SELECT at::text FROM audit_log WHERE "
                             "detail = 'zoned'").stdout.strip() == "2026-07-01 10:00:00+00"
