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
from typing import IO, NamedTuple

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
_CP1252_UNDEFINED = re.compile(b"[" + re.escape(bytes(sorted(CP1252_UNDEFINED))) + b"]")
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
    """Every record of one file, as a list (``records`` streams them)."""
    return list(records(path))


def records(path: Path) -> Iterator[RawRecord]:
    """Every record of one file, read as it goes (memory stays flat however long the file
    is); an unreadable file gives a single error record."""
    name = str(path)
    why = unreadable(path)
    if why is not None:
        yield RawRecord(name, None, "", error=t("import_check.not_a_file", what=why))
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below, also when the caller stops)
    except OSError as exc:
        yield RawRecord(name, None, "", error=t("import_reason.file_unreadable",
                                                reason=exc.strerror))
        return
    try:
        yield from read_stream(name, stream, path.suffix.lower())
    except OSError as exc:  # the file went away or broke while being read
        yield RawRecord(name, None, "", error=t("import_reason.file_unreadable",
                                                reason=exc.strerror))
    finally:
        stream.close()


def read_bytes(name: str, data: bytes, ending: str) -> list[RawRecord]:
    return list(read_stream(name, io.BytesIO(data), ending))


BLOCK = 1 << 20  # bytes (or characters) read at a time


def read_stream(name: str, stream: IO[bytes], ending: str) -> Iterator[RawRecord]:
    """The records of a seekable binary stream. The encoding is found first in one pass
    over the bytes (``encoding``); the text is then decoded as it is read. A file that
    cannot be decoded is read whole, once, for the error's line and excerpt."""
    try:
        codec = encoding(stream)
    except DecodeError:
        stream.seek(0)
        data = stream.read()
        try:
            decode(data)
        except DecodeError as exc:
            line = data.count(b"\n", 0, exc.offset) + 1
            raw = _line_at(data, exc.offset).decode("utf-8", "backslashreplace")
            yield RawRecord(name, line, raw, error=str(exc))
        return
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=codec, newline="")
    try:
        if ending == ".csv":
            yield from read_csv(name, text)
        elif ending == ".jsonl":
            yield from read_jsonl(name, _lines(text))
        else:
            yield from read_json(name, text)
    finally:
        text.detach()  # the caller closes the stream


def encoding(stream: IO[bytes]) -> str:
    """The codec ``decode`` would take for the whole stream, found block by block:
    ``utf-8-sig`` (BOM), ``utf-8`` or ``cp1252``; anything else raises ``DecodeError``."""
    bom = stream.read(len(BOM)) == BOM
    if not bom:
        stream.seek(0)
    carry, offset = b"", len(BOM) if bom else 0
    while True:
        block = stream.read(BLOCK)
        data = carry + block
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if block and exc.end == len(data) and len(data) - exc.start < 4:
                carry, offset = data[exc.start:], offset + exc.start  # cut at the block end
                continue
            if bom:
                raise DecodeError(offset + exc.start, "not UTF-8") from None
            break
        if not block:
            return "utf-8-sig" if bom else "utf-8"
        carry, offset = b"", offset + len(data)
    stream.seek(0)  # not UTF-8: Windows-1252, if no byte says otherwise
    tail = b""
    while block := stream.read(BLOCK):
        data = tail + block
        if _UTF8_MULTIBYTE.search(data) or _CP1252_UNDEFINED.search(block):
            raise DecodeError(0, "neither UTF-8 nor Windows-1252")
        tail = data[-3:]
    return "cp1252"


def _lines(text: IO[str]) -> Iterator[str]:
    """The text split at each ``\\n`` (only there, as ``str.split``), read block by block."""
    rest = ""
    while block := text.read(BLOCK):
        parts = (rest + block).split("\n")
        rest = parts.pop()
        yield from parts
    yield rest


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


def read_jsonl(name: str, lines: Iterable[str]) -> Iterator[RawRecord]:
    for number, line in enumerate(lines, start=1):
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


def read_json(name: str, stream: IO[str]) -> Iterator[RawRecord]:
    """One object, or an array of objects read element by element as the text comes (so a
    break half-way still yields the forms before it, and a long array is never held whole)."""
    window = _Window(stream)
    if window.text.startswith("\ufeff"):
        window.text = window.text[1:]
    start = window.skip(0)
    if start >= len(window.text):
        return
    if window.text[start] != "[":
        text = window.text + stream.read()  # one form (or none): read it whole
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RawRecord(name, exc.lineno, _excerpt(text, exc.pos), error=_broken(exc))
        except RecursionError:
            yield RawRecord(name, 1, text[:2000], error=t("import_reason.too_deep"))
        else:
            yield _record(name, text.count("\n", 0, start) + 1, text.strip(), value)
        return
    yield from _read_array(name, window, start + 1)


def _read_array(name: str, window: _Window, pos: int) -> Iterator[RawRecord]:
    decoder = json.JSONDecoder()
    pos = window.skip(pos)
    if window.text.startswith("]", pos):
        yield from _trailing(name, window, pos + 1)
        return
    while True:
        pos = window.forget(pos)
        try:
            value, end = window.decode(decoder, pos)
        except json.JSONDecodeError as exc:
            text = window.text
            yield RawRecord(name, window.line(exc.pos), _excerpt(text, exc.pos),
                            error=_rest_unread(_broken(exc)))
            return
        except RecursionError:
            yield RawRecord(name, window.line(pos), _excerpt(window.text, pos),
                            error=_rest_unread(t("import_reason.too_deep")))
            return
        yield _record(name, window.line(pos), window.text[pos:end], value)
        pos = window.skip(end)
        text = window.text
        if text.startswith(",", pos):
            pos = window.skip(pos + 1)
            continue
        if text.startswith("]", pos):
            yield from _trailing(name, window, pos + 1)
            return
        yield RawRecord(name, window.line(pos), _excerpt(text, pos),
                        error=_rest_unread(t("import_reason.between_forms")))
        return


