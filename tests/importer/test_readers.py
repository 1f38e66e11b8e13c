"""Reading the three formats: encodings, delimiters, headers, and broken parts of files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caseload.errors import UsageError
from caseload.importer import readers
from caseload.importer.readers import decode, read_bytes, read_file
from tests.importer.conftest import csv_text, good

NAME = "Søren Ærø Åsted"


def readable(records: list[readers.RawRecord]) -> list[dict[str, object]]:
    return [r.data for r in records if r.data is not None]


def errors(records: list[readers.RawRecord]) -> list[tuple[int | None, str]]:
    return [(r.line, r.error) for r in records if r.error is not None]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_in_every_encoding_and_delimiter_keeps_danish_letters(
        encoding: str, delimiter: str) -> None:
    text = csv_text([good(name=NAME, city="Ærøskøbing, Ø"), good(form_id="B")], delimiter)
    records = read_bytes("f.csv", text.encode(encoding), ".csv")
    assert errors(records) == []
    rows = readable(records)
    assert [r["form_id"] for r in rows] == ["OS-2026-004211", "B"]
    assert rows[0]["name"] == NAME
    assert rows[0]["city"] == "Ærøskøbing, Ø"  # a quoted delimiter inside a cell
    assert [r.line for r in records] == [2, 3]


@pytest.mark.parametrize("ending", [".json", ".jsonl"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_json_in_every_encoding_keeps_danish_letters(ending: str, encoding: str) -> None:
    form = good(name=NAME)
    text = json.dumps(form, ensure_ascii=False) + "\n"
    records = read_bytes("f" + ending, text.encode(encoding), ending)
    assert readable(records)[0]["name"] == NAME


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_undefined_in_windows_1252_is_an_error_naming_the_offset(
        tmp_path: Path, byte: int) -> None:
    data = "form_id;name\nA;Søren\n".encode("cp1252") + bytes([byte]) + b"x\n"
    path = tmp_path / "forms.csv"
    path.write_bytes(data)
    records = read_file(path)
    assert len(records) == 1 and records[0].data is None
    assert records[0].file == str(path)
    assert records[0].line == 3
    assert f"byte 0x{byte:02X} at offset {len(data) - 3}" in records[0].error
    assert "\ufffd" not in records[0].raw  # nothing replaced silently


def test_utf8_text_mixed_with_other_bytes_is_an_error_not_mojibake() -> None:
    data = "form_id;name\nA;Søren\nB;".encode() + "Bjørn".encode("cp1252") + b"\n"
    with pytest.raises(readers.DecodeError) as caught:
        decode(data)
    assert caught.value.offset == data.index(b"\xf8")
    assert "mixed encodings" in str(caught.value)


def test_a_bom_file_must_be_utf8_throughout() -> None:
    with pytest.raises(readers.DecodeError) as caught:
        decode(b"\xef\xbb\xbfform_id\n\xe6\n")
    assert caught.value.offset == 11


def test_headers_and_keys_are_case_insensitive_values_stripped_empty_cells_absent() -> None:
    text = "Form_ID;RECEIVED;Cpr;Phone\n  A1 ; 2026-11-20 ;150382-1234;   \n"
    [record] = read_bytes("f.csv", text.encode(), ".csv")
    assert record.data == {"form_id": "A1", "received": "2026-11-20", "cpr": "150382-1234"}
    [record] = read_bytes("f.json", b'{"FORM_ID": " A1 ", "Cpr": "x", "phone": ""}', ".json")
    assert record.data == {"form_id": "A1", "cpr": "x"}


def test_a_key_given_twice_in_different_case_is_an_error() -> None:
    [record] = read_bytes("f.jsonl", b'{"cpr": "1", "CPR": "2"}\n', ".jsonl")
    assert record.data is None and "given twice" in record.error
    [record] = read_bytes("f.csv", b"cpr;CPR\n1;2\n", ".csv")
    from caseload.i18n import t

    assert record.data is None  # named by column: a header row may really hold values
    assert record.error == t("import_check.header_twice", first=1, second=2)


def test_json_array_with_one_bad_element_among_good_ones() -> None:
    text = json.dumps([good(form_id="A"), "not a form", good(form_id="C")], indent=2)
    records = read_bytes("f.json", text.encode(), ".json")
    assert [r["form_id"] for r in readable(records)] == ["A", "C"]
    [(line, message)] = errors(records)
    assert message == "a form must be a JSON object"
    assert text.splitlines()[line - 1].strip() == '"not a form",'


def test_json_array_broken_half_way_keeps_the_forms_before_the_break() -> None:
    text = "[\n" + json.dumps(good(form_id="A")) + ",\n{\"form_id\": \"B\",,}\n, {}]"
    records = read_bytes("f.json", text.encode(), ".json")
    assert [r["form_id"] for r in readable(records)] == ["A"]
    [(line, message)] = errors(records)
    assert line == 3 and message.startswith("broken JSON")
    assert "the rest of the file could not be read" in message


def test_json_single_object_and_empty_files() -> None:
    [record] = read_bytes("f.json", b'\n\n  {"form_id": "A"}', ".json")
    assert record.line == 3 and record.data == {"form_id": "A"}
    assert read_bytes("f.json", b"  \n", ".json") == []
    assert read_bytes("f.json", b"[]", ".json") == []
    assert read_bytes("f.csv", b"", ".csv") == []
    first, broken = read_bytes("f.json", b'[{"form_id": "A"}, {"form_id"', ".json")
    assert first.data == {"form_id": "A"}
    assert broken.data is None and broken.error.startswith("broken JSON")


def test_jsonl_with_a_broken_line_between_good_ones_and_blank_lines_ignored() -> None:
    lines = [json.dumps(good(form_id="A")), "", '{"form_id": "B", oops}', "   ",
             json.dumps(good(form_id="C"))]
    records = read_bytes("f.jsonl", "\n".join(lines).encode(), ".jsonl")
    assert [(r.line, (r.data or {}).get("form_id")) for r in records] == [
        (1, "A"), (3, None), (5, "C")]
    assert errors(records)[0][1].startswith("broken JSON")


def test_csv_row_with_the_wrong_number_of_cells_is_rejected_and_the_rest_read() -> None:
    text = "form_id;name;city\nA;Anna;Herning\nB;Bo\nC;Carl;Vejle;extra\n\nD;Dorte;Ikast\n"
    records = read_bytes("f.csv", text.encode(), ".csv")
    assert [r["form_id"] for r in readable(records)] == ["A", "D"]
    assert errors(records) == [(3, "the row has 2 cells, the header has 3"),
                               (4, "the row has 4 cells, the header has 3")]
    assert records[1].raw == "B;Bo"


def test_csv_line_numbers_count_lines_inside_quoted_cells() -> None:
    text = 'form_id,remarks\nA,"two\nlines"\nB,x\n'
    records = read_bytes("f.csv", text.encode(), ".csv")
    assert [(r.line, r.data["form_id"]) for r in records] == [(2, "A"), (4, "B")]
    assert records[0].data["remarks"] == "two\nlines"


def test_sniffing_takes_the_delimiter_the_header_uses_most() -> None:
    assert readers.sniff_delimiter("form_id;name;received") == ";"
    assert readers.sniff_delimiter("form_id,name,received") == ","
    assert readers.sniff_delimiter("form_id;name,with comma;received") == ";"


def test_collect_reads_folders_one_level_and_leaves_other_files_alone(tmp_path: Path) -> None:
    for name in ("b.csv", "a.JSON", "c.jsonl", "notes.txt", "forms.xlsx"):
        (tmp_path / name).write_text("")
    (tmp_path / "sub").mkdir()
    files, skipped = readers.collect([tmp_path])
    assert [p.name for p in files] == ["a.JSON", "b.csv", "c.jsonl"]
    assert sorted(p.name for p in skipped) == ["forms.xlsx", "notes.txt", "sub"]


def test_collect_refuses_a_missing_path_and_an_unreadable_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        readers.collect([tmp_path / "missing"])

    def refuse(self: Path):  # noqa: ANN202
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(UsageError, match="cannot read the folder"):
        readers.collect([tmp_path])
