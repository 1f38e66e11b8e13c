"""Reading form files (.json, .jsonl, .csv) into raw records, one per form.

A record is either readable (``data``: a flat dict with lower-cased keys and stripped
values, empty values left out) or not (``error`` says why, ``line`` says where). A broken
line or row never stops the rest of the file from being read, except where the format makes
that impossible (a JSON array broken half-way, a file in an unknown encoding).

Encodings: UTF-8 with or without BOM, else Windows-1252. A byte that is neither (one of the
five bytes Windows-1252 leaves undefined, or a file mixing UTF-8 with other bytes) is an
error naming the file and the byte offset; nothing is ever replaced silently.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from caseload.errors import UsageError
from caseload.i18n import t

ENDINGS = (".json", ".jsonl", ".csv")
# A form longer than this (as read: its JSON text, or a CSV row) is rejected whole, and only
# its beginning is kept for review: no field may be longer than 10,000 characters, so such
# a record is not a form (a 100 MB remark, a runaway quote in a CSV file).
MAX_RECORD = 64 * 1024
CSV_FIELD_LIMIT = 2**31 - 1  # read every cell, so one huge cell cannot end the file early
BOM = b"\xef\xbb\xbf"
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class RawRecord(NamedTuple):
    file: str
    line: int | None
    raw: str  # the form as read: its JSON text, or for CSV a JSON object of header → cell
    data: dict[str, object] | None = None
    error: str | None = None  # why the record could not be read (then ``data`` is None)


class DecodeError(ValueError):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


# -- files ------------------------------------------------------------------------------------
def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """The form files named or found in the folders named, and the files left alone.

    A path that does not exist or a folder that cannot be read is a ``UsageError``.
    Folders are read one level deep, in name order; a file named twice is read once.
    Every entry with a form ending is a form file, whatever it is: one that cannot be read
    (a dangling symbolic link, a link loop, a FIFO, a socket, a folder named ``x.json``, no
    permission) is rejected by ``read_file`` with its name, never left alone in silence.
    Only entries with other endings are left alone. Paths are made absolute, so that issues
    recorded by cron and by hand match.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for given in paths:
        path = Path(given).absolute()  # the same file has the same name whoever runs it
        try:
            info = os.stat(path)
        except OSError as exc:
            if os.path.lexists(path):  # there, but cannot be followed: a dangling link …
                (files if _is_form_file(path) else skipped).append(path)
                continue
            if exc.errno == errno.EACCES:
                raise UsageError(t("import_reason.no_permission", path=given)) from None
            raise UsageError(t("import_reason.no_such", path=given)) from None
        if stat.S_ISDIR(info.st_mode):
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                raise UsageError(t("import_reason.folder_unreadable", path=path,
                                   reason=exc.strerror)) from None
            for entry in entries:
                (files if _is_form_file(entry) else skipped).append(entry)
        else:
            (files if _is_form_file(path) else skipped).append(path)
    return list(dict.fromkeys(files)), list(dict.fromkeys(skipped))


def _is_form_file(path: Path) -> bool:
    return path.suffix.lower() in ENDINGS


