"""Binding descriptions are catalogue keys ("today.mark_held"); shown in the language in use.

Textual copies the class's bindings into each instance (``_bindings``); we translate that
copy, so one process can run the app in Danish and in English (as the tests do).
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from caseload.i18n import has, t


def localise(node: DOMNode) -> None:
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [
            replace(b, description=t(b.description)) if b.description and has(b.description)
            else b
            for b in items
        ]
