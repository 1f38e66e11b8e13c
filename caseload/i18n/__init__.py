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
import tomllib
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
    """The catalogue of ``lang`` as flat ``section.key`` → template."""
    with (Path(__file__).parent / f"{lang}.toml").open("rb") as fh:
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
