"""How the citizen screen shows a ``CitizenView``: the summary line, the key facts, and the
rows of the timeline and the obligations. Formatting only; the view holds the decisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from caseload.i18n import has, t
from caseload.safety.text import escape
from caseload.screens.plan_editor import hours_text
from caseload.widgets import format as fmt

if TYPE_CHECKING:
    from caseload.services.citizen_view import CitizenView, ObligationEntry, TimelineEntry
    from caseload.widgets.tables import StyledTable


def category_text(value: int | None) -> str:
    return t("category.value", n=value) if value else t("category.none")


def summary(view: CitizenView, cpr: str) -> str:
    parts = [fmt.text(view.name), cpr, t("citizen.age", n=view.age), t("common.week", n=view.week),
             category_text(view.category), fmt.group(view.group)]
    if view.exemption:
        parts.append(t("citizen.exempt"))
    if view.status != "open":
        parts.append(t("citizen.closed_short"))
    return " · ".join(parts)


def hours_line(view: CitizenView) -> str:
    now = hours_text(view.weekly_hours)
    if view.required_hours is None:
        return t("citizen.hours_now", hours=now)
    return t("citizen.hours_required", hours=now, required=hours_text(view.required_hours))


def facts(view: CitizenView, cpr: str) -> Table:
    """The key facts as a two-column grid (label, value)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    employment = [t(f"employment.{view.employment_status}") if view.employment_status else "–"]
    if view.job_title:
        employment.append(fmt.text(view.job_title))
    if view.normal_hours:
        employment.append(t("citizen.hours_a_week", hours=hours_text(view.normal_hours)))
    rows = [
        ("name", fmt.text(view.name)),
        ("cpr", f"{cpr}   {t('citizen.cpr_hint')}" if cpr.endswith("xxxx") else cpr),
        ("age", t("citizen.age_born", n=view.age, born=fmt.day(view.birth_date))),
        ("employment", " · ".join(employment)),
        ("employer", fmt.text(view.employer) or "–"),
        ("absence", t("citizen.absence", day=fmt.day(view.first_absence_day), week=view.week)),
        ("expected_return", _expected_return(view)),
        ("category", _categories(view)),
        ("group", fmt.group(view.group)),
        ("exemption", _exemption(view)),
        ("hours", hours_line(view)),
        ("referrals", _referrals(view)),
        ("caseworker", view.caseworker or "–"),
        ("case", _case_status(view)),
    ]
    for key, value in rows:  # Text: a Rich grid reads a string as markup, a name is none
        grid.add_row(t(f"citizen.fact_{key}"), Text(escape(value, lines=True)))
    return grid


def _categories(view: CitizenView) -> str:
    lines = [category_text(view.category)]
    info = view.rule_facts
    if info is not None and info.read_as is not None:
        lines[0] += "  " + t("citizen.category_read_as", category=category_text(info.read_as),
                             rules=info.rules_name)
    if view.category is None and view.suggested_category:
        lines[0] += "  " + t("citizen.suggested", n=view.suggested_category)
    for c in reversed(view.categories):
        line = t("citizen.category_change", category=category_text(c.category),
                 day=fmt.day(c.changed_on), by=c.changed_by or "–")
        lines.append(line + (f": {c.reason}" if c.reason else ""))
    return "\n".join(lines)


def _expected_return(view: CitizenView) -> str:
    """The form's expected return, and the § 13 f mark and recorded returns (sdp-2025)."""
    lines = [fmt.day(view.expected_return_date) or "–"]
    info = view.rule_facts
    if info is not None and info.predictable_course is not None:
        marked, expected = info.predictable_course
        lines.append(t("facts.predictable_shown", day=fmt.day(expected), marked=fmt.day(marked)))
    for day, happened in info.returns if info is not None else ():
        lines.append(t("facts.returned_shown" if happened else "facts.not_returned_shown",
                       day=fmt.day(day)))
    return "\n".join(lines)


def _exemption(view: CitizenView) -> str:
    e = view.exemption
    if e is None:
        return t("common.none")
    text = t("citizen.exemption_since", reason=t(f"exemption.{e.reason}"),
             day=fmt.day(e.decided_on), by=e.decided_by or "–")
    return text + (f"\n{e.text}" if e.text else "")


