"""A modal over the citizen screen recording the facts sdp-2025 asks for: the next follow-up
day agreed with the citizen, the § 13 f mark with its expected return, and whether the
return happened. It offers only what the rule set in force uses (``FactsInfo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Input, Select

from caseload.i18n import t
from caseload.screens.case_actions import CaseDialog
from caseload.widgets.plain import Label

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView, FactsInfo
    from caseload.tui.context import AppContext

AGREED, PREDICTABLE, RETURNED, NOT_RETURNED = ("agreed", "predictable", "returned",
                                               "not_returned")


def choices(info: FactsInfo | None) -> list[str]:
    """What can be recorded for a case under the rule set in force."""
    if info is None:
        return []
    found = []
    if info.agrees_next_day:
        found.append(AGREED)
    if info.predictable_weeks and info.predictable_course is None:
        found.append(PREDICTABLE)
    if info.records_return:
        found += [RETURNED, NOT_RETURNED]
    return found


class FollowUpFactsDialog(CaseDialog):
    NAME_KEY = "facts.title_short"
    TITLE_KEY = "facts.title"

    def __init__(self, view: CitizenView, options: list[str]) -> None:
        super().__init__(view)
        self.options = options

    def fields(self) -> ComposeResult:
        yield Label(t("facts.what"))
        yield Select([(t(f"facts.{o}"), o) for o in self.options], value=self.options[0],
                     allow_blank=False, id="facts-what")
        yield Label(t("facts.day"))
        yield Input("", id="facts-day", max_length=10, placeholder=t("facts.day_hint"))

    def request(self) -> Any:
        what = self.value("#facts-what")
        day = self.read_day("#facts-day")
        case_id = self.view.case_id

        def job(ctx: AppContext) -> None:
            from caseload.services import returns

            if what == AGREED:
                ctx.write(returns.agree_next_follow_up, case_id, day, actor=ctx.actor)
            elif what == PREDICTABLE:
                ctx.write(returns.mark_predictable_course, case_id, day, actor=ctx.actor)
            else:
                ctx.write(returns.record_return, case_id, day, what == RETURNED,
                          actor=ctx.actor)

        return job
