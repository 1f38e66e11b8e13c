"""Command palette (Ctrl+P): jump to a citizen by name or CPR, and every action of the
screen in use (its key bindings, by their description): the product's commands only, in
the language in use (not the widgets' own "Cursor left", "Page Left"; the app's system
commands are the product's too, see ``CaseloadApp.get_system_commands``)."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widgets.option_list import Option

from caseload.i18n import t
from caseload.safety.text import literal


class CitizenProvider(Provider):
    """Searches open cases by name (contains) or CPR (starts with), in a thread."""

    async def search(self, query: str) -> Hits:
        from caseload.services import views

        ctx = self.app.ctx  # type: ignore[attr-defined]
        text = query.strip()
        if len(text) < 2:
            return

        def find() -> list:
            actor = ctx.actor
            return ctx.query(views.find_cases, actor, text, on=ctx.today)

        try:
            rows = await asyncio.to_thread(find)
        except Exception:  # noqa: BLE001 - the palette must not crash the app
            return
        matcher = self.matcher(text)
        for row in rows:
            label = t("palette.open_citizen", name=row.citizen, cpr=row.cpr)
            score = matcher.match(row.citizen) or 0.5  # a CPR match has no fuzzy score
            yield Hit(score, matcher.highlight(literal(label)),
                      partial(self.app.open_citizen, row.case_id),
                      text=label, help=t("palette.open_citizen_help"))


class LocalPalette(CommandPalette):
    """Textual's palette with its placeholder and "no matches" in the language in use."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(t("palette.no_matches"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def ours(node: DOMNode, key: str, action: str) -> bool:
    """Is ``key`` bound to ``action`` by one of the product's classes of ``node`` (not by
    Textual itself, whose bindings are its widgets' internals)?"""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("caseload."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            keys, bound = ((binding[0], binding[1]) if isinstance(binding, tuple)
                           else (binding.key, binding.action))
            if bound == action and key in keys.split(","):
                return True
    return False


class ScreenActionsProvider(Provider):
    """Every binding of the current screen (and the app) as a command: "Screen: Action"."""

    def _commands(self) -> list[tuple[str, object]]:
        screen = self.screen
        name = t(getattr(screen, "NAME_KEY", "app.title"))
        found, seen = [], set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled \
                    or not ours(active.node, binding.key, binding.action):
                continue
            seen.add(binding.action)
            label = t("palette.action", screen=name, action=binding.description)
            found.append((f"{label} ({binding.key_display or binding.key})",
                          partial(active.node.run_action, binding.action)))
        extra = getattr(screen, "palette_commands", None)
        if extra is not None:
            found.extend((t("palette.action", screen=name, action=label), run)
                         for label, run in extra())
        return found

    async def discover(self) -> Hits:
        for label, run in self._commands():
            yield DiscoveryHit(label, run, text=label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, text=label)
