"""The report as titled tables of text cells, in the language in use: one layout shared by
the terminal table, the CSV, the PDF and the report screen.

Input is ``Report.to_json()`` (the aggregate-data rule already applied), so nothing here
can show a figure the rule withholds, nor anything about a citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseload.domain.report import CLOSE_REASONS, DUTIES, GROUPS
from caseload.i18n import language, t

TABLE_WEEKS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class TextTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


def cell(value: object, *, percent: bool = False, digits: int = 1) -> str:
    """A figure as text: "–" for none, "<5" as it is, decimals with the language's comma."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if percent:
        text = f"{float(value) * 100:.0f} %"
    elif isinstance(value, float):
        text = f"{value:.{digits}f}"
    else:
        text = str(value)
    return text.replace(".", ",") if language() == "da" else text


def heading(data: dict) -> str:
    period = data["period"]
    scope = (t("report.scope_all") if data.get("scope") is None
             else t("report.scope_own", login=data["scope"]))
    return t("report.period", since=period["since"], until=period["until"], scope=scope,
             today=period["today"])


def log_rank_line(data: dict) -> str:
    p = data["log_rank"]["p"]
    if p is None:
        return t("report.log_rank_none")
    return t("report.log_rank", p=cell(p, digits=4))


def group_table(data: dict) -> TextTable:
    groups = [data["groups"][g] for g in GROUPS]

    def row(label: str, pick, **fmt) -> list[str]:  # noqa: ANN001
        return [label, *(cell(pick(g), **fmt) for g in groups)]

    rows = [
        row(t("report.cases"), lambda g: g["cases"]),
        row(t("report.opened"), lambda g: g["opened"]),
        row(t("report.closed"), lambda g: g["closed"]),
        row(t("report.open_cases"), lambda g: g["open"]),
        *(row(t("report.reason", reason=t(f"close_reason.{r}")),
              lambda g, r=r: g["closing_reasons"][r]) for r in CLOSE_REASONS),
        row(t("report.weeks_median"), lambda g: g["weeks_to_closing"]["median"]),
        row(t("report.weeks_mean"), lambda g: g["weeks_to_closing"]["mean"]),
        row(t("report.km_median"), lambda g: g["km_median_weeks"]),
    ]
    for position, point in enumerate(groups[0]["still_on_benefit"]):
        rows.append(row(t("report.still_on", week=point["week"]),
                        lambda g, i=position: g["still_on_benefit"][i]["share"]
                        if g["still_on_benefit"] else None, percent=True))
    rows += [
        row(t("report.partial_cases"), lambda g: g["partial_return"]["cases"]),
        row(t("report.partial_share"), lambda g: g["partial_return"]["share"], percent=True),
        row(t("report.exempted"), lambda g: g["exempted"]["cases"]),
        row(t("report.exempted_share"), lambda g: g["exempted"]["share"], percent=True),
    ]
    return TextTable(t("report.groups"),
                     [t("report.measure"), *(t(f"group.{g}") for g in GROUPS)], rows)


def duty_table(data: dict) -> TextTable:
    rows = []
    for kind in DUTIES:
        d = data["duties"][kind]
        rows.append([t(f"obligation.{kind}"), cell(d["participants"]), cell(d["on_time"]),
                     cell(d["share_on_time"], percent=True), cell(d["late"]),
                     cell(d["late_days_median"]), cell(d["late_days_max"])])
    return TextTable(t("report.duties"), [
        t("report.duty"), t("report.duty_participants"), t("report.duty_on_time"),
        t("report.duty_share"), t("report.duty_late"), t("report.duty_late_median"),
        t("report.duty_late_max")], rows)


def exemption_table(data: dict) -> TextTable:
    return TextTable(t("report.exemptions"), [t("report.exemption_reason"), t("report.count")],
                     [[t(f"exemption.{r}"), cell(n)] for r, n in data["exemptions"].items()])


def caseworker_table(data: dict) -> TextTable:
    return TextTable(t("report.caseworkers"), [
        t("report.caseworker"), t("report.held"), t("report.no_show"), t("report.cancelled"),
        t("report.open_now"), t("report.quiet", days=data["quiet_days"])],
        [[w["caseworker"], cell(w["held"]), cell(w["no_show"]), cell(w["cancelled"]),
          cell(w["open_cases"]), cell(w["quiet_cases"])] for w in data["caseworkers"]])


def week_table(data: dict, last: int | None = TABLE_WEEKS_SHOWN) -> TextTable:
    weeks = data["weeks"] if last is None else data["weeks"][-last:]
    title = t("report.weeks", n=len(weeks)) if last is not None else t("report.bars")
    return TextTable(title, [t("report.week"), t("report.returns"), t("report.partial_running"),
                             t("report.partial_hours")],
                     [[w["week"], cell(w["returns"]), cell(w["partial_cases"]),
                       cell(w["partial_hours_mean"])] for w in weeks])


def tables(data: dict, *, all_weeks: bool = False) -> list[TextTable]:
    """Every table of the report, in the order they are shown."""
    return [group_table(data), duty_table(data), exemption_table(data),
            caseworker_table(data), week_table(data, None if all_weeks else TABLE_WEEKS_SHOWN)]
