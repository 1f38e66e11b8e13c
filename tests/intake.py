"""A citizen and an open case for a test, made the way production makes them: one
information form through the morning import's chunk (``services.importing_chunk``), on the
session's own DB-API connection and in its transaction, on either engine.

The form is checked by the import's validator first (received on ``today``, or on the first
day of absence when a test opens a case ahead of it), so a form the import would reject fails
loudly here. The import also stores the form (form_id ``SETUP-…``) and writes the audit
log's ``create`` entry (actor ``setup``), as for a real case: tests of the log or of the
stored forms leave those out.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, time
from itertools import count

from sqlmodel import Session

from caseload.clock import DANISH, now_utc
from caseload.importer.readers import RawRecord
from caseload.importer.report import Summary
from caseload.importer.validate import validate
from caseload.models import Case
from caseload.services.importing_chunk import Context, import_chunk
from caseload.services.obligations import refresh_case
from caseload.services.settings import ruleset

SETUP = "setup"  # the audit log's actor of the cases made here (tests leave it out)
FORM_PREFIX = "SETUP-"  # the form_id of the forms stored for them
_FORMS = count(1)


def open_case(session: Session, *, cpr: str, first_absence_day: date,
              name: str = "Test Borger", caseworker_id: int | None = None,
              group: str | None = None, today: date | None = None,
              now: datetime | None = None, **fields: object) -> Case:
    """Import a form for ``cpr`` (``fields``: more of the form's fields, e.g.
    ``expected_duration``, ``employment_status``) and return the case it opened, assigned
    to ``caseworker_id`` (None: unassigned). ``group`` overrides the group the rule set's
    allocation gives (and the obligations are computed again for it)."""
    now = now or now_utc()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = today or now.astimezone(DANISH).date()
    received = max(today, first_absence_day)
    data: dict[str, object] = {
        "form_id": f"{FORM_PREFIX}{next(_FORMS):06d}", "received": received.isoformat(),
        "cpr": cpr, "name": name, "first_absence_day": first_absence_day.isoformat(),
        "employment_status": "employed"}
    data.update({k: v.isoformat() if isinstance(v, date) else v
                 for k, v in fields.items() if v is not None})
    checked = validate(RawRecord("tests/intake.py", None, json.dumps(data), data),
                       today=received,
                       now=max(now, datetime.combine(received, time.max, tzinfo=DANISH)))
    if checked.rejected is not None:
        raise AssertionError(f"no form could open this case: {checked.rejected.reasons}")
    session.flush()  # what the test added in this session, before the import reads
    rules = ruleset(session)
    context = Context(today, now, rules, caseworker_id, {}, actor=SETUP)
    summary = Summary()
    conn = session.connection().connection.driver_connection
    import_chunk(conn, [checked], context, summary)
    if not isinstance(conn, sqlite3.Connection):  # the ids the import left unused: as on SQLite
        for table in ("citizens", "cases"):
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM "
                         + table, (table,))
    if summary.new_cases != 1:
        raise AssertionError(f"the citizen has an open case already ({summary.as_json()})")
    case = session.get(Case, context.created.runs[0][0])
    if group is not None and group != case.group:
        case.group = group
        session.add(case)
        session.flush()
        refresh_case(session, case, rules)
    return case
