"""Validating a raw record against the contract: a normalised ``Form`` or a ``Rejected``.

Pure: ``today`` and ``now`` are parameters. Every reason names the field it is about
(``None`` only when the record could not be read at all).

The content hash is the SHA-256 of the canonical JSON of the normalised form: known fields
only (unknown ones are ignored), absent values left out, keys sorted, CPR as 10 digits,
enums in English, dates ISO, a date-time ``received`` as UTC with a ``Z``, hours as a
decimal. So the same form hashes the same whether it came as CSV or JSON, with Danish or
English words, with ``DD-MM-YYYY`` or ISO dates.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

from caseload.domain import cpr as cprs
from caseload.i18n import t
from caseload.importer import fields as read
from caseload.importer.readers import RawRecord

REQUIRED = ("form_id", "received", "cpr", "name", "first_absence_day", "employment_status")
FREE_TEXT_FIELDS = ("sickness_description", "treatment_description", "remarks")
TEXT_FIELDS = ("form_id", "name", "address", "city", "phone", "email", "employer_name",
               "job_title", "unemployment_fund", *FREE_TEXT_FIELDS)
BOOLEAN_FIELDS = ("in_treatment", "hospitalized", "employer_contact_consent")
EMPLOYMENT = {
    "employed": "employed", "unemployed": "unemployed", "self_employed": "self_employed",
    "flexjob_waiting": "flexjob_waiting", "lønmodtager": "employed", "ledig": "unemployed",
    "selvstændig": "self_employed", "ledighedsydelse": "flexjob_waiting",
}
DURATION = {
    "under_8_weeks": "under_8_weeks", "over_8_weeks": "over_8_weeks", "unknown": "unknown",
    "under_8_uger": "under_8_weeks", "over_8_uger": "over_8_weeks", "ved_ikke": "unknown",
}
YES_NO = {"yes": "yes", "no": "no", "unknown": "unknown", "ja": "yes", "nej": "no",
          "ved_ikke": "unknown"}
ENUM_LABELS = {
    "employment_status": "employed, unemployed, self_employed, flexjob_waiting "
                         "(lønmodtager, ledig, selvstændig, ledighedsydelse)",
    "expected_duration": "under_8_weeks, over_8_weeks, unknown",
    "partial_return_possible": "yes, no, unknown",
}


class Reason(NamedTuple):
    field: str | None
    message: str


class Form(NamedTuple):
    """A valid form, normalised. ``received`` is a date, or an aware UTC date-time.

    Named tuples rather than dataclasses: a batch makes 10,000 of them, and they cross a
    process boundary (``importer.background``), where tuples pickle several times faster.
    """

    form_id: str
    received: date | datetime
    cpr: str
    name: str
    first_absence_day: date
    employment_status: str
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    employer_name: str | None = None
    employer_cvr: str | None = None
    job_title: str | None = None
    weekly_hours: float | None = None
    unemployment_fund: str | None = None
    expected_duration: str | None = None
    expected_return_date: date | None = None
    partial_return_possible: str | None = None
    sickness_description: str | None = None
    in_treatment: bool | None = None
    treatment_description: str | None = None
    hospitalized: bool | None = None
    employer_contact_consent: bool | None = None
    remarks: str | None = None
    # Derived, not part of the form's content:
    birth_date: date | None = None
    content_hash: str = ""

    @property
    def received_at(self) -> datetime:
        """When received, as naive UTC for storage (a bare date: midnight, Danish time)."""
        value = self.received
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None)
        return _danish_midnight(value)


@lru_cache(maxsize=1024)
def _danish_midnight(day: date) -> datetime:
    """Midnight in Denmark as naive UTC (cached: zone arithmetic is slow, days repeat)."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=read.DANISH)
    return midnight.astimezone(UTC).replace(tzinfo=None)


FORM_FIELDS = tuple(f for f in Form._fields if f not in ("birth_date", "content_hash"))
KNOWN = frozenset(FORM_FIELDS)


class Rejected(NamedTuple):
    file: str
    line: int | None
    form_id: str | None
    raw: str
    reasons: tuple[Reason, ...]

    @property
    def content_hash(self) -> str:
        """A hash of the raw text, to know the same rejected form when it comes again."""
        return hashlib.sha256(self.raw.encode("utf-8", "surrogatepass")).hexdigest()


class Checked(NamedTuple):
    """The outcome for one record: a form or a rejection, and the unknown keys it had."""

    record: RawRecord
    form: Form | None
    rejected: Rejected | None
    unknown: tuple[str, ...] = ()


