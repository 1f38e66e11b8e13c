"""What the screens share: background jobs on the database, and opening a citizen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

from caseload.tui.bindings import localise

if TYPE_CHECKING:
    from caseload.tui.context import AppContext

T = TypeVar("T")


class CaseloadScreen(Screen):
    """A screen of the app. ``background`` runs database work in a thread worker."""

    #: The catalogue key of the screen's name (shown in the palette).
    NAME_KEY = "app.title"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise(self)

    @property
    def ctx(self) -> AppContext:
        return self.app.ctx  # type: ignore[attr-defined]

    def background(self, job: Callable[[AppContext], T], then: Callable[[T], Any], *,
                   group: str = "load", exclusive: bool = True,
                   on_error: Callable[[str], Any] | None = None) -> None:
        """Run ``job(ctx)`` in a thread; hand its result to ``then`` on the event loop.

        A user error (``CaseloadError``) goes to ``on_error`` with its message, by default
        an error notification; never a traceback.
        """
        ctx = self.ctx

        def run() -> None:
            from caseload.errors import CaseloadError

            try:
                result = job(ctx)
            except CaseloadError as exc:
                if on_error is None:
                    self.app.call_from_thread(self.app.report_error, str(exc))
                else:
                    self.app.call_from_thread(on_error, str(exc))
                return
            self.app.call_from_thread(then, result)

        self.run_worker(run, thread=True, group=group, exclusive=exclusive,
                        name=f"{type(self).__name__}.{group}")

    def open_citizen(self, case_id: int) -> None:
        self.app.open_citizen(case_id)  # type: ignore[attr-defined]

    def ask_category(self, case_id: int) -> None:
        """The first follow-up was held: offer the visitation (category) now; Esc skips."""
        from caseload.i18n import t

        def job(ctx: AppContext) -> Any:
            from caseload.services.citizen_view import citizen_view

            return ctx.read(citizen_view, case_id, today=ctx.today, actor=ctx.actor)

        def shown(view: Any) -> None:
            from caseload.screens.case_actions import CategoryDialog

            self.notify(t("note_flow.first_follow_up_category"), timeout=8)
            self.app.push_screen(CategoryDialog(view))

        self.background(job, shown, group="ask")

    def on_mount(self) -> None:
        self.heading()

    def heading(self) -> None:
        """The header's second part: this screen, who is working, and the day."""
        from caseload.i18n import t

        self.sub_title = f"{t(self.NAME_KEY)} · {self.app.subtitle()}"  # type: ignore[attr-defined]

    def first_paint(self) -> None:
        """Tell the app this screen shows its data (for the first-paint benchmark)."""
        self.heading()
        self.app.first_paint_done(self)  # type: ignore[attr-defined]
