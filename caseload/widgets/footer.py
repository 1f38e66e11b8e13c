"""The footer of every screen: Textual's, composed anew only when the keys it shows change.

Textual's ``Footer`` mounts every key anew each time the screen's bindings may have
changed: on every change of focus and of the screen stack, five times before the first
screen has painted its rows (each time a widget per key, styled). This one compares the
keys the screen would show (a hidden binding, such as a table's cursor keys, does not
count) with those it shows, or is about to show, and lets Textual
recompose only when they differ. What it shows is Textual's own ``compose``.
"""

from __future__ import annotations

from typing import Any

from textual import widgets
from textual.screen import Screen


class Footer(widgets.Footer):
    _wanted: tuple[Any, ...] | None = None  # the keys of the last compose asked for

    def bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            palette = screen.app.COMMAND_PALETTE_BINDING
            keys = tuple((key, binding, enabled, tooltip)
                         for key, (_, binding, enabled, tooltip)
                         in screen.active_bindings.items()
                         if binding.show or key == palette)  # what compose shows
            if keys == self._wanted:
                return
            self._wanted = keys
        super().bindings_changed(screen)
