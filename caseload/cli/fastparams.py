"""Typer without Pydantic for plain options, so that every command starts quickly.

Typer 0.29 converts the value of every option that is not a flag through a Pydantic
``TypeAdapter``: the first such option a command line meets (``--db``, even when absent)
imports Pydantic, ~150 ms here, more than half the quick check's whole budget. Plain
``str``, ``int`` and ``float`` options (no range, choices, path checks, files or custom
parser), flags, and lists of those (``caseload import PATH...``) need no Pydantic:
``install()`` gives them a direct conversion and leaves every other parameter to Typer.
``tests/cli/test_quick_process.py`` checks that ``caseload overdue`` loads neither Pydantic
nor the database libraries, and ``tests/importer/test_startup.py`` the same for
``caseload import``, so a Typer upgrade that changes this shows up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args, get_origin

from typer import BadParameter
from typer import core as typer_core
from typer._coercion import RuntimeParam

_PLAIN = {str: "text", int: "integer", float: "number", bool: "boolean"}
_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Convert a command-line string to ``str``, ``int``, ``float`` or ``bool`` directly;
    for ``list[...]`` of one of them, each value of a repeated option or argument."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        item = _list_item(self.annotation)
        if item is None:
            return _convert(self.annotation, value, param, ctx)
        return [_convert(item, one, param, ctx) for one in value]


def _convert(kind: type, value: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    if kind is bool and isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    try:
        if kind is bool:
            raise ValueError(value)
        return kind(value.strip() if isinstance(value, str) and kind is not str else value)
    except (TypeError, ValueError):
        raise BadParameter(f"{value!r} is not a valid {_PLAIN[kind]}.", ctx=ctx,
                           param=param) from None


def _list_item(annotation: Any) -> type | None:
    """``X`` for ``list[X]`` with a plain ``X``; else None."""
    if get_origin(annotation) is not list:
        return None
    args = get_args(annotation)
    return args[0] if len(args) == 1 and args[0] in _PLAIN else None


def is_plain(descriptor: Any) -> bool:
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    return ((annotation in _PLAIN or _list_item(annotation) is not None)
            and descriptor.file_annotation is None
            and info.parser is None and getattr(info, "click_type", None) is None
            and info.min is None and info.max is None and not descriptor.is_choice)


def install() -> None:
    """Patch Typer's parameters once (idempotent; does nothing if Typer's inside changed)."""
    cls = getattr(typer_core, "_TyperParameter", None)
    original = getattr(cls, "get_runtime_param", None)
    if original is None or getattr(original, "caseload_plain", False):
        return

    def get_runtime_param(self: Any) -> RuntimeParam:
        if self._runtime_param is None and is_plain(self.type_descriptor):
            descriptor = self.type_descriptor
            self._runtime_param = PlainRuntimeParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        return original(self)

    get_runtime_param.caseload_plain = True  # type: ignore[attr-defined]
    cls.get_runtime_param = get_runtime_param
