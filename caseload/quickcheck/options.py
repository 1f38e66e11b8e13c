"""The quick check's command line, read with the standard library (Typer takes longer to
start than the whole answer may take).

The flags are those of every command (``--db PATH`` or ``--db=PATH``; a flag repeated: the
last one counts) and so are the failures: an unknown option, a missing or unreadable value
or an extra argument is one line on stderr naming it, ``(see 'caseload overdue --help')``,
exit 2. Every word of it, and ``--help``, comes from the catalogue (``quick_cli.*``): Danish
by default, English with ``--lang en`` or ``$CASELOAD_LANG``/``$LANG``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date

from caseload import i18n
from caseload.errors import UsageError

TABLE_LIMIT = 50  # rows in the table for a person; --json is unlimited unless --limit

# option → (field, metavar key or None for a flag, help key)
OPTIONS = {
    "--db": ("db", "metavar_path", "db"),
    "--as": ("as_user", "metavar_user", "as"),
    "--all": ("all_", None, "all"),
    "--today": ("on", "metavar_day", "today_option"),
    "--json": ("as_json", None, "json"),
    "--limit": ("limit", "metavar_n", "limit"),
    "--lang": ("lang", "metavar_lang", "lang"),
    "--help": ("help", None, "help"),
}


@dataclass
class Request:
    command: str
    db: str | None = None
    as_user: str | None = None
    all_: bool = False
    on: str | None = None
    as_json: bool = False
    limit: int | None = None
    lang: str | None = None
    help: bool = False

    def day(self) -> date:
        """``--today`` (not given: today in Denmark)."""
        from caseload.clock import today

        if self.on is None:
            return today()
        from caseload.domain.days import parse_day

        found = parse_day(self.on, today=today())  # as a person writes a day
        if found is None:
            raise UsageError(i18n.t("quick_cli.not_a_day", option="--today", value=self.on))
        return found

    def rows_limit(self) -> int | None:
        """At most this many rows (None: all): ``--limit``, else 50 in the table."""
        limit = TABLE_LIMIT if self.limit is None and not self.as_json else self.limit
        return limit or None


def parse(command: str, args: list[str]) -> Request:
    """The request of ``caseload COMMAND ARGS...``; ``--help`` prints the help and exits 0;
    anything unreadable raises ``UsageError`` (exit 2) with its one-line message."""
    _set_language(args)
    request = Request(command)
    values = iter(args)
    for arg in values:
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in OPTIONS:
            if arg.startswith("-") and arg != "-":
                _usage(command, "no_such_option", option=name)
            _usage(command, "extra_argument", value=arg)
        field, metavar, _ = OPTIONS[name]
        if metavar is None:
            if eq:
                _usage(command, "no_value", option=name)
            setattr(request, field, True)
            continue
        value = inline if eq else next(values, None)
        if value is None:
            _usage(command, "needs_value", option=name)
        if field == "limit":
            try:
                value = int(value.strip())
            except ValueError:
                _usage(command, "not_integer", option=name, value=value)
        setattr(request, field, value)
    if request.help:
        sys.stdout.write(help_text(command))
        raise SystemExit(0)
    if request.all_ and request.as_user:
        raise UsageError(i18n.t("quick_cli.as_and_all"))
    if request.limit is not None and request.limit < 0:
        raise UsageError(i18n.t("quick_cli.limit_negative", limit=request.limit))
    return request


def _set_language(args: list[str]) -> None:
    """``--lang`` (wherever it stands), else the environment: before any message."""
    lang = None
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            lang = args[n + 1]
        elif arg.startswith("--lang="):
            lang = arg.removeprefix("--lang=")
    try:
        i18n.set_language(i18n.language_from_env(lang))
    except ValueError:
        i18n.set_language(i18n.language_from_env())
        raise UsageError(i18n.t("quick_cli.bad_lang", value=lang)) from None


def _usage(command: str, key: str, **values: object) -> None:
    message = i18n.t(f"quick_cli.{key}", **values)
    raise UsageError(i18n.t("quick_cli.see_help", message=message, command=command))


def help_text(command: str, width: int = 80) -> str:
    """``caseload COMMAND --help``, as Click lays out every other command's."""
    import textwrap

    t = i18n.t
    rows = []
    for name, (_, metavar, key) in OPTIONS.items():
        label = name if metavar is None else f"{name} {t('quick_cli.' + metavar)}"
        rows.append((label, t(f"quick_cli.{key}", limit=TABLE_LIMIT)))
    column = min(max(len(label) for label, _ in rows) + 4, 30)
    lines = [t("quick_cli.usage", command=command), ""]
    lines += textwrap.wrap(t(f"quick_cli.{command}"), width - 2, initial_indent="  ",
                           subsequent_indent="  ")
    lines += ["", t("quick_cli.options")]
    for label, text in rows:
        wrapped = textwrap.wrap(text, width - column) or [""]
        first = f"  {label}".ljust(column)
        if len(first) > column:
            lines.append(first.rstrip())
            first = " " * column
        lines.append(first + wrapped[0])
        lines += [" " * column + more for more in wrapped[1:]]
    return "\n".join(lines) + "\n"
