"""The report as a PDF for the management meeting (fpdf2), the curves drawn by matplotlib.

Aggregate data only: it is made from ``Report.to_json()`` (counts of 1–4 as "<5", no
figures for a group under 5 cases), which holds no citizen's name or CPR number. The fonts
are the notes PDF's (``caseload.notes.pdf``). matplotlib is imported here only, inside the
functions, with the non-interactive Agg backend; the charts are PNGs made in memory.
"""

from __future__ import annotations

import io

from caseload.domain.report import GROUPS, HIDDEN
from caseload.i18n import t
from caseload.notes.pdf import BOLD, FAMILY, REGULAR, printable
from caseload.reporting.rows import TextTable, heading, log_rank_line, tables

COLOURS = {"participant": "#1b6ca8", "control": "#d1495b", "outside": "#8a8a8a"}


def survival_png(data: dict) -> bytes:
    """The Kaplan–Meier curves of the groups with 5 cases or more, as a PNG."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.5, 3.6), dpi=150)
    for group in GROUPS:
        curve = data["groups"][group]["curve"]
        if curve:
            axes.step([x for x, _ in curve], [y for _, y in curve], where="post",
                      color=COLOURS[group], label=t(f"group.{group}"))
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(t("report.curves_x"))
    axes.set_ylabel(t("report.curves_y"))
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(frameon=False)
    return _png(plt, figure)


def returns_png(data: dict) -> bytes:
    """Returns to work per week; a week of 1–4 is drawn as a light bar labelled "<5"."""
    plt = _pyplot()
    weeks = data["weeks"]
    figure, axes = plt.subplots(figsize=(7.5, 2.6), dpi=150)
    xs = list(range(len(weeks)))
    heights = [2.5 if w["returns"] == HIDDEN else w["returns"] for w in weeks]
    colours = ["#b9cfe0" if w["returns"] == HIDDEN else COLOURS["participant"] for w in weeks]
    axes.bar(xs, heights, color=colours, width=0.8)
    step = max(1, len(weeks) // 12)
    axes.set_xticks(xs[::step], [w["week"] for w in weeks][::step], rotation=45, fontsize=7)
    axes.set_ylabel(t("report.returns"))
    axes.set_title(t("report.hidden_bar"), fontsize=8, loc="right")
    axes.grid(axis="y", alpha=0.3)
    return _png(plt, figure)


def _pyplot():  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _png(plt, figure) -> bytes:  # noqa: ANN001
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def render_pdf(data: dict, *, author: str) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class ReportPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(FAMILY, "", 8)
            self.cell(0, 5, printable(t("report.pdf_footer", page=self.page_no(),
                                        pages="{nb}")), align="C")

    pdf = ReportPDF(format="A4")
    pdf.add_font(FAMILY, "", REGULAR)
    pdf.add_font(FAMILY, "B", BOLD)
    pdf.set_title(t("report.title"))
    pdf.set_author(author)
    pdf.set_creator("caseload")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, printable(t("report.title")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    for line in (heading(data), t("report.suppressed"), log_rank_line(data)):
        pdf.multi_cell(0, 5, printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    _title(pdf, t("report.curves"))
    pdf.image(io.BytesIO(survival_png(data)), w=width)
    found = tables(data)
    _table(pdf, found[0])
    pdf.add_page()
    _title(pdf, t("report.bars"))
    pdf.image(io.BytesIO(returns_png(data)), w=width)
    for table in found[1:]:
        _table(pdf, table)
    return bytes(pdf.output())


def _title(pdf, text: str) -> None:  # noqa: ANN001
    from fpdf.enums import XPos, YPos

    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf, table: TextTable) -> None:  # noqa: ANN001
    _title(pdf, table.title)
    pdf.set_font(FAMILY, "", 8)
    first = 0.4 if len(table.headers) <= 4 else 0.28
    rest = (1 - first) / max(1, len(table.headers) - 1)
    widths = tuple([first * 100] + [rest * 100] * (len(table.headers) - 1))
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(widths) - 1),
                   line_height=4.5, first_row_as_headings=True) as out:
        for values in [table.headers, *table.rows]:
            row = out.row()
            for value in values:
                row.cell(printable(value))
