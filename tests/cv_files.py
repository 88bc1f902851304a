"""CV files written in memory for the tests: PDF (one or two columns, a LinkedIn-like layout), DOCX and ODT.

Each writer takes a `Cv` (a heading and its lines per section) and returns the file's bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

__all__ = ["Cv", "docx_bytes", "odt_bytes", "pdf_bytes"]

#: Characters the PDF core fonts (latin-1) cannot draw, with a close stand-in.
_LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "œ": "oe", "Œ": "OE"})


@dataclass(frozen=True)
class Cv:
    """A CV: the person's name, a header of contact lines, then (heading, lines) sections in order."""

    name: str
    contacts: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", errors="replace").decode("latin-1")


def pdf_bytes(cv: Cv, layout: str = "plain") -> bytes:
    """A PDF with a text layer: `plain` (one column), `columns` (contacts and skills in a left column)
    or `linkedin` (a sidebar of contact and skills, then Summary/Experience/Education, page footers)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    side = {"columns": 62.0, "linkedin": 58.0}.get(layout, 0.0)
    main_x = 12 + side
    width = 210 - main_x - 12
    if side:
        aside = [h for h in cv.sections if h[0].lower().startswith(("comp", "skill", "lang", "top skills"))]
        body = [h for h in cv.sections if h not in aside]
        pdf.set_xy(10, 15)
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(side - 6, 5, _latin1("Contact" if layout == "linkedin" else "Coordonnées / Contact"))
        pdf.set_font("Helvetica", "", 8)
        for line in cv.contacts:
            pdf.set_x(10)
            pdf.multi_cell(side - 6, 4, _latin1(line))
        for heading, lines in aside:
            pdf.ln(3)
            pdf.set_x(10)
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(side - 6, 5, _latin1(heading))
            pdf.set_font("Helvetica", "", 8)
            for line in lines:
                pdf.set_x(10)
                pdf.multi_cell(side - 6, 4, _latin1(line))
        pdf.set_xy(main_x, 15)
    else:
        body = list(cv.sections)
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_x(main_x)
    pdf.multi_cell(width, 8, _latin1(cv.name))
    if not side:
        pdf.set_font("Helvetica", "", 9)
        pdf.set_x(main_x)
        pdf.multi_cell(width, 5, _latin1(" | ".join(cv.contacts)))
    for heading, lines in body:
        pdf.ln(3)
        pdf.set_x(main_x)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(width, 6, _latin1(heading))
        pdf.set_font("Helvetica", "", 10)
        for line in lines:
            pdf.set_x(main_x)
            pdf.multi_cell(width, 5, _latin1(line))
    if layout == "linkedin":
        for page in range(1, pdf.page_no() + 1):
            pdf.page = page
            pdf.set_xy(main_x, 285)
            pdf.set_font("Helvetica", "", 7)
            pdf.cell(width, 4, f"Page {page} of {pdf.page_no()}")
    return bytes(pdf.output())


def docx_bytes(cv: Cv) -> bytes:
    """A Word file: the name as title, contacts in a small table, headings and paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading(cv.name, level=0)
    table = document.add_table(rows=1, cols=len(cv.contacts))
    for cell, line in zip(table.rows[0].cells, cv.contacts, strict=True):
        cell.text = line
    for heading, lines in cv.sections:
        document.add_heading(heading, level=1)
        for line in lines:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(cv: Cv) -> bytes:
    """An OpenDocument text: headings (text:h) and paragraphs (text:p)."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=cv.name))
    for line in cv.contacts:
        document.text.addElement(P(text=line))
    for heading, lines in cv.sections:
        document.text.addElement(H(outlinelevel=2, text=heading))
        for line in lines:
            document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
