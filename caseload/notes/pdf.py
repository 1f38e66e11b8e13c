"""The PDF of a case's notes of one day (fpdf2), for journalisation.

The header of every page has the citizen's name and whole CPR number: the one place the
whole number belongs. The font is a Latin/Cyrillic subset of DejaVu Sans shipped with the
package (``fonts/``), embedded so that æøå and names such as Łukasz or Şahin print and can
be extracted as text on any machine. A character the font lacks prints as "?".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from caseload.notes.render import (
    DayExport,
    export_line,
    header_lines,
    note_byline,
    note_title,
)

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSansLatin.ttf"
BOLD = FONT_DIR / "DejaVuSansLatin-Bold.ttf"
FAMILY = "DejaVuSansLatin"


@cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(REGULAR, lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """``text`` with what the font cannot show replaced by "?" (line breaks kept)."""
    covered = _covered()
    return "".join(c if c in "\n\t" or ord(c) in covered else "?" for c in text)


def _cpr_display(cpr: str) -> str:
    digits = cpr.replace("-", "")
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else cpr


def render_pdf(export: DayExport) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    header = header_lines(export, cpr=_cpr_display(export.cpr))
    footer = export_line(export)

    class NotesPDF(FPDF):
        def header(self) -> None:
            self.set_font(FAMILY, "B", 11)
            self.cell(0, 6, printable(header[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font(FAMILY, "", 9)
            self.cell(0, 5, printable("   ".join(header[1:])),
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(5)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(FAMILY, "", 8)
            self.cell(0, 5, printable(f"{footer}   –   side {self.page_no()}/{{nb}}"),
                      align="C")

    pdf = NotesPDF(format="A4")
    pdf.add_font(FAMILY, "", REGULAR)
    pdf.add_font(FAMILY, "B", BOLD)
    pdf.set_title(f"Journalnotater sag {export.case_id} {export.day.isoformat()}")
    pdf.set_author(export.exported_by)
    pdf.set_creator("caseload")
    pdf.set_lang("da")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 14)
    pdf.multi_cell(0, 7, f"Journalnotater {export.day.strftime('%d.%m.%Y')}",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for note in export.notes:
        _note(pdf, note, indent=0)
    return bytes(pdf.output())


def _note(pdf, note, *, indent: float) -> None:  # noqa: ANN001
    from fpdf.enums import XPos, YPos

    width = pdf.w - pdf.l_margin - pdf.r_margin - indent
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(width, 6, printable(note_title(note)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(width, 5, printable(note_byline(note)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(width, 5, printable(note.body.rstrip("\n")), align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(FAMILY, "", 7)
    pdf.multi_cell(width, 4, f"Kontrolsum (sha256): {note.content_hash}",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for addendum in note.addenda:
        _note(pdf, addendum, indent=min(indent + 8, 24))
