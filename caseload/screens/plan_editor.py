"""The follow-up plan editor: employment goal, steps (what, who, by when, status) and partial
return to work as hours a week from a day on. Compact one-line inputs, so it works at 80×24.

The editor only edits: it reads what is typed into a ``PlanDraft`` (``read``), and the
citizen screen saves it through ``caseload.services.plans``. What is typed stays in the
widgets until a plan is loaded on purpose (``load``), so an error or a conflict never loses
it. ``base_version`` is the stored version the typing started from. With a ``DraftKeeper``
(``keep_drafts``) it is also kept on disk a moment after each change (``plan_draft``), until
a plan is loaded again, so a crash loses nothing; ``restore`` shows such a draft again.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select

from caseload.domain.days import parse_day
from caseload.i18n import language, t
from caseload.safety.text import literal
from caseload.screens.plan_draft import DraftKeeper, RawPlan
from caseload.services.plans import OWNERS, STATUSES, PlanDraft, PlanView, StepInput
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label


class PlanInputError(ValueError):
    """What is typed cannot be read (a date or a number); the message says where."""


def typed_day(text: str, today: date | None = None) -> date | None:
    """A typed day (ISO 2026-11-04, as shown: 04.11.2026, and with the app's ``today``
    also 5/12, i morgen, +7, mandag: ``caseload.domain.days.parse_day``); "" is None,
    anything else ValueError."""
    if not text.strip():
        return None
    found = parse_day(text, today=today)
    if found is None:
        raise ValueError(text)
    return found


def parse_hours(text: str) -> float:
    return float(text.strip().replace(",", "."))


def hours_text(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "da" else text


class StepRow(Horizontal):
    """One step: text, owner, due day, status."""

    def __init__(self, step: StepInput | None = None, *, due_text: str | None = None) -> None:
        super().__init__(classes="plan-row step-row")
        self.step = step or StepInput("", "citizen")
        self.due_text = due_text if due_text is not None else (
            self.step.due.isoformat() if self.step.due else "")

    def compose(self) -> ComposeResult:
        s = self.step
        yield Input(s.text, placeholder=t("plan.step_text"), compact=True, classes="step-text")
        owners = list(OWNERS) + ([s.owner] if s.owner and s.owner not in OWNERS else [])
        yield Select([(t(f"owner.{o}") if o in OWNERS else literal(o), o) for o in owners],
                     value=s.owner or "citizen", allow_blank=False, compact=True,
                     classes="step-owner")
        yield Input(self.due_text, placeholder=t("plan.due_hint"),
                    compact=True, max_length=10, classes="step-due")
        yield Select([(t(f"step_status.{x}"), x) for x in STATUSES], value=s.status,
                     allow_blank=False, compact=True, classes="step-status")

    def raw(self) -> tuple[str, str, str, str]:
        if not self.is_mounted or not self.children:  # not composed yet: what it will show
            s = self.step
            return (s.text, s.owner or "citizen", self.due_text, s.status)
        return (self.query_one(".step-text", Input).value,
                str(self.query_one(".step-owner", Select).value),
                self.query_one(".step-due", Input).value,
                str(self.query_one(".step-status", Select).value))

    def read(self, n: int) -> StepInput:
        due_text = self.query_one(".step-due", Input).value
        try:
            due = typed_day(due_text, self.app.ctx.today)
        except ValueError:
            raise PlanInputError(t("plan.bad_due", n=n, text=due_text)) from None
        return StepInput(text=self.query_one(".step-text", Input).value,
                         owner=str(self.query_one(".step-owner", Select).value),
                         due=due, status=str(self.query_one(".step-status", Select).value))


class HoursRow(Horizontal):
    """Partial return to work: hours a week from a day on."""

    def __init__(self, from_date: date | None = None, hours: float | None = None, *,
                 typed: tuple[str, str] | None = None) -> None:
        super().__init__(classes="plan-row hours-row")
        self.typed = typed or (from_date.isoformat() if from_date else "",
                               hours_text(hours) if hours is not None else "")

    def compose(self) -> ComposeResult:
        yield Label(t("plan.from"), classes="hours-label")
        yield Input(self.typed[0], placeholder=t("plan.due_hint"), compact=True, max_length=10,
                    classes="hours-from")
        yield Input(self.typed[1], placeholder="0–80", compact=True, max_length=5,
                    classes="hours-value")
        yield Label(t("plan.hours_unit"), classes="hours-label")

    def raw(self) -> tuple[str, str]:
        if not self.is_mounted or not self.children:  # not composed yet: what it will show
            return self.typed
        return (self.query_one(".hours-from", Input).value,
                self.query_one(".hours-value", Input).value)

    def read(self) -> tuple[date, float]:
        from_text = self.query_one(".hours-from", Input).value
        value_text = self.query_one(".hours-value", Input).value
        try:
            day = typed_day(from_text, self.app.ctx.today)
        except ValueError:
            day = None
        if day is None:
            raise PlanInputError(t("plan.bad_from", text=from_text))
        try:
            hours = parse_hours(value_text)
        except ValueError:
            raise PlanInputError(t("plan.bad_hours", text=value_text)) from None
        return day, hours


class PlanEditor(Vertical):
    """Edits one plan; the citizen screen saves it (Ctrl+S)."""

    BINDINGS = [
        Binding("ctrl+s", "screen.save_plan", "plan.save", priority=True),
        Binding("ctrl+n", "add_step", "plan.add_step"),
        Binding("ctrl+t", "add_hours", "plan.add_hours"),
        Binding("ctrl+r", "remove_row", "plan.remove_row"),
    ]

    DRAFT_DELAY = 1.0

    def __init__(self) -> None:
        super().__init__(id="plan-editor")
        localise(self)
        self.base_version: int | None = None
        self.loaded_plan: PlanView | None = None
        self._loaded = False
        self._clean: tuple | None = None  # the inputs when a stored plan was shown
        self._keeper: DraftKeeper | None = None
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Label(t("plan.none"), id="plan-version", classes="plan-meta")
        yield Label("", id="plan-error", classes="dialog-error plan-error")
        with VerticalScroll(id="plan-scroll"):
            with Horizontal(classes="plan-row"):
                yield Label(t("plan.goal"), classes="plan-goal-label")
                yield Input("", placeholder=t("plan.goal_hint"), compact=True, id="plan-goal")
            yield Label(t("plan.steps"), classes="plan-heading")
            yield Vertical(id="plan-steps")
            yield Label(t("plan.hours"), classes="plan-heading")
            yield Label(t("plan.no_hours"), id="plan-no-hours", classes="dialog-hint")
            yield Vertical(id="plan-hours")

    # -- loading and reading ---------------------------------------------------------------

    async def load(self, plan: PlanView | None, draft: PlanDraft | None = None) -> None:
        """Show ``plan``; with ``draft`` (typed text to keep) show that, based on ``plan``."""
        self.loaded_plan = plan
        self.base_version = plan.version if plan else None
        shown = draft or (plan.draft if plan else PlanDraft(""))
        self.query_one("#plan-goal", Input).value = shown.employment_goal
        steps = self.query_one("#plan-steps", Vertical)
        await steps.remove_children()
        await steps.mount_all([StepRow(s) for s in shown.steps] or [StepRow()])
        hours = self.query_one("#plan-hours", Vertical)
        await hours.remove_children()
        await hours.mount_all([HoursRow(d, h) for d, h in shown.hours])
        self.show_error("")
        self.show_no_hours()
        self.show_version()
        self._loaded = True
        self._clean = None if draft is not None else self.snapshot()
        if draft is None:
            self.discard_draft()

    async def restore(self, plan: PlanView | None, raw: RawPlan) -> None:
        """Show a draft kept on disk, typed on top of version ``raw.based_on``; ``plan`` is
        the stored plan now (a newer one makes saving the draft a conflict)."""
        self.loaded_plan = plan
        self.base_version = raw.based_on
        self.query_one("#plan-goal", Input).value = raw.goal
        steps = self.query_one("#plan-steps", Vertical)
        await steps.remove_children()
        await steps.mount_all([
            StepRow(StepInput(text, owner, None, status if status in STATUSES else "open"),
                    due_text=due) for text, owner, due, status in raw.steps] or [StepRow()])
        hours = self.query_one("#plan-hours", Vertical)
        await hours.remove_children()
        await hours.mount_all([HoursRow(typed=h) for h in raw.hours])
        self.show_error("")
        self.show_no_hours()
        self.show_version()
        self._loaded = True
        self._clean = None

    def raw(self) -> RawPlan:
        """Every field as typed, and the version the typing started from."""
        return RawPlan(self.base_version, self.query_one("#plan-goal", Input).value,
                       tuple(r.raw() for r in self.query(StepRow)),
                       tuple(r.raw() for r in self.query(HoursRow)))

    # -- the draft on disk -----------------------------------------------------------------

    def keep_drafts(self, keeper: DraftKeeper) -> None:
        self._keeper = keeper

    def load_kept_draft(self) -> RawPlan | None:
        return None if self._keeper is None else self._keeper.load()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.draft_changed()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.draft_changed()

    def draft_changed(self) -> None:
        """Keep the draft a moment after the last change (not on every key)."""
        if self._keeper is None or not self._loaded:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        keeper = self._keeper
        if keeper is None:
            return
        if not self.dirty:  # back to the stored plan: nothing to keep
            keeper.discard()
            return
        raw, ticket = self.raw(), keeper.ticket()
        # a draft that cannot be written (disk full) must not end the app and what is typed
        self.run_worker(lambda: keeper.save(raw, ticket), thread=True, group="plan-draft",
                        exclusive=True, exit_on_error=False)

    def discard_draft(self) -> None:
        """Give up the kept draft (saved, the stored plan taken, or left on purpose)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._keeper is not None:
            self._keeper.discard()

    def show_version(self) -> None:
        plan = self.loaded_plan
        text = t("plan.none") if plan is None else t(
            "plan.version", version=plan.version, by=plan.created_by or "–",
            when=fmt.day(plan.created_at))
        self.query_one("#plan-version", Label).update(text)

    def snapshot(self) -> tuple:
        """The raw content of every input (to tell whether anything was typed)."""
        return tuple((type(w).__name__, str(w.value)) for w in self.query("Input, Select"))

    @property
    def dirty(self) -> bool:
        """Something typed differs from the stored plan shown (a kept draft always does)."""
        if not self._loaded:
            return False
        return self._clean is None or self.snapshot() != self._clean

    def read(self) -> PlanDraft:
        """What is typed, as a draft; ``PlanInputError`` for a date or number that is none.
        Empty rows are left out."""
        steps = []
        for n, row in enumerate(self.query(StepRow), start=1):
            step = row.read(n)
            if step.text.strip() or step.due is not None:
                steps.append(step)
        hours = [row.read() for row in self.query(HoursRow)
                 if any(i.value.strip() for i in row.query(Input))]
        return PlanDraft(self.query_one("#plan-goal", Input).value, tuple(steps), tuple(hours))

    def show_error(self, message: str) -> None:
        label = self.query_one("#plan-error", Label)
        label.update(message)
        label.display = bool(message)

    def show_no_hours(self) -> None:
        self.query_one("#plan-no-hours", Label).display = not self.query(HoursRow)

    def focus_goal(self) -> None:
        self.query_one("#plan-goal", Input).focus()

    # -- actions ---------------------------------------------------------------------------

    async def action_add_step(self) -> None:
        row = StepRow()
        await self.query_one("#plan-steps", Vertical).mount(row)
        self.draft_changed()
        row.query_one(Input).focus()
        row.scroll_visible()

    async def action_add_hours(self) -> None:
        row = HoursRow()
        await self.query_one("#plan-hours", Vertical).mount(row)
        self.draft_changed()
        self.show_no_hours()
        row.query_one(Input).focus()
        row.scroll_visible()

    async def action_remove_row(self) -> None:
        focused = self.screen.focused
        row = next((a for a in (focused.ancestors if focused else [])
                    if isinstance(a, StepRow | HoursRow)), None)
        if row is None:
            self.notify(t("plan.no_row"), severity="warning")
            return
        siblings = list(row.parent.children) if row.parent else []
        index = siblings.index(row)
        await row.remove()
        self.show_no_hours()
        self.draft_changed()
        rest = [r for r in siblings if r is not row]
        if rest:
            rest[min(index, len(rest) - 1)].query(Input).first().focus()
        else:
            self.focus_goal()