def _trailing(name: str, window: _Window, pos: int) -> Iterator[RawRecord]:
    window.text += window.stream.read()
    window.done = True
    pos = window.skip(pos)
    if pos < len(window.text):
        yield RawRecord(name, window.line(pos), _excerpt(window.text, pos),
                        error=t("import_reason.extra_data"))


def _excerpt(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)][:2000]


class _Window:
    """The part of a JSON text being read: ``text`` holds what was read from ``stream`` and
    not yet forgotten, from line ``first`` on; line numbers of increasing offsets come
    without rescanning."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream, self.text, self.done = stream, "", False
        self.first = 1  # the line number of text[0]
        self.pos, self.number = 0, 1  # the last offset asked and its line
        self.more()

    def more(self) -> bool:
        """Read the next block; False at the end of the stream."""
        if self.done:
            return False
        block = self.stream.read(BLOCK)
        if not block:
            self.done = True
            return False
        self.text += block
        return True

    def skip(self, pos: int) -> int:
        """The offset of the first character at or after ``pos`` that is not white space."""
        while True:
            pos = _WS.match(self.text, pos).end()
            if pos < len(self.text) or not self.more():
                return pos

    def decode(self, decoder: json.JSONDecoder, pos: int) -> tuple[object, int]:
        """``raw_decode`` at ``pos``, reading on while the value may go on past the text
        read so far (broken there, or ending exactly at its end)."""
        while True:
            try:
                value, end = decoder.raw_decode(self.text, pos)
            except json.JSONDecodeError:
                if self.more():
                    continue
                raise
            if end < len(self.text) or not self.more():
                return value, end

    def forget(self, pos: int) -> int:
        """Drop the text before the line holding ``pos`` (once it is long); ``pos``'s new
        offset."""
        if pos < BLOCK:
            return pos
        cut = self.text.rfind("\n", 0, pos) + 1
        if cut == 0:
            return pos
        self.first += self.text.count("\n", 0, cut)
        self.text = self.text[cut:]
        self.pos, self.number = 0, self.first
        return pos - cut

    def line(self, pos: int) -> int:
        if pos < self.pos:
            return self.first + self.text.count("\n", 0, pos)
        self.number += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.number


def sniff_delimiter(header: str) -> str:
    """``;`` when the header line holds more of them than commas (Danish spreadsheets)."""
    return ";" if header.count(";") > header.count(",") else ","


def read_csv(name: str, stream: IO[str]) -> Iterator[RawRecord]:
    lines = _Physical(stream)
    delimiter = sniff_delimiter(lines.peek())
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    labels: list[str] = []
    last = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    try:
        for row in reader:
            first, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                lines.taken.clear()
                continue
            if header is None:
                labels = [cell.strip() for cell in row]
                header = [label.lower() for label in labels]
                twice = [n for n, h in enumerate(header, 1) if h and header.count(h) > 1]
                if twice:  # by column, not by name: a row taken as the header holds values
                    yield RawRecord(name, first, lines.text(),
                                    error=t("import_check.header_twice", first=twice[0],
                                            second=header.index(header[twice[0] - 1],
                                                                twice[0]) + 1))
                    return
                lines.taken.clear()
                continue
            if sum(map(len, row)) > MAX_RECORD:
                yield _too_long(name, first, lines.text())
                continue
            if len(row) != len(header):
                yield RawRecord(name, first, lines.text(),
                                error=t("import_reason.cells", cells=len(row),
                                        header=len(header)))
                continue
            lines.taken.clear()
            data: dict[str, object] = {}
            shown: dict[str, object] = {}
            for h, label, cell in zip(header, labels, row, strict=True):
                cell = cell.strip()
                if cell:
                    if h:
                        data[h] = cell
                    if label:
                        shown[label] = cell
            yield RawRecord(name, first, dumps(shown), data=data)
    except csv.Error as exc:
        yield RawRecord(name, last + 1, lines.text(first_only=True),
                        error=t("import_reason.csv_broken", reason=exc))


class _Physical:
    """The lines of a CSV text for ``csv.reader`` (as ``io.StringIO(text, newline="")``
    gives them), keeping the ones read for the record being read: its excerpt."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.taken: list[str] = []
        self.head: str | None = stream.readline()
        if self.head.startswith("\ufeff"):
            self.head = self.head[1:]

    def peek(self) -> str:
        """The first line, without its line break (the header, for the delimiter)."""
        return (self.head or "").split("\n")[0]

    def __iter__(self) -> _Physical:
        return self

    def __next__(self) -> str:
        if self.head is not None:
            line, self.head = self.head, None
        else:
            line = self.stream.readline()
        if not line:
            raise StopIteration
        taken = self.taken
        if len(taken) > 64:  # a runaway quote: keep the beginning (the excerpt's 2000)
            taken[64:] = []
        taken.append(line)
        return line

    def text(self, *, first_only: bool = False) -> str:
        """The lines taken for this record as an excerpt (``first_only``: the first of
        them); forgotten after."""
        taken = self.taken[:1] if first_only else self.taken
        self.taken = []
        return "\n".join(line.rstrip("\r\n") for line in taken)[:2000]
