"""Citizen: the key facts of one case, its timeline, its obligations and the follow-up plan
editor, in four tabs (usable at 80×24). From here: reveal the CPR number (audited), set the
category or the exemption, close the case, refer to an offer.

Every read and write runs in a worker through the services; the plan editor keeps what was
typed through errors and conflicts (see ``save_plan``) and on disk as a draft until it is
saved (``plan_draft``: a crash loses nothing; the draft is shown again when the case is
opened next), and leaving with unsaved changes to the plan asks for a second Esc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, TabbedContent, TabPane

from caseload.i18n import t
from caseload.screens import citizen_facts as facts
from caseload.screens.base import CaseloadScreen
from caseload.screens.citizen_notes import CitizenNotes
from caseload.screens.plan_editor import PlanEditor, PlanInputError
from caseload.widgets.footer import Footer
from caseload.widgets.plain import Static
from caseload.widgets.tables import StyledTable

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView
    from caseload.services.plans import PlanConflict, PlanDraft, PlanView
    from caseload.tui.context import AppContext

TABS = ("facts", "timeline", "obligations", "plan")
BOOKING = {"book", "move_booking", "cancel_booking"}  # caseload.screens.citizen_booking
CASE_ACTIONS = {"toggle_cpr", "category", "exemption", "close_case", "offers", "new_note",
                "correct_status", "end_participation", "reopen", *BOOKING}
CHANGES = {"category", "exemption", "close_case", "offers", "save_plan", "new_note",
           "correct_status", "end_participation", *BOOKING}


def load_citizen(ctx: AppContext, case_id: int) -> CitizenView:
    from caseload.services.citizen_view import citizen_view

    return ctx.read(citizen_view, case_id, today=ctx.today, actor=ctx.actor)


def store_plan(ctx: AppContext, case_id: int, draft: PlanDraft,
               based_on: int | None) -> PlanView | PlanConflict:
    """Save ``draft`` as a new version; the conflict (both plans) when someone was first."""
    from caseload.services import plans

    try:
        ctx.write(plans.save_plan, case_id=case_id, based_on_version=based_on,
                  employment_goal=draft.employment_goal, steps=draft.steps, hours=draft.hours,
                  author=ctx.login, actor=ctx.actor)
    except plans.PlanConflict as conflict:
        return conflict
    return ctx.read(plans.current_plan, case_id, actor=ctx.actor)


def reveal(ctx: AppContext, case_id: int, purpose: str) -> str:
    from caseload.services.citizen_view import reveal_cpr

    return ctx.write(reveal_cpr, case_id, purpose=purpose, actor=ctx.actor)


class CitizenScreen(CitizenNotes, CaseloadScreen):
    NAME_KEY = "citizen.title"
    CSS_PATH = "citizen.tcss"
    BINDINGS = [
        Binding("escape", "back", "common.back"),
        Binding("v", "toggle_cpr", "citizen.reveal_cpr", show=False),  # the facts say "v"
        Binding("k", "category", "citizen.set_category"),
        Binding("f", "exemption", "citizen.set_exemption"),
        Binding("a", "close_case", "citizen.close_case", show=False),  # rare: the palette
        Binding("h", "offers", "citizen.refer"),
        Binding("j", "new_note", "note_flow.write_free", show=False),
        Binding("s", "correct_status", "correction.title_short", show=False),
        Binding("e", "end_participation", "participation.title_short", show=False),
        Binding("g", "reopen", "case_reopen.title_short", show=False),
        Binding("b", "book", "booking.book_short"),
        Binding("m", "move_booking", "booking.move", show=False),  # in the palette
        Binding("x", "cancel_booking", "booking.cancel", show=False),
        # The tabs: Alt+letter works in a text field too (a plain letter types there).
        Binding("o,alt+o", "tab('facts')", "citizen.tab_facts", show=False),
        Binding("l,alt+l", "tab('timeline')", "citizen.tab_timeline", show=False),
        Binding("d,alt+d", "tab('obligations')", "citizen.tab_obligations", show=False),
        Binding("p,alt+p", "tab('plan')", "citizen.tab_plan", show=False),
        Binding("r", "reload", "app.refresh", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.view: CitizenView | None = None
        self.revealed: str | None = None
        self.loaded = False
        self._leave_armed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("common.loading"), id="citizen-summary", classes="counts")
        with TabbedContent(initial="facts", id="citizen-tabs"):
            with TabPane(t("citizen.tab_facts_label"), id="facts"), \
                    VerticalScroll(id="facts-scroll"):
                yield Static("", id="facts-body")
            with TabPane(t("citizen.tab_timeline_label"), id="timeline"):
                yield StyledTable(id="timeline-table")
            with TabPane(t("citizen.tab_obligations_label"), id="obligations"):
                yield StyledTable(id="obligations-table")
            with TabPane(t("citizen.tab_plan_label"), id="plan"):
                yield PlanEditor()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        width = self.app.size.width
        facts.set_columns(self.query_one("#timeline-table", StyledTable), [
            (t("citizen.col_date"), 8), (t("citizen.col_what"), 30),
            (t("citizen.col_detail"), None)], width)
        facts.set_columns(self.query_one("#obligations-table", StyledTable), [
            (t("citizen.col_due"), 8), (t("citizen.col_book_by"), 8),
            (t("citizen.col_obligation"), None), (t("citizen.col_state"), 16)], width)
        self.query_one("#facts-scroll").focus()
        from caseload.screens.plan_draft import DraftKeeper, plan_draft_key

        self.query_one(PlanEditor).keep_drafts(DraftKeeper(plan_draft_key(self.ctx.db_id,
                                                                          self.case_id)))
        self.action_reload()

    # -- loading ---------------------------------------------------------------------------

    def action_reload(self) -> None:
        case_id = self.case_id
        self.background(lambda ctx: load_citizen(ctx, case_id), self.show)

    async def show(self, view: CitizenView) -> None:
        self.view = view
        self.render_facts()
        facts.fill_timeline(self.query_one("#timeline-table", StyledTable), view)
        facts.fill_obligations(self.query_one("#obligations-table", StyledTable), view,
                               self.ctx.today)
        editor = self.query_one(PlanEditor)
        stored = view.plan.version if view.plan else None
        kept = None if self.loaded else editor.load_kept_draft()
        if kept is not None:
            await editor.restore(view.plan, kept)
            self.notify(t("plan.draft_restored"), severity="warning")
        elif not editor.dirty and (not self.loaded or stored != editor.base_version):
            await editor.load(view.plan)
        self.loaded = True
        self.refresh_bindings()

    def render_facts(self) -> None:
        view = self.view
        if view is None:
            return
        cpr = self.revealed or view.cpr
        self.query_one("#citizen-summary", Static).update(facts.summary(view, cpr))
        self.query_one("#facts-body", Static).update(facts.facts(view, cpr))

    # -- keys ------------------------------------------------------------------------------

    def editing(self) -> bool:
        focused = self.focused
        return focused is not None and any(isinstance(a, PlanEditor)
                                           for a in focused.ancestors_with_self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CASE_ACTIONS and self.editing():
            return False  # letters type into the plan; the footer shows the plan's keys
        closed = self.view is None or self.view.status != "open"
        if action == "reopen":
            return self.view is not None and closed and self.ctx.actor.is_lead
        return not (action in CHANGES and closed)

    def on_descendant_focus(self, _event: object) -> None:
        self.refresh_bindings()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._leave_armed = False

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        if name == "plan":
            self.query_one(PlanEditor).focus_goal()
        elif name == "facts":
            self.query_one("#facts-scroll").focus()
        else:
            self.query_one(f"#{name}-table", StyledTable).focus()

    def palette_commands(self) -> list[tuple[str, Any]]:
        commands = [(t("plan.save"), self.action_save_plan)]
        if self.follow_up_facts():
            commands.append((t("facts.title_short"), self.action_follow_up_facts))
        return commands

    def action_back(self) -> None:
        if self.query_one(PlanEditor).dirty and not self._leave_armed:
            self._leave_armed = True
            self.action_tab("plan")
            self.notify(t("plan.unsaved"), severity="warning")
            return
        self.query_one(PlanEditor).discard_draft()  # left without saving, on purpose
        self.revealed = None
        self.app.pop_screen()

    def action_toggle_cpr(self) -> None:
        if self.revealed is not None:
            self.revealed = None
            self.render_facts()
            return
        case_id = self.case_id

        def shown(cpr: str) -> None:
            self.revealed = cpr
            self.render_facts()

        def with_purpose(purpose: str | None) -> None:
            if purpose is None:
                return
            self.app.cpr_purpose = purpose  # type: ignore[attr-defined] - for the session
            self.background(lambda ctx: reveal(ctx, case_id, purpose), shown, group="write",
                            exclusive=False)

        remembered = getattr(self.app, "cpr_purpose", None)
        if remembered is not None:
            with_purpose(remembered)
            return
        from caseload.screens.case_corrections import PurposeDialog

        self.app.push_screen(PurposeDialog(), with_purpose)

    # -- case changes ----------------------------------------------------------------------

    def _dialog(self, dialog: Any, done_key: str) -> None:
        def done(stored: bool | None) -> None:
            if stored:
                self.notify(t(done_key, citizen=self.view.name if self.view else ""))
                self.action_reload()

        self.app.push_screen(dialog, done)

    def action_category(self) -> None:
        from caseload.screens.case_actions import CategoryDialog

        if self.view is not None:
            self._dialog(CategoryDialog(self.view), "citizen.category_set")

    def action_exemption(self) -> None:
        from caseload.screens.case_actions import ExemptionDialog

        if self.view is not None:
            self._dialog(ExemptionDialog(self.view, self.ctx.today), "citizen.exemption_set")

    def action_close_case(self) -> None:
        from caseload.screens.case_actions import CloseCaseDialog

        if self.view is not None:
            self._dialog(CloseCaseDialog(self.view, self.ctx.today), "citizen.case_closed_done")

    def follow_up_facts(self) -> list[str]:
        """The sdp-2025 facts that can be recorded for this case (none when it is closed)."""
        from caseload.screens.follow_up_facts import choices

        if self.view is None or self.view.status != "open":
            return []
        return choices(self.view.rule_facts)

    def action_follow_up_facts(self) -> None:
        from caseload.screens.follow_up_facts import FollowUpFactsDialog

        options = self.follow_up_facts()
        if self.view is not None and options:
            self._dialog(FollowUpFactsDialog(self.view, options), "facts.stored")

    def action_end_participation(self) -> None:
        from caseload.screens.case_corrections import ParticipationDialog

        if self.view is not None:
            self._dialog(ParticipationDialog(self.view, self.ctx.today), "participation.done")

    def action_reopen(self) -> None:
        from caseload.screens.case_corrections import ReopenDialog

        if self.view is not None:
            self._dialog(ReopenDialog(self.view), "case_reopen.done")

    def action_offers(self) -> None:
        from caseload.screens.offer_picker import OfferPicker

        if self.view is None:
            return

        def done(offer: str | None) -> None:
            if offer:
                self.notify(t("citizen.referred", offer=offer))
                self.action_reload()

        self.app.push_screen(OfferPicker(self.view), done)

    # -- booking (caseload.screens.citizen_booking) -------------------------------------------

    def _booking(self, what: str) -> None:
        from caseload.screens import citizen_booking

        if self.view is not None:
            getattr(citizen_booking, what)(self, self.view.name, self.case_id,
                                           self.action_reload)

    def action_book(self) -> None:
        self._booking("book")

    def action_move_booking(self) -> None:
        self._booking("move")

    def action_cancel_booking(self) -> None:
        self._booking("cancel")

    # -- the plan --------------------------------------------------------------------------

    def action_save_plan(self) -> None:
        editor = self.query_one(PlanEditor)
        if self.view is None or self.view.status != "open":
            return
        try:
            draft = editor.read()
        except PlanInputError as exc:
            editor.show_error(str(exc))
            return
        self.save_plan(draft, editor.base_version)

    def save_plan(self, draft: PlanDraft, based_on: int | None) -> None:
        case_id = self.case_id
        self.query_one(PlanEditor).show_error("")
        self.background(lambda ctx: store_plan(ctx, case_id, draft, based_on), self.plan_saved,
                        group="write", exclusive=False, on_error=self.plan_refused)

    async def plan_saved(self, result: PlanView | PlanConflict) -> None:
        from caseload.services.plans import PlanConflict

        if isinstance(result, PlanConflict):
            self.show_conflict(result)
            return
        await self.query_one(PlanEditor).load(result)
        self.notify(t("plan.saved", version=result.version))
        self.action_reload()

    def plan_refused(self, message: str) -> None:
        """The service refused the plan: say why; what was typed stays in the editor."""
        self.query_one(PlanEditor).show_error(message)
        self.notify(t("common.error", message=message), severity="error")

    def show_conflict(self, conflict: PlanConflict) -> None:
        from caseload.screens.plan_conflict import KEEP_MINE, TAKE_THEIRS, PlanConflictDialog

        editor = self.query_one(PlanEditor)

        async def resolve(choice: str | None) -> None:
            if choice == KEEP_MINE:
                self.save_plan(conflict.mine, conflict.theirs.version)
            elif choice == TAKE_THEIRS:
                await editor.load(conflict.theirs)
                self.notify(t("plan.took_theirs", version=conflict.theirs.version))
            else:  # back to editing: mine stays typed; saving again asks again
                editor.show_error(t("plan.not_saved_conflict", by=conflict.theirs.created_by
                                    or "–", version=conflict.theirs.version))

        self.app.push_screen(PlanConflictDialog(conflict.theirs, conflict.mine), resolve)