def validate(record: RawRecord, *, today: date, now: datetime) -> Checked:
    """Check one record. ``now`` is aware; ``today`` is the Danish calendar day."""
    if record.data is None:
        reason = Reason(None, record.error or t("import_reason.unreadable"))
        return Checked(record, None, Rejected(record.file, record.line, None, record.raw,
                                              (reason,)))
    data = record.data
    values: dict[str, object] = {}
    reasons: list[Reason] = []
    unknown: list[str] = []
    for name, value in data.items():
        parse = _PARSERS.get(name)
        if parse is None:
            unknown.append(name)
            continue
        try:
            values[name] = parse(value)
        except (read.Invalid, cprs.CprError) as exc:
            reasons.append(Reason(name, str(exc)))
    for name in REQUIRED:
        if name not in data:
            reasons.append(Reason(name, t("import_reason.required")))
    birth = None
    if "cpr" in values:
        try:
            birth = _birth_date(values["cpr"], today)  # type: ignore[arg-type]
        except cprs.CprError as exc:
            reasons.append(Reason("cpr", str(exc)))
    reasons.extend(_cross_checks(values, today, now))
    if reasons:
        form_id = values.get("form_id")
        if form_id is None and isinstance(data.get("form_id"), str | int):
            form_id = str(data["form_id"])
        rejected = Rejected(record.file, record.line, form_id, record.raw,  # type: ignore[arg-type]
                            tuple(reasons))
        return Checked(record, None, rejected, tuple(sorted(unknown)))
    get = values.get
    form = Form._make([*map(get, FORM_FIELDS), birth, content_hash(values)])
    return Checked(record, form, None, tuple(sorted(unknown)))


_CPR_SHAPE = re.compile(r"([0-9]{6})-?([0-9]{4})")


def _cpr(value: object) -> str:
    """10 digits (``DDMMYYSSSS`` or ``DDMMYY-SSSS``); the birth date is checked after."""
    given = read.text(value)
    match = _CPR_SHAPE.fullmatch(given)
    if match:
        return match.group(1) + match.group(2)
    try:
        return cprs.normalise(given)
    except cprs.CprError:
        raise read.Invalid(t("import_reason.cpr_digits")) from None


def _birth_date(digits: str, today: date) -> date:
    """A real date, century from the 7th digit (``domain.cpr``); not in the future. The
    modulus-11 check is never made."""
    try:
        born = cprs.birth_of(digits)
    except cprs.CprError:
        raise cprs.CprError(t("import_reason.cpr_date")) from None
    if born > today:
        raise cprs.CprError(t("import_reason.cpr_future"))
    return born


def _enum(allowed: dict[str, str], label: str):  # noqa: ANN202
    return lambda value: read.choice(value, allowed, label)


_PARSERS = {
    **dict.fromkeys(TEXT_FIELDS, read.short_text),
    **dict.fromkeys(FREE_TEXT_FIELDS, read.free_text),
    "cpr": _cpr,
    "received": read.moment,
    "first_absence_day": read.day,
    "expected_return_date": read.day,
    "employment_status": _enum(EMPLOYMENT, ENUM_LABELS["employment_status"]),
    "expected_duration": _enum(DURATION, ENUM_LABELS["expected_duration"]),
    "partial_return_possible": _enum(YES_NO, ENUM_LABELS["partial_return_possible"]),
    **dict.fromkeys(BOOLEAN_FIELDS, read.boolean),
    "weekly_hours": lambda value: read.number(value, 0, 80),
    "postal_code": lambda value: read.digits(value, 4),
    "employer_cvr": lambda value: read.digits(value, 8),
}
assert set(_PARSERS) == KNOWN


def _cross_checks(values: dict[str, object], today: date, now: datetime) -> list[Reason]:
    reasons: list[Reason] = []
    received = values.get("received")
    if received is None:
        return reasons
    future = received > now if isinstance(received, datetime) else received > today
    if future:
        reasons.append(Reason("received", t("import_reason.received_future")))
    first = values.get("first_absence_day")
    if isinstance(first, date) and first > read.local_day(received):  # type: ignore[arg-type]
        reasons.append(Reason("first_absence_day", t("import_reason.first_after_received")))
    return reasons


def canonical(values: dict[str, object]) -> dict[str, object]:
    """The form's content as plain JSON values (see the module docstring)."""
    result: dict[str, object] = {}
    for name, value in values.items():
        kind = type(value)
        if kind is date:
            value = value.isoformat()  # type: ignore[union-attr]
        elif kind is datetime:
            value = value.astimezone(UTC).isoformat().replace(  # type: ignore[union-attr]
                "+00:00", "Z")
        elif value is None or name not in KNOWN:
            continue
        result[name] = value
    return result


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_KEYS = {name: f'"{name}":' for name in KNOWN}  # plain ASCII names, as JSON keys
_quote = json.encoder.encode_basestring  # what _ENCODER quotes text with (ensure_ascii=False)


def canonical_text(values: dict[str, object]) -> str:
    """``_ENCODER.encode(canonical(values))``, written out for the known value types: the
    text is built once per form of every batch (a test compares the two)."""
    parts = []
    keys = _KEYS
    for name in sorted(values):
        value = values[name]
        key = keys.get(name)
        if value is None or key is None:
            continue
        kind = type(value)
        if kind is str:
            text = _quote(value)
        elif kind is date:
            text = f'"{value.isoformat()}"'  # type: ignore[union-attr]
        elif kind is float:
            text = float.__repr__(value)  # type: ignore[arg-type]
        elif kind is bool:
            text = "true" if value else "false"
        else:  # a date-time (received), or anything else: as the encoder writes it
            text = _ENCODER.encode(canonical({name: value})[name])
        parts.append(key + text)
    return "{" + ",".join(parts) + "}"


def content_hash(values: dict[str, object]) -> str:
    return hashlib.sha256(canonical_text(values).encode("utf-8", "surrogatepass")).hexdigest()
