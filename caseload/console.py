"""What every command prints, and the day options it reads, without Typer: errors on
stderr, JSON alone on stdout (``caseload.cli.output`` and ``caseload.cli.options`` are
these; the commands started without Typer, such as ``caseload import``, use them here).

Every message goes through ``caseload.safety.text.safe_message`` (CPR numbers masked,
control characters and bidi overrides escaped), whatever it quotes from the user or from a
file; JSON keeps its values but shows C1 controls and bidi overrides as ``\\uXXXX``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")


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


def option_day(value: str | None, option: str = "--today") -> date | None:
    """A day given to ``option`` (None: not given), read by the one
    ``caseload.domain.days.parse_day``; anything else exits 2 with a one-line message."""
    if value is None:
        return None
    from caseload.clock import today
    from caseload.domain.days import parse_day

    found = parse_day(value, today=today())  # as a person writes a day
    if found is None:
        from caseload.i18n import t

        fail(t("cli.common.not_a_day", option=option, value=repr(value)), ExitCode.USAGE)
    return found


def guarded(call: Callable[[], T]) -> T:
    """``call()``, with every failure as one line on stderr and its exit code: a domain or
    usage error its own, an interrupt 130, a closed pipe 0, anything else the sentence
    ``services.failures`` has for it (exit 1; the traceback only with CASELOAD_DEBUG=1)."""
    from caseload.errors import CaseloadError

    try:
        return call()
    except CaseloadError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        from caseload.i18n import t

        fail(t("cli.run.interrupted"), ExitCode.INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(ExitCode.OK)
    except Exception as exc:  # noqa: BLE001 - every failure is a sentence, never a traceback
        from caseload.services.failures import explain, unexpected

        found = explain(exc)
        if found is None and os.environ.get("CASELOAD_DEBUG"):
            raise
        fail(found or unexpected(exc), ExitCode.DOMAIN)
