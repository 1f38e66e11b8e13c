"""Who is running the tool: the login name of the operating-system account.

Taken from the process's user id (``pwd``), not from ``$USER``/``$LOGNAME``, which anyone
can set to a colleague's name. This is the one place that asks.
"""

from __future__ import annotations

import os

from caseload.errors import DomainError


def current_login() -> str:
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        raise DomainError(f"your user id {os.geteuid()} has no login name on this machine: "
                          "ask the server's administrator") from None
