"""Fixture documents in PDF (reportlab) and OpenDocument (odfpy): the plan of
fixtures_plan.py, built at test time with the real libraries."""

from __future__ import annotations

from pathlib import Path

from .fixtures_plan import _LINES, HEADER, SPANS, STAND, TITLE, _lead


def build_pdf(directory: Path, name: str = "plan.pdf") -> Path:
    """A ruled table that breaks after the second plan row; page 2 repeats the header."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    body = styles["BodyText"]

    def para(r: int, c: int, lines: list[str]) -> Paragraph:
        from html import escape

        parts = [escape(x, quote=False) for x in lines]
        lead = _lead(r, c)
        if lead and parts[0].startswith(lead):
            parts[0] = f"<b>{lead}</b>{parts[0][len(lead):]}"
        return Paragraph("<br/>".join(parts), body)

    data = [
        [para(r, c, lines) if lines is not None else "" for c, lines in enumerate(row)]
        for r, row in enumerate(_LINES)
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for (r, c), (rows, cols) in SPANS.items():
        style.append(("SPAN", (c, r), (c + cols - 1, r + rows - 1)))
    widths = [2.5 * cm, 6 * cm, 4.5 * cm, 4.5 * cm, 3 * cm, 4.5 * cm]
    table = PdfTable(data, colWidths=widths, repeatRows=1, style=style)
    path = directory / name
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), title=TITLE)
    story = [
        Paragraph(TITLE, styles["Title"]),
        Paragraph(STAND, body),
        Spacer(1, 10.5 * cm),  # leaves room for the header and two plan rows only
        table,
    ]
    document.build(story)
    return path


def build_pdf_without_table(directory: Path, name: str = "text.pdf") -> Path:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    path = directory / name
    SimpleDocTemplate(str(path)).build(
        [
            Paragraph(TITLE, styles["Title"]),
            Paragraph("Kein Maßnahmenplan, nur Text.", styles["BodyText"]),
        ]
    )
    return path


# ---------------------------------------------------------------- CSV


def _odf_table(document, name: str, with_title_rows: bool):
    from odf.style import Style, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import List, ListItem, P, Span

    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=len(HEADER)))
    if with_title_rows:
        for text in (TITLE, STAND):
            row = TableRow()
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=text))
            row.addElement(cell)
            row.addElement(TableCell(numbercolumnsrepeated=len(HEADER) - 1))
            table.addElement(row)
        table.addElement(TableRow(numberrowsrepeated=1))  # an empty spacer row
    for r, row_lines in enumerate(_LINES):
        row = TableRow()
        for c, lines in enumerate(row_lines):
            if lines is None:
                row.addElement(CoveredTableCell())
                continue
            span = SPANS.get((r, c), (1, 1))
            attrs = {}
            if span[0] > 1:
                attrs["numberrowsspanned"] = span[0]
            if span[1] > 1:
                attrs["numbercolumnsspanned"] = span[1]
            if (r, c) == (3, 4):
                cell = TableCell(valuetype="date", datevalue="2022-09-01", **attrs)
                cell.addElement(P(text="01.09.22"))  # the display format differs
                row.addElement(cell)
                continue
            cell = TableCell(valuetype="string", **attrs)
            if (r, c) == (2, 3):
                items = List()
                for line in lines:
                    item = ListItem()
                    item.addElement(P(text=line))
                    items.addElement(item)
                cell.addElement(items)
            else:
                for i, line in enumerate(lines):
                    lead = _lead(r, c) if i == 0 else None
                    paragraph = P()
                    if lead and line.startswith(lead):
                        paragraph.addElement(Span(stylename=bold, text=lead))
                        paragraph.addText(line[len(lead):])
                    else:
                        paragraph.addText(line)
                    cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    # Spreadsheets end with a huge run of empty rows; it must cost nothing.
    table.addElement(TableRow(numberrowsrepeated=1_048_000))
    return table


def build_ods(directory: Path, name: str = "plan.ods") -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(_odf_table(document, "Maßnahmen", with_title_rows=True))
    path = directory / name
    document.save(str(path))
    return path


def build_odt(directory: Path, name: str = "plan.odt") -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=TITLE))
    document.text.addElement(P(text=STAND))
    document.text.addElement(_odf_table(document, "Plan", with_title_rows=False))
    path = directory / name
    document.save(str(path))
    return path


# ---------------------------------------------------------------- hostile files
