"""The one catalogue of user-facing strings: Danish (default) and English.

``t("today.title")`` looks a key up in the current language, then in Danish, and falls back
to the key itself (so a missing string shows up, it never crashes). Keys are
``section.name``: the catalogues (``da.toml``, ``en.toml``) have one TOML table per screen
or area, and values are ``str.format`` templates (``t("today.counts", booked=3)``).

The language is ``--lang`` when given, else ``CASELOAD_LANG``, else ``LANG``: English when
it starts with ``en``, Danish otherwise.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

LANGUAGES = ("da", "en")
DEFAULT = "da"

_current = DEFAULT


def language_from_env(explicit: str | None = None) -> str:
    """The language to use: ``explicit``, else the environment (see the module doc)."""
    if explicit:
        lang = explicit.strip().lower()[:2]
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        return lang
    env = os.environ.get("CASELOAD_LANG") or os.environ.get("LANG") or ""
    return "en" if env.lower().startswith("en") else DEFAULT


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` as flat ``section.key`` → template.

    Read from a ``marshal`` copy beside the bytecode (``__pycache__``, named after the TOML
    file's size and time and the Python version, so an edited catalogue is read anew): a
    command that prints a line need not parse 800 lines of TOML first (~6 ms here). Where
    the copy cannot be written, the TOML is parsed each time."""
    import marshal

    source = Path(__file__).parent / f"{lang}.toml"
    stat = source.stat()
    copy = (source.parent / "__pycache__" /
            f"{lang}.{stat.st_size}-{stat.st_mtime_ns}.{sys.implementation.cache_tag}.marshal")
    try:
        found = marshal.loads(copy.read_bytes())
        if isinstance(found, dict):
            return found
    except (OSError, ValueError, EOFError, TypeError):
        pass
    flat = _parse(source)
    try:
        copy.parent.mkdir(exist_ok=True)
        for old in copy.parent.glob(f"{lang}.*.marshal"):
            old.unlink()
        from caseload.files import write_private

        write_private(copy, marshal.dumps(flat))
    except OSError:
        pass  # a read-only installation: parse each time
    return flat


def _parse(source: Path) -> dict[str, str]:
    import tomllib

    with source.open("rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, table: dict) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def t(key: str, /, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    template = catalogue(_current).get(key)
    if template is None:
        template = catalogue(DEFAULT).get(key, key)
    if values:
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template
    return template


def has(key: str) -> bool:
    return key in catalogue(_current) or key in catalogue(DEFAULT)
