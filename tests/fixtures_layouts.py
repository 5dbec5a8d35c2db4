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
