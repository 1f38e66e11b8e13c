"""Every rule of the contract (shared/spec/oplysningsskema.md), one by one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseload.importer.readers import RawRecord
from caseload.importer.validate import REQUIRED, Checked, validate
from tests.importer.conftest import NOW, TODAY, good


def check(form: dict[str, object], *, today: date = TODAY, now: datetime = NOW) -> Checked:
    data = {k: v.strip() if isinstance(v, str) else v for k, v in form.items()}
    data = {k: v for k, v in data.items() if v != ""}
    record = RawRecord("batch/forms.jsonl", 7, "{}", data=data)
    return validate(record, today=today, now=now)


def reasons(form: dict[str, object], **kwargs: object) -> list[tuple[str | None, str]]:
    result = check(form, **kwargs)
    assert result.form is None, "expected a rejection"
    rejected = result.rejected
    assert rejected.file == "batch/forms.jsonl" and rejected.line == 7
    return [(r.field, r.message) for r in rejected.reasons]


def fields_of(form: dict[str, object]) -> list[str | None]:
    return [name for name, _ in reasons(form)]


def test_the_spec_example_is_valid_and_normalised() -> None:
    form = check(good()).form
    assert form is not None
    assert form.cpr == "1503821234" and form.birth_date == date(1982, 3, 15)
    assert form.received == datetime(2026, 11, 20, 6, 41, tzinfo=UTC)
    assert form.received_at == datetime(2026, 11, 20, 6, 41)
    assert form.first_absence_day == date(2026, 10, 5)
    assert (form.weekly_hours, form.in_treatment, form.employer_contact_consent) == (
        32.0, True, True)
    assert len(form.content_hash) == 64


@pytest.mark.parametrize("name", REQUIRED)
@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_required_field_missing_or_empty_is_rejected(name: str, value: object) -> None:
    assert reasons(good(**{name: value})) == [(name, "is required but missing or empty")]


def test_the_rejection_names_the_form_id_even_when_other_fields_fail() -> None:
    rejected = check(good(cpr="12")).rejected
    assert rejected.form_id == "OS-2026-004211"
    assert check(good(form_id=None, cpr="12")).rejected.form_id is None


@pytest.mark.parametrize("cpr", ["15038212", "150382-12345", "15038X-1234", "1503821234567"])
def test_a_cpr_number_without_ten_digits_is_rejected(cpr: str) -> None:
    assert reasons(good(cpr=cpr)) == [
        ("cpr", "a CPR number has 10 digits (DDMMYYSSSS or DDMMYY-SSSS)")]


@pytest.mark.parametrize("cpr", ["320182-1234", "150082-1234", "290201-1234", "000000-0000"])
def test_a_cpr_number_whose_first_six_digits_are_no_date_is_rejected(cpr: str) -> None:
    assert reasons(good(cpr=cpr)) == [
        ("cpr", "the first six digits of the CPR number are not a real date")]


def test_the_seventh_digit_sets_the_century() -> None:
    # 29 February exists in 2000 (7th digit 4, year 00 → 2000) but not in 1900 (digit 0).
    assert check(good(cpr="290200-4000", first_absence_day="2026-10-05")).form.birth_date == \
        date(2000, 2, 29)
    assert fields_of(good(cpr="290200-1234")) == ["cpr"]
    # 7th digit 5 with year 58 → 1858; with year 36 → 2036, a birth date in the future.
    assert check(good(cpr="010158-5000")).form.birth_date == date(1858, 1, 1)
    assert reasons(good(cpr="010136-5000")) == [
        ("cpr", "the CPR number gives a birth date in the future")]


def test_a_birth_date_in_the_future_is_rejected_and_today_is_a_parameter() -> None:
    form = good(cpr="241126-4000")  # born 24 November 2026
    assert fields_of(form) == ["cpr"]
    assert check(form, today=date(2026, 11, 24), now=datetime(2026, 11, 24, 12, tzinfo=UTC)
                 ).form is not None


def test_the_modulus_11_check_is_never_required() -> None:
    cpr = "1503821234"
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    assert sum(int(d) * w for d, w in zip(cpr, weights, strict=True)) % 11 != 0
    assert check(good(cpr=cpr)).form is not None


@pytest.mark.parametrize("value,expected", [
    ("2026-10-05", date(2026, 10, 5)), ("05-10-2026", date(2026, 10, 5)),
    ("05.10.2026", date(2026, 10, 5)),
])
def test_dates_iso_and_danish(value: str, expected: date) -> None:
    assert check(good(first_absence_day=value)).form.first_absence_day == expected


@pytest.mark.parametrize("value", ["2026-02-30", "30/10/2026", "05-10.2026", "2026-10-5",
                                   "5. oktober 2026", "2026-10-05T00:00", "1899-12-31"])
def test_a_date_that_cannot_be_read_is_rejected(value: str) -> None:
    assert fields_of(good(first_absence_day=value)) == ["first_absence_day"]
    assert fields_of(good(first_absence_day="2026-01-01", expected_return_date=value)) == [
        "expected_return_date"]


@pytest.mark.parametrize("value,expected", [
    ("2026-11-20T07:41:00+01:00", datetime(2026, 11, 20, 6, 41)),
    ("2026-11-20T06:41:00Z", datetime(2026, 11, 20, 6, 41)),
    ("2026-11-20T07:41:00", datetime(2026, 11, 20, 6, 41)),  # no zone: Danish winter time
    ("2026-07-01 12:00", datetime(2026, 7, 1, 10, 0)),  # Danish summer time
    ("2026-11-20", datetime(2026, 11, 19, 23, 0)),  # a date: midnight in Denmark
    ("20.11.2026", datetime(2026, 11, 19, 23, 0)),
])
def test_received_is_a_date_or_an_iso_date_time_without_zone_in_danish_time(
        value: str, expected: datetime) -> None:
    assert check(good(received=value, first_absence_day="2026-06-01")).form.received_at == \
        expected


@pytest.mark.parametrize("value", ["2026-11-20T25:00", "20-11-2026 07:41", "yesterday", "2026"])
def test_received_that_cannot_be_read_is_rejected(value: str) -> None:
    assert fields_of(good(received=value)) == ["received"]


def test_first_absence_day_after_received_is_rejected() -> None:
    assert reasons(good(received="2026-11-20", first_absence_day="2026-11-21")) == [
        ("first_absence_day", "is after the day the form was received")]
    assert check(good(received="2026-11-20", first_absence_day="2026-11-20")).form is not None
    # 23:30 UTC on the 20th is already the 21st in Denmark.
    late = good(received="2026-11-20T23:30:00Z", first_absence_day="2026-11-21")
    assert check(late).form is not None


def test_received_in_the_future_is_rejected() -> None:
    assert reasons(good(received="2026-11-24")) == [("received", "lies in the future")]
    assert check(good(received="2026-11-23")).form is not None  # today is fine
    assert fields_of(good(received="2026-11-23T09:01:00Z")) == ["received"]  # NOW is 09:00
    assert check(good(received="2026-11-23T09:00:00Z")).form is not None


@pytest.mark.parametrize("danish,english", [
    ("lønmodtager", "employed"), ("ledig", "unemployed"), ("Selvstændig", "self_employed"),
    ("ledighedsydelse", "flexjob_waiting"), ("EMPLOYED", "employed"),
    ("self-employed", "self_employed"),
])
def test_employment_status_in_english_or_danish(danish: str, english: str) -> None:
    assert check(good(employment_status=danish)).form.employment_status == english


@pytest.mark.parametrize("name,value", [
    ("employment_status", "sygemeldt"), ("employment_status", "ja"),
    ("expected_duration", "8_weeks"), ("partial_return_possible", "maybe"),
    ("employment_status", 3),
])
def test_an_enum_value_outside_its_list_is_rejected(name: str, value: object) -> None:
    [(field, message)] = reasons(good(**{name: value}))
    assert field == name and message.startswith("must be one of")


@pytest.mark.parametrize("value,expected", [
    (True, True), (False, False), ("ja", True), ("nej", False), ("Yes", True), ("no", False),
    ("1", True), ("0", False), ("true", True), ("FALSE", False), (1, True), (0, False),
])
def test_booleans_json_or_words(value: object, expected: bool) -> None:
    assert check(good(in_treatment=value)).form.in_treatment is expected


@pytest.mark.parametrize("value", ["maybe", "2", 2, "j", 1.0, [True]])
def test_a_boolean_that_is_not_one_is_rejected(value: object) -> None:
    assert fields_of(good(hospitalized=value)) == ["hospitalized"]


@pytest.mark.parametrize("value,expected", [
    (0, 0.0), (80, 80.0), ("37", 37.0), ("37,5", 37.5), ("37.5", 37.5), (12.25, 12.25)])
def test_weekly_hours_from_0_to_80(value: object, expected: float) -> None:
    assert check(good(weekly_hours=value)).form.weekly_hours == expected


@pytest.mark.parametrize("value", [-1, 80.5, 81, "abc", "1e1", "1_0", True, float("nan"),
                                   float("inf"), 10**400])
def test_weekly_hours_outside_0_to_80_or_not_a_number_is_rejected(value: object) -> None:
    assert fields_of(good(weekly_hours=value)) == ["weekly_hours"]


@pytest.mark.parametrize("value", ["740", "74000", "74a0", "7400.0", 740])
def test_a_postal_code_that_is_not_4_digits_is_rejected(value: object) -> None:
    assert reasons(good(postal_code=value)) == [("postal_code", "must be 4 digits")]


@pytest.mark.parametrize("value", ["2918991", "291899190", "29 18 99 19", "DK29189919"])
def test_an_employer_cvr_that_is_not_8_digits_is_rejected(value: object) -> None:
    assert reasons(good(employer_cvr=value)) == [("employer_cvr", "must be 8 digits")]


def test_four_and_eight_digits_are_accepted_also_as_json_numbers() -> None:
    form = check(good(postal_code=7400, employer_cvr="29189919")).form
    assert (form.postal_code, form.employer_cvr) == ("7400", "29189919")


@pytest.mark.parametrize("value", [["a"], {"b": 1}, 1.5, True])
def test_text_fields_must_be_flat_text(value: object) -> None:
    assert fields_of(good(name=value)) == ["name"]


def test_every_problem_of_a_form_is_reported_with_its_field() -> None:
    form = good(cpr="320182-1234", weekly_hours=99, employment_status="x", postal_code="1")
    assert sorted(fields_of(form)) == ["cpr", "employment_status", "postal_code",
                                       "weekly_hours"]


def test_unknown_fields_are_ignored_and_reported() -> None:
    result = check(good(favourite_colour="blå", zz=1))
    assert result.form is not None
    assert result.unknown == ("favourite_colour", "zz")


def test_an_unreadable_record_is_a_rejection_without_field() -> None:
    record = RawRecord("f.csv", 4, "A;B", error="the row has 2 cells, the header has 3")
    result = validate(record, today=TODAY, now=NOW)
    assert [(r.field, r.message) for r in result.rejected.reasons] == [
        (None, "the row has 2 cells, the header has 3")]


def test_the_same_content_hashes_equal_whatever_the_format_and_words() -> None:
    as_json = check(good(received="2026-11-20", in_treatment=True, weekly_hours=32))
    as_csv = check(good(received="20-11-2026", in_treatment="ja", weekly_hours="32,0",
                        cpr="1503821234", employment_status="lønmodtager",
                        first_absence_day="05.10.2026", unknown_thing="x"))
    assert as_json.form.content_hash == as_csv.form.content_hash
    zoned = check(good(received="2026-11-20T07:41:00+01:00")).form.content_hash
    local = check(good(received="2026-11-20T07:41:00")).form.content_hash
    assert zoned == local
    assert check(good(name="Mette K. Hansen")).form.content_hash != zoned
    assert check(good(received="2026-11-20")).form.content_hash != zoned
