"""The person's own settings for the app, kept between sessions: the theme.

One small JSON file per user in the config directory (``platformdirs``:
``~/.config/caseload/preferences.json``), owner-only (0600). A file that cannot be read is
ignored (the defaults apply) and replaced on the next save; nothing in it is personal data
of a citizen.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE = "preferences.json"


def path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("caseload", appauthor=False)) / FILE


def load() -> dict[str, Any]:
    try:
        found = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save(**changes: Any) -> None:
    """Merge ``changes`` into the file (written whole, owner-only, replaced atomically).
    A folder or disk that refuses is not worth stopping the app for."""
    target = path()
    data = {**load(), **changes}
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = target.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError:
        pass


def theme() -> str | None:
    value = load().get("theme")
    return value if isinstance(value, str) else None
