"""No input ends in a traceback: arbitrary bytes for the readers, arbitrary forms for the
validator; everything is either a record/form or a clean rejection."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from caseload.importer.readers import RawRecord, read_bytes
from caseload.importer.report import IssueLine
from caseload.importer.validate import FORM_FIELDS, validate
from tests.importer.conftest import NOW, TODAY, csv_text, good

ENDINGS = st.sampled_from([".json", ".jsonl", ".csv"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                  max_size=3),
    max_leaves=6,
)
FIELD_TEXT = st.one_of(
    st.text(max_size=25),
    st.sampled_from(["2026-10-05", "05-10-2026", "05.10.2026", "2026-11-20T07:41:00+01:00",
                     "2026-11-20T07:41:00", "150382-1234", "0101901235", "ja", "nej",
                     "lønmodtager", "ledig", "over_8_weeks", "yes", "37,5", "7400", "29189919",
                     "2026-02-29", "9999-12-31", "0001-01-01T00:00:00Z"]),
)
FORMS = st.dictionaries(
    st.sampled_from(FORM_FIELDS) | st.text(max_size=8),
    FIELD_TEXT | JSON_VALUES,
    max_size=len(FORM_FIELDS) + 3,
)


def check_records(records: list[RawRecord]) -> None:
    for record in records:
        assert (record.data is None) != (record.error is None)
        assert isinstance(record.raw, str)
        result = validate(record, today=TODAY, now=NOW)
        assert (result.form is None) != (result.rejected is None)
        if result.rejected is not None:
            for reason in result.rejected.reasons:
                line = IssueLine("rejected", record.file, record.line,
                                 result.rejected.form_id, reason.field, reason.message).text()
                line.encode("utf-8")  # printable


@settings(max_examples=100)
@given(data=st.binary(max_size=300), ending=ENDINGS)
def test_arbitrary_bytes_never_raise(data: bytes, ending: str) -> None:
    check_records(read_bytes("f" + ending, data, ending))


@settings(max_examples=60)
@given(prefix=st.binary(max_size=40), ending=ENDINGS, cut=st.integers(0, 400))
def test_damaged_real_files_never_raise(prefix: bytes, ending: str, cut: int) -> None:
    forms = [good(form_id="A"), good(form_id="B", name="Søren")]
    if ending == ".csv":
        text = csv_text(forms)
    elif ending == ".json":
        text = json.dumps(forms, ensure_ascii=False, indent=1)
    else:
        text = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in forms)
    data = text.encode("utf-8")
    damaged = data[:cut] + prefix + data[cut:]
    check_records(read_bytes("f" + ending, damaged, ending))


@settings(max_examples=100)
@given(form=FORMS)
def test_arbitrary_forms_are_validated_or_cleanly_rejected(form: dict[str, object]) -> None:
    record = RawRecord("f.json", 1, "{}", data=form)
    result = validate(record, today=TODAY, now=NOW)
    if result.form is not None:
        assert result.form.first_absence_day <= TODAY
        assert len(result.form.cpr) == 10
        received = result.form.received
        assert (received <= NOW if isinstance(received, datetime) else received <= TODAY)
        assert result.form.received_at.tzinfo is None
    else:
        assert all(r.field is None or isinstance(r.field, str) for r in result.rejected.reasons)


@settings(max_examples=100)
@given(form=FORMS, ending=ENDINGS)
def test_arbitrary_forms_written_to_files_never_raise(form: dict[str, object],
                                                     ending: str) -> None:
    if ending == ".csv":
        flat = {str(k).replace("\n", " "): v for k, v in form.items()}
        data = csv_text([flat] if flat else [{"form_id": ""}]).encode("utf-8", "replace")
    else:
        data = json.dumps([form] if ending == ".json" else form, default=str).encode()
    check_records(read_bytes("f" + ending, data, ending))


def test_validation_uses_the_given_clock_only() -> None:
    record = RawRecord("f.json", 1, "{}", data=good(received="2030-01-01"))
    assert validate(record, today=TODAY, now=NOW).form is None
    later = datetime(2030, 1, 2, tzinfo=UTC)
    assert validate(record, today=later.date(), now=later).form is not None


@settings(max_examples=200)
@given(form=FORMS)
def test_the_content_hash_text_is_the_canonical_json(form: dict[str, object]) -> None:
    """``canonical_text`` (written out for speed) is exactly what the JSON encoder makes of
    ``canonical``: the hashes of forms stored by earlier versions stay the same."""
    from caseload.importer import validate as checks

    parsed: dict[str, object] = {}
    for name, value in form.items():
        parse = checks._PARSERS.get(name)
        try:
            parsed[name] = parse(value) if parse else value
        except ValueError:
            continue
    expected = checks._ENCODER.encode(checks.canonical(parsed))
    assert checks.canonical_text(parsed) == expected
    assert checks.canonical_text(good_values := {**parsed, "remarks": "a \"q\" \\ ø \u2028 \x1f"}
                                 ) == checks._ENCODER.encode(checks.canonical(good_values))