def _referrals(view: CitizenView) -> str:
    if not view.referrals:
        return t("common.none")
    lines = []
    for r in view.referrals[:4]:
        name = r.offer or t("citizen.partial_return")
        period = fmt.day(r.start) + (f"–{fmt.day(r.end)}" if r.end else "–")
        flag = f" ({t('citizen.running')})" if r.running else ""
        lines.append(f"{name}, {hours_text(r.hours_per_week)} {t('plan.hours_unit')}, "
                     f"{period}{flag}")
    if len(view.referrals) > 4:
        lines.append(t("common.more_rows", n=len(view.referrals) - 4))
    return "\n".join(lines)


def _case_status(view: CitizenView) -> str:
    if view.status == "open":
        return t("citizen.case_open", id=view.case_id)
    return t("citizen.case_closed", id=view.case_id, day=fmt.day(view.closed_on),
             reason=t(f"close_reason.{view.close_reason}") if view.close_reason else "–")


# -- tables ------------------------------------------------------------------------------------

def what(entry: TimelineEntry) -> str:
    if entry.kind == "interview":
        return f"{fmt.kind(entry.code)} ({fmt.status(entry.status)})"
    if entry.kind == "note":
        if entry.code == "addendum":
            return t("timeline.note_addendum")
        if has(f"note_kind.{entry.code}"):
            return t(f"note_kind.{entry.code}")
        return t("timeline.note")
    if entry.kind == "event":
        return event_text(entry)
    if entry.kind == "category":
        return category_text(int(entry.code) if entry.code else None)
    if entry.kind == "exemption":
        return t("timeline.exemption", reason=t(f"exemption.{entry.code}"))
    if entry.kind == "plan":
        return t("timeline.plan", version=entry.code)
    if entry.kind == "referral":
        return t("timeline.referral", kind=t(f"offer_kind.{entry.code}") if entry.code else "")
    return t(f"timeline.{entry.kind}")


def event_text(entry: TimelineEntry) -> str:
    if entry.code == "status_corrected":
        return t("correction.timeline", old=fmt.status(entry.old), new=fmt.status(entry.status))
    if entry.code == "closed":
        return t("case_close.timeline", reason=t(f"close_reason.{entry.status}"))
    if entry.code == "reopened":
        return t("case_reopen.timeline")
    if entry.code == "participation_ended":
        return t("participation.timeline", status=t(f"participation.{entry.status}"))
    return entry.code


def detail(entry: TimelineEntry) -> str:
    if entry.kind == "interview":
        note = entry.detail if entry.note_id else (
            t("note_flow.missing") if entry.status != "booked" else "")
        return " · ".join(p for p in (fmt.mode(entry.mode), note) if p).replace("\n", " ")
    if entry.kind == "event":
        return t("correction.timeline_detail", by=entry.by,
                 reason=entry.detail).replace("\n", " ") if entry.detail else entry.by
    return entry.detail.replace("\n", " ")


def fill_timeline(table: StyledTable, view: CitizenView) -> None:
    table.clear()
    for n, entry in enumerate(view.timeline):
        table.add_row(fmt.mid_day(entry.at), what(entry), detail(entry), key=str(n))
    if not view.timeline:
        table.add_row("", t("common.empty"))


def obligation_style(o: ObligationEntry, today: date) -> str:
    if o.state == "met":
        return "status--held"
    if o.state in ("overdue", "due_today"):
        return f"band--{o.state}"
    return "band--due_soon" if o.due <= today + timedelta(days=7) else "band--later"


def fill_obligations(table: StyledTable, view: CitizenView, today: date) -> None:
    table.clear()
    for n, o in enumerate(view.obligations):
        style = obligation_style(o, today)
        state = t(f"obligation_state.{o.state}")
        if o.state == "met" and o.met_on:
            state = t("citizen.met_on", day=fmt.mid_day(o.met_on))
        table.add_row(table.styled(fmt.mid_day(o.due), style), fmt.mid_day(o.book_by),
                      fmt.obligation(o.kind), table.styled(state, style), key=str(n))
    if not view.obligations:
        table.add_row("", "", t("citizen.no_obligations"))


def set_columns(table: StyledTable, columns: list[tuple[str, int | None]], total: int) -> None:
    """Fixed widths, the one None column taking the rest (at least 12 cells)."""
    fixed = sum(w for _, w in columns if w is not None)
    flex = max(12, total - fixed - 2 * table.cell_padding * len(columns) - 6)
    for label, width in columns:
        table.add_column(label, width=flex if width is None else width)

