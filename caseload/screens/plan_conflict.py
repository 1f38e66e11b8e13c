"""Someone saved the plan while I was editing it: both versions side by side, and the choice
to keep mine (saved as the newest version, on top of theirs) or take theirs. Esc goes back
to editing with what I typed still there; nothing is ever overwritten silently."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen

from caseload.i18n import t
from caseload.screens.plan_editor import hours_text
from caseload.services.plans import PlanDraft, PlanView
from caseload.tui.bindings import localise
from caseload.widgets import format as fmt
from caseload.widgets.plain import Label, Static

KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"


def plan_text(draft: PlanDraft) -> str:
    lines = [f"{t('plan.goal')} {draft.employment_goal.strip() or '–'}", "", t("plan.steps")]
    for s in draft.steps:
        due = fmt.day(s.due) if s.due else "–"
        owner = t(f"owner.{s.owner}") if s.owner else "–"
        lines.append(f"• {s.text.strip()} ({owner}, {due}, {t(f'step_status.{s.status}')})")
    if not draft.steps:
        lines.append("–")
    lines += ["", t("plan.hours")]
    lines += [f"• {fmt.day(d)}: {hours_text(h)} {t('plan.hours_unit')}" for d, h in draft.hours]
    if not draft.hours:
        lines.append("–")
    return "\n".join(lines)


class PlanConflictDialog(ModalScreen[str | None]):
    """Dismisses with ``KEEP_MINE``, ``TAKE_THEIRS`` or None (back to editing)."""

    CSS_PATH = "citizen.tcss"
    NAME_KEY = "conflict.title_short"
    BINDINGS = [
        Binding("m", "choose('mine')", "conflict.keep_mine"),
        Binding("a", "choose('theirs')", "conflict.take_theirs"),
        Binding("escape", "choose(None)", "conflict.back"),
    ]

    def __init__(self, theirs: PlanView, mine: PlanDraft) -> None:
        super().__init__()
        localise(self)
        self.theirs, self.mine = theirs, mine

    def compose(self) -> ComposeResult:
        theirs = self.theirs
        with Vertical(id="conflict-dialog", classes="dialog"):
            yield Label(t("conflict.title", by=theirs.created_by or "–",
                          version=theirs.version), classes="dialog-title")
            with Horizontal(id="conflict-sides"):
                with VerticalScroll(classes="conflict-side", id="conflict-theirs"):
                    yield Label(t("conflict.theirs", version=theirs.version,
                                  by=theirs.created_by or "–", when=fmt.when(theirs.created_at)),
                                classes="plan-heading")
                    yield Static(plan_text(theirs.draft), classes="conflict-plan")
                with VerticalScroll(classes="conflict-side", id="conflict-mine"):
                    yield Label(t("conflict.mine"), classes="plan-heading")
                    yield Static(plan_text(self.mine), classes="conflict-plan")
            yield Label(t("conflict.hint"), classes="dialog-hint")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
