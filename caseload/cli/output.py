"""One place for what the CLI prints: errors on stderr, JSON alone on stdout."""

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
    print(f"caseload: {message}", file=sys.stderr)
    raise SystemExit(int(code))


def message(text: str) -> None:
    """A message for a person: always on stderr, so stdout stays clean for data."""
    print(text, file=sys.stderr)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")
