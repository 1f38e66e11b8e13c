"""Undo (``Ctrl+Z``) for every one-line text field of the app.

Textual's ``TextArea`` has its own undo; ``Input`` has none. The app records each field's
values as they change (``Input.Changed`` reaches the app) and ``Ctrl+Z`` steps the focused
field back through them.
"""

from __future__ import annotations

import weakref

from textual.widgets import Input

DEPTH = 200  # values kept per field


class FieldHistory:
    def __init__(self) -> None:
        self._values: weakref.WeakKeyDictionary[Input, list[str]] = weakref.WeakKeyDictionary()

    def changed(self, field: Input, value: str) -> None:
        values = self._values.setdefault(field, [])
        if not values or values[-1] != value:
            values.append(value)
            del values[:-DEPTH]

    def undo(self, field: Input) -> bool:
        """Put the field's value before the last change back; False when there is none."""
        values = self._values.get(field, [])
        if len(values) < 2:
            return False
        values.pop()
        field.value = values[-1]  # its Changed event finds the value already recorded
        field.cursor_position = len(field.value)
        return True
