"""One place for what the CLI prints: errors on stderr, JSON alone on stdout.

Every message goes through ``caseload.safety.text.safe_message`` (CPR numbers masked,
control characters and bidi overrides escaped), whatever it quotes from the user or from a
file; JSON keeps its values but shows C1 controls and bidi overrides as ``\\uXXXX``."""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from typing import Any, NoReturn


class ExitCode(IntEnum):
    OK = 0
    DOMAIN = 1
    USAGE = 2
    INTERRUPTED = 130


def fail(message: str, code: int = ExitCode.DOMAIN) -> NoReturn:
    from caseload.safety.text import safe_message

    print(f"caseload: {safe_message(message)}", file=sys.stderr)
    raise SystemExit(int(code))


def message(text: str) -> None:
    """A message for a person: always on stderr, so stdout stays clean for data."""
    from caseload.safety.text import safe_message

    print(safe_message(text), file=sys.stderr)


def print_json(data: Any) -> None:
    from caseload.safety.text import json_safe

    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)))
    sys.stdout.write("\n")
