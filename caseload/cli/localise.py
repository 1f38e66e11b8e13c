"""The command line in the catalogue's language: help, metavars and usage errors.

The command modules give catalogue keys instead of text (``help="cli.init.rules"``,
``metavar="cli.metavar.path"``, ``app.command("init", help="cli.init.help")``); ``localise``
turns the Click tree that Typer builds into the current language, at the start of every
run (``caseload.cli.main``), so the language (``--lang``, else ``$CASELOAD_LANG``/``$LANG``)
is known before any help is shown. A string that is not a key is left as it is.

Typer's and Click's own words (``Usage:``, ``Options``, ``[required]``, the ``--help``
option's text, the usage errors) come from the ``[cli.help]`` and ``[cli.usage]`` sections:
``install()`` patches the few places that print them (as ``fastparams`` does for the
conversion of plain options), and ``usage_message`` words a usage error. Every option that
takes a value shows a metavar a person reads (``--db STI``/``--db PATH``), never a type
(``<str>``) or a Python name in braces (``{login}``).
"""

from __future__ import annotations

import re
from typing import Any

from typer import core as typer_core
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer._click import formatting

from caseload.i18n import has, t

# Typer's gettext messages (``typer.core._``) and the catalogue key of each.
_TYPER_WORDS = {
    "default: {default}": "cli.help.default",
    "required": "cli.help.required",
    "(dynamic)": "cli.help.dynamic",
    "env var: {var}": "cli.help.env_var",
    "Arguments": "cli.help.arguments",
    "Options": "cli.help.options",
    "Commands": "cli.help.commands",
    "Aborted!": "cli.help.aborted",
    "Missing command.": "cli.help.missing_command",
    "No such command {name!r}.": "cli.help.no_such_command",
}

# The metavar of an option that names none, by its name (the rest: cli.metavar.text).
_METAVARS = {
    "--db": "cli.metavar.path",
    "--as": "cli.metavar.user",
    "--assign": "cli.metavar.user",
    "--today": "cli.metavar.day",
    "--since": "cli.metavar.day",
    "--until": "cli.metavar.day",
    "--lang": "cli.metavar.lang",
    "--screen": "cli.metavar.screen",
    "--theme": "cli.metavar.theme",
    "--rules": "cli.metavar.rules",
    "--offers": "cli.metavar.file",
    "--out": "cli.metavar.file",
    "--pdf": "cli.metavar.file",
    "--format": "cli.metavar.format",
    "--purpose": "cli.metavar.purpose",
    "--name": "cli.metavar.name",
    "--role": "cli.metavar.role",
    "--birth-days": "cli.metavar.days",
    "--week": "cli.metavar.week",
}


def _word(message: str) -> str:
    key = _TYPER_WORDS.get(message)
    return t(key) if key else message


def install() -> None:
    """Patch Typer's words once (idempotent)."""
    if getattr(typer_core, "caseload_localised", False):
        return
    typer_core._ = _word  # type: ignore[attr-defined]  # Typer's gettext calls
    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, t("cli.help.usage") + " " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
    get_help_option = click_core.Command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        found = get_help_option(self, ctx)
        if found is not None:
            found.help = t("cli.help.help_option")
        return found

    click_core.Command.get_help_option = help_option  # type: ignore[method-assign]
    # An argument is shown by its metavar alone: ``LOGIN``, ``[STI]...``; not ``{login}``,
    # ``login <str>`` or ``paths... <list[str]>``.
    typer_core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

    def usage_name(self: Any) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    typer_core.TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
    typer_core.TyperArgument._rich_display_name = (  # type: ignore[method-assign]
        lambda self: self.display_name_raw)
    typer_core.caseload_localised = True  # type: ignore[attr-defined]


def _text(value: str | None) -> str | None:
    return t(value) if value and has(value) else value


def localise(command: Any) -> Any:
    """``command`` (Typer's Click tree) with every help text and metavar in the current
    language; returns it."""
    install()
    command.help = _text(command.help)
    command.short_help = _text(command.short_help)
    if command.options_metavar:
        command.options_metavar = t("cli.help.options_metavar")
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = t("cli.help.subcommand_metavar")
    for param in command.params:
        param.help = _text(getattr(param, "help", None))
        if param.metavar is not None:
            param.metavar = _text(param.metavar)
        elif param.param_type_name == "argument":
            param.metavar = param.name.upper()
        elif not getattr(param, "is_flag", False):
            name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
            param.metavar = t(_METAVARS.get(name, "cli.metavar.text"))
    for sub in getattr(command, "commands", {}).values():
        localise(sub)
    return command


# -- usage errors ----------------------------------------------------------------------------

_PLAIN = re.compile(r"^(?P<value>.*) is not a valid (?P<kind>text|integer|number|boolean)\.$",
                    re.S)
_NEEDS_VALUE = re.compile(r"^Option (?P<option>'[^']*') requires (an argument|\d+ arguments)\.$")
_NO_VALUE = re.compile(r"^Option (?P<option>'[^']*') does not take a value\.$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.S)
_NO_FILE = re.compile(r"^(file|File|path|Path) (?P<path>'.*') does not exist\.$", re.S)


def usage_message(exc: click_exceptions.ClickException) -> str:
    """A usage error as one sentence in the current language (Click's words when it is one
    this does not know)."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        text = t("cli.usage.no_such_option", option=exc.option_name)
        if exc.possibilities:
            text += " " + t("cli.usage.did_you_mean",
                            options=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, click_exceptions.MissingParameter):
        param = exc.param
        name = param.get_error_hint() if param is not None else str(exc.param_hint or "")
        kind = "argument" if param is not None and param.param_type_name == "argument" \
            else "option"
        return t(f"cli.usage.missing_{kind}", name=name)
    if isinstance(exc, click_exceptions.BadParameter):
        hint = exc.param_hint or (exc.param.get_error_hint() if exc.param is not None else "")
        if not isinstance(hint, str):
            hint = " / ".join(f"'{h}'" for h in hint)
        message = _conversion(exc) or _sentence(exc.message)
        return t("cli.usage.bad_value", hint=hint, message=message)
    return _sentence(exc.format_message())


# Typer converts option values with Pydantic: the kinds of its errors the catalogue words.
_PYDANTIC = {"int_parsing": "integer", "int_from_float": "integer", "float_parsing": "number",
             "bool_parsing": "boolean", "string_type": "text"}


def _conversion(exc: click_exceptions.BadParameter) -> str | None:
    """A value Typer could not convert (its Pydantic error is the cause), in words."""
    errors = getattr(exc.__cause__, "errors", None)
    try:
        first = errors()[0] if callable(errors) else None
    except Exception:  # noqa: BLE001 - not a Pydantic error after all
        return None
    kind = _PYDANTIC.get(first.get("type")) if isinstance(first, dict) else None
    return None if kind is None else t(f"cli.usage.not_{kind}", value=repr(first.get("input")))


def _sentence(message: str) -> str:
    for pattern, key in ((_PLAIN, None), (_NEEDS_VALUE, "cli.usage.needs_value"),
                         (_NO_VALUE, "cli.usage.no_value"), (_EXTRA, "cli.usage.extra"),
                         (_NO_FILE, "cli.usage.no_file")):
        found = pattern.match(message)
        if found:
            parts = found.groupdict()
            return t(key or f"cli.usage.not_{parts.pop('kind')}", **parts)
    return message
