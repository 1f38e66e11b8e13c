"""``caseload overdue`` and ``caseload today``: the quick check, started without Typer.

These two commands must answer in a fraction of taskwarrior's time on a big caseload, so the
console script (``caseload.entry``) hands them here before Typer is imported: their few
options are read by ``caseload.quickcheck.options`` (the standard library; the same flags,
``--help`` and exit codes as every command: 2 for usage, one line on stderr), the rows come
from the worklist use cases (``caseload.services.views``) over ``sqlite3`` or psycopg, and
nothing else is loaded: no SQLAlchemy, SQLModel, Pydantic, Textual or Typer, and Rich only
to draw a table for a person. With ``--json`` stdout holds the JSON alone.
"""

from __future__ import annotations

import sys
from typing import NoReturn

COMMANDS = ("overdue", "today")


def main(argv: list[str]) -> NoReturn:
    """Run ``argv`` (``["overdue", "--all", ...]``) and exit with its code."""
    from caseload.errors import CaseloadError

    try:
        from caseload.quickcheck import options, run

        request = options.parse(argv[0], argv[1:])
        getattr(run, request.command)(request)
    except CaseloadError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - every failure is a sentence, never a traceback
        import os

        from caseload.services.failures import explain, unexpected

        sentence = explain(exc)
        if sentence is None and os.environ.get("CASELOAD_DEBUG"):
            raise
        _fail(sentence or unexpected(exc), 1)
    sys.exit(0)


def _fail(message: str, code: int) -> NoReturn:
    from caseload.safety.text import safe_message

    sys.stdout.flush()
    print(f"caseload: {safe_message(message)}", file=sys.stderr)
    sys.exit(code)
