"""Documents shaped like the ones towns publish, built with the real libraries at test time.

- an unruled PDF table over two pages whose first page is the shorter, with the header
  repeated, wrapped cells, a word hyphenated at a line end and section rows;
- measure sheets (one small two-column table or a block of "label: value" lines per
  measure) as HTML, .docx, .odt and PDF.
"""

from __future__ import annotations

from pathlib import Path

UNRULED_HEADER = ["Nr.", "Maßnahme", "Verantwortliche Stelle", "Laufzeit", "Umsetzungsstand"]
SECTION_A = "A. Wärme und Strom"
SECTION_B = "B. Mobilität"
# (number, title, who, time, status); the title of A1.2 wraps and is hyphenated.
UNRULED_ROWS_A = [
    ("A1.1", "Klimaschutzmanagement einrichten", "Amt für Umwelt", "2020 - 2022", "läuft"),
    ("A1.2", "Energieberatung für private Haushalte im gesamten Stadtgebiet ausbauen",
     "Verbraucherzentrale", "ab 2021", "abgeschlossen"),
]
UNRULED_ROWS_B = [
    (f"B{i}", f"Radverkehrsmaßnahme Nummer {i}", "Tiefbauamt", "2022", "in Planung")
    for i in range(1, 9)
]
UNRULED_TITLES = [r[1] for r in UNRULED_ROWS_A + UNRULED_ROWS_B]


def build_unruled_pdf(directory: Path, name: str = "sachstandsbericht-2021.pdf") -> Path:
    """Two pages, no rules: page 1 holds a title, section A and two rows; page 2 repeats
    the header and holds section B with eight rows (more than page 1)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    path = directory / name
    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    cell.hyphenationLang = ""
    widths = [2 * cm, 8 * cm, 5 * cm, 3.5 * cm, 4 * cm]

    def para(text: str) -> Paragraph:
        return Paragraph(text, cell)

    def table(rows: list) -> PdfTable:
        t = PdfTable(rows, colWidths=widths, repeatRows=0)
        t.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("SPAN", (0, 1), (-1, 1))])
        return t

    header = [para(f"<b>{h}</b>") for h in UNRULED_HEADER]

    def body(section: str, rows: list[tuple[str, ...]]) -> list:
        out = [header, [para(f"<b>{section}</b>"), "", "", "", ""]]
        for number, title, who, time, status in rows:
            if number == "A1.2":  # a word broken at the line end by the typesetter
                title = "Energieberatung für private Haus-<br/>halte im gesamten Stadtgebiet " \
                        "ausbauen"
            out.append([para(number), para(title), para(who), para(time), para(status)])
        return out

    story = [Paragraph("Klimaschutzkonzept – Sachstandsbericht 2021", styles["Title"]),
             Spacer(1, 12), table(body(SECTION_A, UNRULED_ROWS_A)), PageBreak(),
             table(body(SECTION_B, UNRULED_ROWS_B))]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


# Measure sheets: a heading with the number and title above a two-column table.
SHEETS = [
    ("Ü-1", "Klimaschutzmanagement", [
        ("Handlungsfeld", "Übergreifend"), ("Federführung", "Amt für Umwelt"),
        ("Laufzeit", "2020 - 2022"), ("Kosten", "80.000 €"),
        ("Umsetzungsstand", "2017/18: läuft")]),
    ("A1.1", "Solardachkataster", [
        ("Handlungsfeld", "Wärme und Strom"), ("Federführung", "Stadtwerke"),
        ("Laufzeit", "ab 2019"), ("Kosten", "noch nicht festgelegt"),
        ("Umsetzungsstand", "2015/16: in Planung 2017/18: abgeschlossen")]),
    ("A1.2", "Wärmenetz Nord", [
        ("Handlungsfeld", "Wärme und Strom"), ("Federführung", "Stadtwerke"),
        ("Laufzeit", "2021"), ("Kosten", "k. A."), ("Umsetzungsstand", "verschoben")]),
]
SHEET_TITLES = [s[1] for s in SHEETS]
SHEET_NUMBERS = [s[0] for s in SHEETS]
SHEETS_TITLE = "Klimaschutzkonzept – Sachstandsbericht 2017/2018"


def build_sheets_html(directory: Path, name: str = "steckbriefe.html") -> Path:
    from html import escape

    parts = [f"<html><body><h1>{escape(SHEETS_TITLE)}</h1>"]
    for number, title, fields in SHEETS:
        parts.append(f"<h2>{escape(number)} {escape(title)}</h2><table>")
        parts += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in fields]
        parts.append("</table>")
    path = directory / name
    path.write_text("".join(parts) + "</body></html>", encoding="utf-8")
    return path


def build_sheets_docx(directory: Path, name: str = "steckbriefe.docx") -> Path:
    """One two-column table per measure; the last sheet breaks over a page (two tables)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_heading(SHEETS_TITLE, 0)
    for index, (number, title, fields) in enumerate(SHEETS):
        document.add_heading(f"{number} {title}", 2)
        split = len(fields) - 2 if index == len(SHEETS) - 1 else len(fields)
        for part in (fields[:split], fields[split:]):
            if not part:
                continue
            table = document.add_table(rows=0, cols=2)
            for label, value in part:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
            if part is fields[:split] and split < len(fields):
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    path = directory / name
    document.save(path)
    return path


def build_sheets_odt(directory: Path, name: str = "steckbriefe.odt") -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=SHEETS_TITLE))
    for number, title, fields in SHEETS:
        document.text.addElement(H(outlinelevel=2, text=f"{number} {title}"))
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for label, value in fields:
            row = TableRow()
            for text in (label, value):
                cell = TableCell()
                cell.addElement(P(text=text))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
    path = directory / name
    document.save(str(path))
    return path


def build_sheets_pdf(directory: Path, name: str = "massnahmenblaetter.pdf") -> Path:
    """Sheets as "Label: value" lines, one sheet broken over a page."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph(SHEETS_TITLE, styles["Title"])]
    for index, (number, title, fields) in enumerate(SHEETS):
        story.append(Paragraph(f"{number} {title}", styles["Heading2"]))
        for k, (label, value) in enumerate(fields):
            if index == 1 and k == 3:
                story.append(PageBreak())
            story.append(Paragraph(f"<b>{label}:</b> {value}", styles["BodyText"]))
    path = directory / name
    SimpleDocTemplate(str(path)).build(story)
    return path
