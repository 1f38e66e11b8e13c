"""Failures that are not the user's doing, as one sentence and an exit code
(``caseload.services.failures`` says what is wrong and what to do).

``caseload.cli.main`` hands every exception it does not know to ``translate``; anything it
cannot explain is an unexpected error: one line saying so, the traceback only with
``CASELOAD_DEBUG=1``.
"""

from __future__ import annotations

from caseload.cli.output import ExitCode
from caseload.services.failures import explain, unexpected

__all__ = ["translate", "unexpected"]


def translate(exc: BaseException) -> tuple[str, int] | None:
    """The sentence and exit code for ``exc``, or None when it is not ours to explain."""
    sentence = explain(exc)
    return None if sentence is None else (sentence, ExitCode.DOMAIN)