def unreadable(path: Path) -> str | None:
    """Why ``path`` is not a form file that can be read (in words), or None. Checked
    before it is opened: opening a FIFO would wait for a writer for ever."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return t("import_check.what_loop")
        if exc.errno == errno.EACCES:
            return t("import_check.what_unreadable")
        return t("import_check.what_dangling") if os.path.islink(path) else exc.strerror
    mode = info.st_mode
    for test, key in ((stat.S_ISDIR, "what_folder"), (stat.S_ISFIFO, "what_fifo"),
                      (stat.S_ISSOCK, "what_socket"), (stat.S_ISCHR, "what_device"),
                      (stat.S_ISBLK, "what_device")):
        if test(mode):
            return t(f"import_check.{key}")
    if not os.access(path, os.R_OK):
        return t("import_check.what_unreadable")
    return None


def read_file(path: Path) -> list[RawRecord]:
    """Every record of one file; an unreadable file gives a single error record."""
    name = str(path)
    why = unreadable(path)
    if why is not None:
        return [RawRecord(name, None, "", error=t("import_check.not_a_file", what=why))]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [RawRecord(name, None, "", error=t("import_reason.file_unreadable",
                                                  reason=exc.strerror))]
    return read_bytes(name, data, path.suffix.lower())


def read_bytes(name: str, data: bytes, ending: str) -> list[RawRecord]:
    try:
        text = decode(data)
    except DecodeError as exc:
        line = data.count(b"\n", 0, exc.offset) + 1
        raw = _line_at(data, exc.offset).decode("utf-8", "backslashreplace")
        return [RawRecord(name, line, raw, error=str(exc))]
    if ending == ".csv":
        return list(read_csv(name, text))
    if ending == ".jsonl":
        return list(read_jsonl(name, text))
    return list(read_json(name, text))


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252; anything else raises ``DecodeError``."""
    if data.startswith(BOM):
        try:
            return data[len(BOM):].decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + len(BOM)
            raise DecodeError(offset, _bad_byte(data, offset, "byte_bom")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        raise DecodeError(first_bad, _bad_byte(data, first_bad, "byte_mixed"))
    for offset, byte in enumerate(data):
        if byte in CP1252_UNDEFINED:
            raise DecodeError(offset, _bad_byte(data, offset, "byte_neither"))
    return data.decode("cp1252")


def _bad_byte(data: bytes, offset: int, key: str) -> str:
    return t(f"import_reason.{key}", byte=data[offset], offset=offset)


def _line_at(data: bytes, offset: int) -> bytes:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    return data[start:end if end >= 0 else len(data)][:2000]


# -- records ----------------------------------------------------------------------------------
def _flatten(value: object) -> tuple[dict[str, object] | None, str | None]:
    """A JSON value as a form's data: an object with case-insensitive keys, stripped values."""
    if not isinstance(value, dict):
        return None, t("import_reason.not_object")
    data: dict[str, object] = {}
    for key, item in value.items():
        name = key.strip().lower()
        if name in data:
            return None, t("import_reason.field_twice", name=name)
        if isinstance(item, str):
            item = item.strip()
            if not item:
                continue
        elif item is None:
            continue
        data[name] = item
    return data, None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _too_long(name: str, line: int, raw: str) -> RawRecord:
    return RawRecord(name, line, raw[:2000], error=t("import_check.cell_too_long",
                                                     limit=MAX_RECORD))


def _record(name: str, line: int, raw: str, value: object) -> RawRecord:
    if len(raw) > MAX_RECORD:
        return _too_long(name, line, raw)
    data, error = _flatten(value)
    if data and "\\u" in raw and any(
            _SURROGATE.search(item) for pair in data.items() for item in pair
            if isinstance(item, str)):
        data, error = None, t("import_reason.surrogate")
    return RawRecord(name, line, raw, data=data, error=error)


def _broken(exc: json.JSONDecodeError) -> str:
    return t("import_reason.broken_json", reason=exc.msg, column=exc.colno)


def _rest_unread(reason: str) -> str:
    return t("import_reason.rest_unread", reason=reason)


def read_jsonl(name: str, text: str) -> Iterator[RawRecord]:
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawRecord(name, number, line[:MAX_RECORD], error=_broken(exc))
        except RecursionError:
            yield RawRecord(name, number, line[:2000], error=t("import_reason.too_deep"))
        else:
            yield _record(name, number, line, value)


_WS = re.compile(r"[ \t\n\r]*")


def read_json(name: str, text: str) -> Iterator[RawRecord]:
    """One object, or an array of objects read element by element (so a break half-way
    still yields the forms before it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    start = _WS.match(text).end()
    if start == len(text):
        return
    if text[start] != "[":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RawRecord(name, exc.lineno, _excerpt(text, exc.pos), error=_broken(exc))
        except RecursionError:
            yield RawRecord(name, 1, text[:2000], error=t("import_reason.too_deep"))
        else:
            yield _record(name, text.count("\n", 0, start) + 1, text.strip(), value)
        return
    yield from _read_array(name, text, start + 1)


def _read_array(name: str, text: str, pos: int) -> Iterator[RawRecord]:
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)
    pos = _WS.match(text, pos).end()
    if text.startswith("]", pos):
        yield from _trailing(name, text, pos + 1, lines)
        return
    while True:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield RawRecord(name, lines.line(exc.pos), _excerpt(text, exc.pos),
                            error=_rest_unread(_broken(exc)))
            return
        except RecursionError:
            yield RawRecord(name, lines.line(pos), _excerpt(text, pos),
                            error=_rest_unread(t("import_reason.too_deep")))
            return
        yield _record(name, lines.line(pos), text[pos:end], value)
        pos = _WS.match(text, end).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
            continue
        if text.startswith("]", pos):
            yield from _trailing(name, text, pos + 1, lines)
            return
        yield RawRecord(name, lines.line(pos), _excerpt(text, pos),
                        error=_rest_unread(t("import_reason.between_forms")))
        return


def _trailing(name: str, text: str, pos: int, lines: _LineCounter) -> Iterator[RawRecord]:
    pos = _WS.match(text, pos).end()
    if pos < len(text):
        yield RawRecord(name, lines.line(pos), _excerpt(text, pos),
                        error=t("import_reason.extra_data"))


def _excerpt(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)][:2000]


class _LineCounter:
    """Line numbers of increasing offsets without rescanning the text each time."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.number = text, 0, 1

    def line(self, pos: int) -> int:
        if pos < self.pos:
            return self.text.count("\n", 0, pos) + 1
        self.number += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.number


def sniff_delimiter(header: str) -> str:
    """``;`` when the header line holds more of them than commas (Danish spreadsheets)."""
    return ";" if header.count(";") > header.count(",") else ","


def read_csv(name: str, text: str) -> Iterator[RawRecord]:
    if text.startswith("\ufeff"):
        text = text[1:]
    physical = text.split("\n")
    delimiter = sniff_delimiter(physical[0])
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    labels: list[str] = []
    last = 0
    try:
        for row in reader:
            first, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                labels = [cell.strip() for cell in row]
                header = [label.lower() for label in labels]
                twice = [n for n, h in enumerate(header, 1) if h and header.count(h) > 1]
                if twice:  # by column, not by name: a row taken as the header holds values
                    yield RawRecord(name, first, _rows(physical, first, last),
                                    error=t("import_check.header_twice", first=twice[0],
                                            second=header.index(header[twice[0] - 1],
                                                                twice[0]) + 1))
                    return
                continue
            if sum(map(len, row)) > MAX_RECORD:
                yield _too_long(name, first, _rows(physical, first, last))
                continue
            if len(row) != len(header):
                yield RawRecord(name, first, _rows(physical, first, last),
                                error=t("import_reason.cells", cells=len(row),
                                        header=len(header)))
                continue
            data = {h: c.strip() for h, c in zip(header, row, strict=True) if h and c.strip()}
            raw = json.dumps({label: c.strip() for label, c in zip(labels, row, strict=True)
                              if label and c.strip()}, ensure_ascii=False)
            yield RawRecord(name, first, raw, data=data)
    except csv.Error as exc:
        yield RawRecord(name, last + 1, _rows(physical, last + 1, last + 1),
                        error=t("import_reason.csv_broken", reason=exc))


def _rows(physical: list[str], first: int, last: int) -> str:
    return "\n".join(line.rstrip("\r") for line in physical[first - 1:last])[:2000]
