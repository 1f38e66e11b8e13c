"""One chunk of the morning batch, in one write transaction: decide, then write set-wise.

What exists is loaded with one query per table (forms by form_id, citizens by CPR, their
open cases, open issues); each form is then decided in memory in batch order; at the end
every table gets one bulk write (``importing_sql``: ``executemany`` on SQLite, ``COPY``
and a set-based insert on PostgreSQL). Ids of new citizens and cases are handed out here
(``importing_sql.new_ids``): the transaction holds the write lock, so no other writer can
take them meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from caseload.domain.groups import allocate_group, suggest_category
from caseload.i18n import t
from caseload.importer.report import IssueLine, Summary
from caseload.importer.validate import Checked, Form, Reason, Rejected
from caseload.services import audit
from caseload.services import importing_sql as sql
from caseload.services.importing_context import Context, Ranges
from caseload.store.queries import audit as audit_queries

__all__ = ["CONTACT_FIELDS", "Chunk", "Context", "Ranges", "import_chunk"]

# The citizen's details a form brings (and a caseworker may correct by hand: services.citizens)
CONTACT_FIELDS = ("name", "address", "postal_code", "city", "phone", "email",
                  "employment_status", "employer_name", "employer_cvr", "job_title",
                  "weekly_hours", "unemployment_fund")
CITIZEN_COLUMNS = ("id", "cpr", "birth_date", "edited_fields", "created_at", "updated_at",
                   *CONTACT_FIELDS)
CASE_COLUMNS = ("id", "citizen_id", "caseworker_id", "first_absence_day", "status", "group",
                "group_decided_on", "exempt", "suggested_category", "expected_duration",
                "expected_return_date", "needs_review", "review_reason", "next_due", "version",
                "created_at", "updated_at", "opened_on")
CASE_UPDATES = ("expected_duration", "expected_return_date", "suggested_category",
                "needs_review", "review_reason", "version", "updated_at")
FORM_COLUMNS = ("form_id", "content_hash", "raw", "received", "citizen_id", "case_id",
                "source_file", "source_line", "imported_at")
OBLIGATION_COLUMNS = ("case_id", "kind", "seq", "due", "book_by", "met_on", "requirement")
_contact = attrgetter(*CONTACT_FIELDS)
ISSUE_COLUMNS = ("kind", "form_id", "content_hash", "source_file", "source_line", "raw",
                 "reasons", "created_at")


@dataclass(slots=True)
class _Citizen:
    id: int
    cpr: str
    birth_date: date
    protected: frozenset[str]
    values: dict[str, object]
    new: bool = False
    changed: bool = False


@dataclass(slots=True)
class _Case:
    id: int
    citizen_id: int
    first_absence_day: date
    expected_duration: str | None
    expected_return_date: date | None
    suggested_category: int | None
    review_reason: str | None
    version: int
    group: str = ""
    caseworker_id: int | None = None
    needs_review: bool = False
    new: bool = False
    changed: bool = False
    refresh: bool = False


_RECEIVED: dict[object, str] = {}


def _received(form: Form) -> str:
    """As SQLAlchemy stores it (a batch's forms share a few days: kept, a thousand at most)."""
    found = _RECEIVED.get(form.received)
    if found is None:
        found = form.received_at.isoformat(" ", "microseconds")
        if len(_RECEIVED) < 1000:
            _RECEIVED[form.received] = found
    return found


class Chunk:
    """The state of one chunk: what exists (loaded set-wise) and what to write."""

    def __init__(self, conn: sqlite3.Connection, items: Sequence[Checked], context: Context,
                 summary: Summary) -> None:
        self.conn = conn
        self.context, self.summary = context, summary
        self.at = context.clock() if context.clock else context.now  # audit entries'
        self.stamp = str(sql.sql_value(self.at))
        forms = [item.form for item in items if item.form is not None]
        self.stored = {row[0]: row[1:] for row in sql.select_in(
            self.conn, sql.FORMS, ("form_id", "content_hash", "source_file", "source_line"),
            "form_id", (f.form_id for f in forms))}
        self.citizens: dict[str, _Citizen] = {}
        for row in sql.select_in(self.conn, sql.CITIZENS,
                                 ("cpr", "id", "birth_date", "edited_fields", *CONTACT_FIELDS),
                                 "cpr", (f.cpr for f in forms)):
            protected = frozenset(filter(None, (p.strip() for p in (row[3] or "").split(","))))
            self.citizens[row[0]] = _Citizen(row[1], row[0], sql.parse_date(row[2]), protected,
                                             dict(zip(CONTACT_FIELDS, row[4:], strict=True)))
        self.cases: dict[int, list[_Case]] = {}
        for row in sql.select_in(
                self.conn, sql.CASES,
                ("id", "citizen_id", "first_absence_day", "expected_duration",
                 "expected_return_date", "suggested_category", "review_reason", "version",
                 "caseworker_id"),
                "citizen_id", (c.id for c in self.citizens.values()),
                where=" AND status = 'open' ORDER BY id"):
            case = _Case(row[0], row[1], sql.parse_date(row[2]), row[3],
                         sql.parse_date(row[4]), row[5], row[6], row[7],
                         caseworker_id=row[8])
            self.cases.setdefault(case.citizen_id, []).append(case)
        self.issues = self._open_issues(items, forms)
        # at most one new citizen per CPR not found, one new case per CPR without an open case
        unknown = {f.cpr for f in forms if f.cpr not in self.citizens}
        no_case = {f.cpr for f in forms if f.cpr in unknown or
                   self.citizens[f.cpr].id not in self.cases}
        self.citizen_ids = sql.new_ids(self.conn, sql.CITIZENS, len(unknown))
        self.case_ids = sql.new_ids(self.conn, sql.CASES, len(no_case))
        self.new_forms: list[tuple] = []
        self.new_issues: list[tuple] = []
        self.refusals: list[tuple] = []  # audit entries of held forms
        self.resolved: set[int] = set()

    def _open_issues(self, items: Sequence[Checked], forms: list[Form]) -> list[tuple]:
        columns = ("id", "kind", "form_id", "content_hash", "source_file", "source_line")
        where = " AND resolved_at IS NULL"
        found = {row[0]: row for row in sql.select_in(
            self.conn, sql.ISSUES, columns, "source_file",
            (item.record.file for item in items), where)}
        found.update((row[0], row) for row in sql.select_in(
            self.conn, sql.ISSUES, columns, "form_id", (f.form_id for f in forms), where))
        return list(found.values())

    # -- deciding ---------------------------------------------------------------------------
    def take(self, item: Checked) -> None:
        if item.rejected is not None:
            self.reject(item.rejected)
            return
        form = item.form
        assert form is not None
        record = item.record
        known = self.stored.get(form.form_id)
        if known is not None:
            if known[0] == form.content_hash:
                self.summary.skipped += 1
                if self.issues:  # a mended line that now matches what was imported
                    self.resolve(form, record.file, record.line, same_place_only=True)
            else:
                self.conflict(item, form, known)
            return
        held = self.not_theirs(form)
        if held is not None:
            self.hold(item, form, held)
            return
        self.stored[form.form_id] = (form.content_hash, record.file, record.line)
        citizen = self.citizen(form)
        case = self.case(citizen, form)
        self.new_forms.append((form.form_id, form.content_hash, record.raw, _received(form),
                               citizen.id, case.id, record.file, record.line, self.stamp))
        self.summary.imported += 1
        if self.issues:
            self.resolve(form, record.file, record.line)

    def resolve(self, form: Form, file: str, line: int | None,
                same_place_only: bool = False) -> None:
        """A form that imports settles the earlier rejections of it (same form_id, or the
        same place in the same file where the form_id could not be read). A form skipped as
        already imported settles only the issues recorded at its own place: the line was
        mended to match what is stored."""
        for issue in self.issues:
            if issue[0] is None or issue[0] in self.resolved:
                continue
            here = (issue[4], issue[5]) == (file, line)
            if same_place_only:
                settled = here and issue[2] in (None, form.form_id)
            else:
                settled = issue[1] in ("rejected", "held") and (
                    issue[2] == form.form_id or (issue[2] is None and here))
            if settled:
                self.resolved.add(issue[0])
                self.summary.resolved_issues += 1

    def not_theirs(self, form: Form) -> _Case | None:
        """The open case this form would attach to (or flag) if the importer may not change
        it (``ImportRight.may_change``); None when the form may go in."""
        right = self.context.right
        if right is None or right.full:
            return None
        citizen = self.citizens.get(form.cpr)
        open_cases = self.cases.get(citizen.id) if citizen is not None else None
        if not open_cases:
            return None
        target = next((c for c in open_cases if c.first_absence_day == form.first_absence_day),
                      open_cases[-1])
        mine = target.new or target.id in self.context.created
        return None if mine or right.may_change(target.caseworker_id) else target

    def hold(self, item: Checked, form: Form, case: _Case) -> None:
        """Keep the form for review, as a conflict is kept; log the refusal. The case and
        its citizen are left exactly as they are."""
        self.summary.held += 1
        reason = Reason("cpr", t("import_access.held", case=case.id))
        same = [i for i in self.issues
                if i[1] == "held" and (i[2], i[3]) == (form.form_id, form.content_hash)]
        known = any(i[0] is not None for i in same)
        if not same:
            self.add_issue("held", form.form_id, form.content_hash, item.record.file,
                           item.record.line, item.record.raw, (reason,))
            self.issues.append((None, "held", form.form_id, form.content_hash,
                                item.record.file, item.record.line))
        self.refusals.append(audit.entry(self.context.actor, "refused", case.citizen_id,
                                         case.id, f"import form {form.form_id}: case "
                                                  f"{case.id} is not the importer's to change"))
        self.summary.add_issue(IssueLine("held", item.record.file, item.record.line,
                                             form.form_id, reason.field, reason.message, known))

    def citizen(self, form: Form) -> _Citizen:
        citizen = self.citizens.get(form.cpr)
        if citizen is None:
            values = dict(zip(CONTACT_FIELDS, _contact(form), strict=True))
            citizen = _Citizen(next(self.citizen_ids), form.cpr, form.birth_date, frozenset(),
                               values, new=True)
            self.citizens[form.cpr] = citizen
            self.summary.new_citizens += 1
            return citizen
        for name in CONTACT_FIELDS:
            value = getattr(form, name)
            if value is not None and name not in citizen.protected and \
                    citizen.values.get(name) != value:
                citizen.values[name] = value
                citizen.changed = True
        return citizen

    def case(self, citizen: _Citizen, form: Form) -> _Case:
        open_cases = self.cases.get(citizen.id)
        if open_cases:
            for case in open_cases:
                if case.first_absence_day == form.first_absence_day:
                    self.fill_gaps(case, form)
                    self.summary.attached += 1
                    return case
            case = open_cases[-1]
            note = t("import_reason.other_first_day", form=form.form_id,
                     day=form.first_absence_day.isoformat(),
                     case_day=case.first_absence_day.isoformat())
            case.review_reason = f"{case.review_reason}; {note}" if case.review_reason else note
            case.needs_review = case.changed = True
            case.version += 1
            self.summary.flagged_for_review += 1
            return case
        context = self.context
        worker = context.assign_id
        if worker is None:
            worker = context.by_day.get(citizen.birth_date.day)
        group = allocate_group(citizen.birth_date, context.rules.allocation).value
        case = _Case(next(self.case_ids), citizen.id, form.first_absence_day,
                     form.expected_duration, form.expected_return_date,
                     suggest_category(form.expected_duration), None, 1, group=group,
                     caseworker_id=worker, new=True)
        self.cases[citizen.id] = [case]
        self.summary.new_cases += 1
        return case

    def fill_gaps(self, case: _Case, form: Form) -> None:
        """Only what the case does not know yet; what is there (maybe typed) stays."""
        changed = False
        if case.expected_duration is None and form.expected_duration is not None:
            case.expected_duration = form.expected_duration
            if case.suggested_category is None:
                case.suggested_category = suggest_category(form.expected_duration)
            changed = True
        if case.expected_return_date is None and form.expected_return_date is not None:
            case.expected_return_date = form.expected_return_date
            changed = case.refresh = True
        if changed:
            case.changed = True
            case.version += 1  # each change counts once, however the batch is chunked

    def reject(self, rejected: Rejected) -> None:
        self.summary.rejected += 1
        digest = rejected.content_hash
        same = [i for i in self.issues if i[1] == "rejected" and (i[4], i[5], i[3]) == (
            rejected.file, rejected.line, digest)]
        known = any(i[0] is not None for i in same)  # recorded by an earlier run
        if not same:
            self.add_issue("rejected", rejected.form_id, digest, rejected.file, rejected.line,
                           rejected.raw, rejected.reasons)
            self.issues.append((None, "rejected", rejected.form_id, digest, rejected.file,
                                rejected.line))
        for reason in rejected.reasons:
            self.summary.add_issue(IssueLine("rejected", rejected.file, rejected.line,
                                                 rejected.form_id, reason.field,
                                                 reason.message, known))

    def conflict(self, item: Checked, form: Form, stored: tuple) -> None:
        self.summary.conflicts += 1
        where = f"{stored[1]}:{stored[2]}" if stored[2] is not None else stored[1]
        reason = Reason("form_id", t("import_reason.conflict", where=where))
        same = [i for i in self.issues
                if i[1] == "conflict" and (i[2], i[3]) == (form.form_id, form.content_hash)]
        known = any(i[0] is not None for i in same)  # recorded by an earlier run
        if not same:
            self.add_issue("conflict", form.form_id, form.content_hash, item.record.file,
                           item.record.line, item.record.raw, (reason,))
            self.issues.append((None, "conflict", form.form_id, form.content_hash,
                                item.record.file, item.record.line))
        self.summary.add_issue(IssueLine("conflict", item.record.file, item.record.line,
                                             form.form_id, reason.field, reason.message, known))

    def add_issue(self, kind: str, form_id: str | None, digest: str, file: str,
                  line: int | None, raw: str, reasons: Iterable[Reason]) -> None:
        text = json.dumps([{"field": r.field, "message": r.message} for r in reasons],
                          ensure_ascii=False)
        self.new_issues.append((kind, form_id, digest, file, line, raw, text, self.stamp))

    # -- writing ----------------------------------------------------------------------------
    def write(self) -> None:
        conn, stamp, context = self.conn, self.stamp, self.context
        citizens = self.citizens.values()
        sql.insert_rows(conn, sql.CITIZENS, CITIZEN_COLUMNS, (
            (c.id, c.cpr, c.birth_date.isoformat(), "", stamp, stamp, *c.values.values())
            for c in citizens if c.new))  # values: in CONTACT_FIELDS order
        sql.update_rows(conn, sql.CITIZENS, (*CONTACT_FIELDS, "updated_at"), (
            (*(c.values[name] for name in CONTACT_FIELDS), stamp, c.id)
            for c in citizens if c.changed and not c.new))
        cases = [case for group in self.cases.values() for case in group]
        new_cases: list[tuple] = []
        owed: list[tuple] = []
        for case in cases:
            if not case.new:
                continue
            erd = case.expected_return_date
            rows, next_due = context.obligations(case.first_absence_day, case.group, erd)
            new_cases.append((
                case.id, case.citizen_id, case.caseworker_id,
                case.first_absence_day.isoformat(), "open", case.group, context.today_text, 0,
                case.suggested_category, case.expected_duration,
                erd.isoformat() if erd else None, int(case.needs_review), case.review_reason,
                next_due, case.version, stamp, stamp, context.today_text))
            case_id = case.id
            owed.extend((case_id, *row) for row in rows)
        sql.insert_rows(conn, sql.CASES, CASE_COLUMNS, new_cases)
        for row in new_cases:
            context.created.add(row[0], row[0])
        created = {c.id for c in citizens if c.new}
        # one entry per new case (made by audit.entry once per text, then given the ids)
        login, action, _, _, both, purpose = audit.entry(
            context.actor, "create", detail="import: new citizen and case")
        alone = audit.entry(context.actor, "create", detail="import: new case")[4]
        audit.append(conn, ((login, action, row[1], row[0],
                             both if row[1] in created else alone, purpose)
                            for row in new_cases), at=self.at, write=_audit_rows)
        sql.update_rows(conn, sql.CASES, CASE_UPDATES, (
            (c.expected_duration, sql.sql_value(c.expected_return_date), c.suggested_category,
             int(c.needs_review), c.review_reason, c.version, stamp, c.id)
            for c in cases if c.changed and not c.new))
        if context.pause_mid_chunk:
            time.sleep(context.pause_mid_chunk)  # a test kills the process here
        sql.insert_rows(conn, sql.FORMS, FORM_COLUMNS, self.new_forms)
        sql.insert_rows(conn, sql.OBLIGATIONS, OBLIGATION_COLUMNS, owed)
        self.refresh([c for c in cases if c.refresh and not c.new])
        sql.insert_rows(conn, sql.ISSUES, ISSUE_COLUMNS, self.new_issues)
        audit.append(conn, self.refusals, at=self.at, write=_audit_rows)
        sql.update_rows(conn, sql.ISSUES, ("resolved_at",),
                        ((stamp, issue_id) for issue_id in sorted(self.resolved)))

    def refresh(self, cases: list[_Case]) -> None:
        """Cases whose rule inputs changed (rare): recompute on this connection, in this
        transaction (``services.importing_refresh``)."""
        if cases:
            from caseload.services.importing_refresh import refresh_cases

            conn = self.conn
            if not isinstance(conn, sqlite3.Connection):  # psycopg: the query layer's SQL
                conn = _query_layer(conn)
            refresh_cases(conn, (case.id for case in cases), self.context.rules)


def _audit_rows(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Audit rows (stamped and masked by ``audit.append``) through the bulk path."""
    sql.insert_rows(conn, sql.AUDIT, audit_queries.FIELDS, rows)


def _query_layer(conn: object) -> object:
    """A psycopg connection that runs the query layer's ``:name`` SQL."""
    from caseload.services.db import Pyformat

    return Pyformat(conn)


def import_chunk(conn: sqlite3.Connection, items: Sequence[Checked], context: Context,
                 summary: Summary) -> None:
    """Take in one chunk of checked forms, in the caller's (write) transaction."""
    chunk = Chunk(conn, items, context, summary)
    for item in items:
        chunk.take(item)
    chunk.write()
