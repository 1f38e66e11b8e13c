"""The rule sets shipped as data, and loading one by name or path (the one I/O step)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from caseload.domain.ruleset import RuleSet, RuleSetError

DEFAULT = "aktive-2008"


HERE = Path(__file__).parent  # the shipped TOML files (a plain folder of the package)


def available() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in HERE.glob("*.toml"))


@lru_cache(maxsize=8)
def load(name_or_path: str = DEFAULT) -> RuleSet:
    """A shipped rule set by name (``aktive-2008``, ``sdp-2014``) or a TOML file by path."""
    if name_or_path in available():
        text = (HERE / f"{name_or_path}.toml").read_text("utf-8")
        where = name_or_path
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise RuleSetError(
                f"unknown rule set {name_or_path!r}: use one of {available()} or a TOML file"
            )
        text, where = path.read_text("utf-8"), str(path)
    try:
        return RuleSet.from_dict(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{where}: {exc}") from None
