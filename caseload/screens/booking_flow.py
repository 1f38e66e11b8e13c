"""Booking from any screen: store through the calendar-checked services; a refusal opens
the booking dialog again with the reason and the next free slots (nothing was stored).

Used by Overdue (``b``/``v``) and the citizen screen (book, move, cancel).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from caseload.i18n import t
from caseload.screens.booking import Booking, BookingDialog
from caseload.widgets import format as fmt

if TYPE_CHECKING:
    from caseload.screens.base import CaseloadScreen
    from caseload.tui.context import AppContext


@dataclass(frozen=True)
class Refused:
    """The calendar said no: its sentence and the free slots it offers."""

    message: str
    free: list


def store(ctx: AppContext, case_id: int, booking: Booking,
          moving: int | None = None) -> Booking | Refused:
    """Book (or move interview ``moving`` to) ``booking``; the refusal when the calendar
    refuses it."""
    from caseload.services import interviews
    from caseload.services.calendar import SlotTaken

    try:
        if moving is None:
            ctx.write(interviews.book_interview, case_id, kind=booking.kind,
                      mode=booking.mode, at=booking.when, caseworker_id=booking.caseworker_id,
                      actor=ctx.actor, today=ctx.today)
        else:
            ctx.write(interviews.move_interview, moving, at=booking.when, mode=booking.mode,
                      caseworker_id=booking.caseworker_id, actor=ctx.actor, today=ctx.today)
    except SlotTaken as refused:
        return Refused(str(refused), list(refused.free))
    return booking


def workers(ctx: AppContext) -> list[tuple[int, str]]:
    """Whose calendar a booking may name: for a team lead every caseworker, else none (the
    booking goes to the caseworker holding the case)."""
    from caseload.services import calendar

    actor = ctx.actor
    return ctx.read(calendar.caseworkers, actor=actor) if actor.is_lead else []


def book(screen: CaseloadScreen, citizen: str, case_id: int, booking: Booking, *,
         done: Callable[[Booking], Any], ask: bool = False, moving: int | None = None,
         refused: Refused | None = None, lead_workers: list | None = None) -> None:
    """Store ``booking`` (first in the dialog when ``ask``); on a refusal ask again with the
    free slots; ``done(booking)`` once stored."""
    if ask or refused is not None:
        def chosen(answer: Booking | None) -> None:
            if answer is not None:
                book(screen, citizen, case_id, answer, done=done, moving=moving,
                     lead_workers=lead_workers)

        screen.app.push_screen(BookingDialog(
            citizen, booking, today=screen.ctx.today,
            refused=t("booking.refused", message=refused.message) if refused else "",
            free=refused.free if refused else None, workers=lead_workers,
            moving=moving is not None), chosen)
        return

    def then(result: Booking | Refused) -> None:
        if isinstance(result, Refused):
            screen.notify(t("booking.refused", message=result.message), severity="warning")
            book(screen, citizen, case_id, booking, done=done, moving=moving, refused=result,
                 lead_workers=lead_workers)
            return
        done(result)

    screen.background(lambda ctx: store(ctx, case_id, booking, moving), then, group="write",
                      exclusive=False)


def booked_text(booking: Booking, citizen: str) -> str:
    return t("overdue.booked", kind=fmt.kind(booking.kind), citizen=citizen,
             when=fmt.when(booking.when))
