"""Command palette (Ctrl+P): jump to a citizen by name or CPR, and every action of the
screen in use (its key bindings, by their description)."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from caseload.i18n import t


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
            yield Hit(score, matcher.highlight(label), partial(self.app.open_citizen, row.case_id),
                      text=label, help=t("palette.open_citizen_help"))


class ScreenActionsProvider(Provider):
    """Every binding of the current screen (and the app) as a command: "Screen: Action"."""

    def _commands(self) -> list[tuple[str, object]]:
        screen = self.screen
        name = t(getattr(screen, "NAME_KEY", "app.title"))
        found, seen = [], set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
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
