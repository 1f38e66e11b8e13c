"""Text from outside, made safe to show: the one place for masking CPR numbers in messages,
escaping what a terminal would obey, and neutralising spreadsheet formulas.

- ``mask_cpr``: anything shaped like a CPR number (six digits, an optional dash or space,
  four digits) becomes ``DDMMYY-xxxx``. Every message the tool makes goes through it.
- ``escape``: control characters (C0, DEL, C1 0x80–0x9F), bidi overrides and isolates
  (U+202A–U+202E, U+2066–U+2069) and line/paragraph separators are shown as ``\\x1b``,
  ``\\u202e`` …, so a name holding ``ESC ] 0 ; … BEL`` cannot retitle a terminal, clear
  it, reorder a line or forge a log line. ``lines=True`` keeps newlines and tabs (a note's
  body, which is meant to have lines).
- ``safe_message``: both; what the CLI prints on stderr and in summaries.
- ``literal``: ``escape``, then the markup escaped, so a name like ``[bold red]X[/]`` or
  ``[@click=app.quit]`` placed in markup is shown as typed and never styles or runs an
  action: Textual's markup (an ``Option``, a ``Select``, the command palette) or Rich's
  (``rich=True``: a DataTable's string cells, ``caseload.widgets.tables``). Where a widget
  need not read markup at all it is told not to: ``caseload.widgets.plain``
  (``Label``/``Static``), ``App.notify``, the CLI's consoles ``markup=False``.
- ``forbidden``: the first such character in a value, for the import to refuse it.
- ``csv_cell``: OWASP's rule for CSV files: a cell that begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is prefixed with ``'`` so a spreadsheet reads text.

Pure (no I/O): used by the CLI, the app's formatting, the exports and the importer.
"""

from __future__ import annotations

import re

_CPR = re.compile(r"(?<![0-9])([0-9]{6})[-\s]?[0-9]{4}(?![0-9])")
_BIDI = "\u202a-\u202e\u2066-\u2069"
_LINE_BREAKS = "\u2028\u2029\u0085"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_FORBIDDEN_FREE_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_UNSAFE_JSON = re.compile(f"[\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")  # JSON escapes the C0 itself
_RICH_TAG = re.compile(r"\[[a-z#/@][^[]*?]")  # rich.markup's pattern of a tag
_BRACKET = re.compile(r"(\\*)\[")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def mask_cpr(text: str) -> str:
    """Mask anything shaped like a CPR number (``150382-xxxx``)."""
    return _CPR.sub(r"\1-xxxx", text)


def _code(match: re.Match[str]) -> str:
    char = match.group(0)
    point = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def escape(text: str, *, lines: bool = False) -> str:
    """``text`` with every character a terminal would act on shown as an escape."""
    pattern = _UNSAFE_KEEP_LINES if lines else _UNSAFE
    return pattern.sub(_code, text) if pattern.search(text) else text


def safe_message(text: str) -> str:
    """A message for a person or a log: CPR numbers masked, controls escaped."""
    return escape(mask_cpr(text))


def literal(text: str, *, rich: bool = False, lines: bool = False) -> str:
    """``text`` from outside (a name, a note, a file name) placed in markup, shown as it is.

    Textual's markup (the default) reads every ``[`` not after a backslash as a tag, and
    every backslash-``[`` as ``[``. Rich's console markup (``rich``: a string cell of a
    ``DataTable`` or a Rich ``Table``) reads a backslash only before what looks like a tag,
    so only those are escaped. ``lines`` as for ``escape``."""
    text = escape(text, lines=lines)
    if "[" not in text:
        return text
    if rich:
        return _BRACKET.sub(lambda m: _rich_bracket(m, text), text)
    return text.replace("[", "\\[")


def _rich_bracket(match: re.Match[str], text: str) -> str:
    """Rich turns backslash-``[`` into ``[`` in plain text, and reads ``n`` backslashes
    before a tag as ``n // 2`` backslashes, the tag literal if ``n`` is odd."""
    backslashes = match.group(1)
    if _RICH_TAG.match(text, match.end() - 1):
        return backslashes * 2 + "\\["
    return backslashes + "\\["


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps``) with DEL, C1, bidi and separators as ``\\uXXXX``:
    the same JSON value, harmless on a terminal."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def forbidden(text: str, *, lines: bool = False) -> str | None:
    """The first character of ``text`` the import refuses, as ``U+XXXX``, else None.
    ``lines``: newlines, carriage returns and tabs are allowed (free text)."""
    found = (_FORBIDDEN_FREE_TEXT if lines else _UNSAFE).search(text)
    return None if found is None else f"U+{ord(found.group(0)):04X}"


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet cannot run as a formula (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: dict[str, object] | list[object]) -> dict[str, object] | list[object]:
    """Every cell of a row through ``csv_cell``."""
    if isinstance(values, dict):
        return {key: csv_cell(value) for key, value in values.items()}
    return [csv_cell(value) for value in values]
