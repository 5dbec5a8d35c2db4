"""Build the same small plan as HTML, .docx, .xlsx, PDF, CSV, .ods and .odt at test time.

Each builder writes one file with the real library into a directory and returns its path;
the plan and what every reader must yield are in fixtures_plan.py, the PDF and
OpenDocument builders in fixtures_odf_pdf.py (both re-exported here).
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from .fixtures_odf_pdf import build_ods, build_odt, build_pdf, build_pdf_without_table
from .fixtures_plan import *  # noqa: F403  (the plan's names, for the tests)
from .fixtures_plan import (
    _LINES,
    EXPECTED,
    GOAL_REST,
    GOAL_TITLE,
    HEADER,
    SPANS,
    STAND,
    TITLE,
    _lead,
)

__all__ = ["build_csv", "build_docx", "build_html", "build_ods", "build_odt", "build_pdf",
           "build_pdf_without_table", "build_xlsx", "build_zip", "build_zip_bomb"]


def build_html(directory: Path, name: str = "plan.html") -> Path:
    from html import escape

    def cell_html(r: int, c: int, lines: list[str]) -> str:
        tag = "th" if r == 0 else "td"
        span = SPANS.get((r, c), (1, 1))
        attrs = (f' rowspan="{span[0]}"' if span[0] > 1 else "") + (
            f' colspan="{span[1]}"' if span[1] > 1 else ""
        )
        if r == 2 and c == 3:  # a list of names
            inner = "<ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>"
        else:
            parts = [escape(x).replace("\u00a0", "&nbsp;") for x in lines]
            lead = _lead(r, c)
            if lead and parts[0].startswith(lead):
                parts[0] = f"<b>{lead}</b>{parts[0][len(lead):]}"
            inner = "<br>\n".join(parts)
        return f"<{tag}{attrs}>{inner}</{tag}>"

    body_rows = []
    for r, row in enumerate(_LINES):
        cells = [cell_html(r, c, lines) for c, lines in enumerate(row) if lines is not None]
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    page = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{TITLE} | Stadt Musterstadt</title></head>
<body>
<table class="layout"><tr>
  <td><table class="nav"><tr><td><a href="/">Startseite</a></td></tr>
      <tr><td><a href="/rathaus">Rathaus</a></td></tr>
      <tr><td><a href="/kontakt">Kontakt</a></td></tr></table></td>
  <td>
    <h1>{TITLE}</h1>
    <p>{STAND.replace(" ", "&nbsp;", 1)}</p>
    <table border="1" class="plan">
      <thead>{body_rows[0]}</thead>
      <tbody>{"".join(body_rows[1:])}</tbody>
    </table>
  </td>
</tr></table>
<table class="footer"><tr><td>Impressum</td><td>Datenschutz</td><td>Barrierefreiheit</td></tr>
</table>
</body></html>"""
    path = directory / name
    path.write_text(page, encoding="utf-8")
    return path


# ---------------------------------------------------------------- Word


def build_docx(directory: Path, name: str = "plan.docx", split: bool = False) -> Path:
    """The plan as a Word table; with ``split`` its last two rows form a second table
    that repeats the header, as plans split per area do."""
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(STAND)
    parts = [_LINES[:3], [_LINES[0], *_LINES[3:]]] if split else [_LINES]
    for index, lines in enumerate(parts):
        offset = 0 if index == 0 else 2  # table row r is plan row r + offset (r >= 1)
        table = document.add_table(rows=len(lines), cols=len(HEADER))
        table.style = "Table Grid"
        for r, row in enumerate(lines):
            plan_row = r + offset if r else 0
            for c, cell_lines in enumerate(row):
                if cell_lines is None:
                    continue
                span = SPANS.get((plan_row, c), (1, 1))
                cell = table.cell(r, c)
                if span != (1, 1):
                    cell = cell.merge(table.cell(r + span[0] - 1, c + span[1] - 1))
                _fill_word_cell(cell, cell_lines, _lead(plan_row, c), list_items=(plan_row, c)
                                == (2, 3))
        document.add_paragraph("")
    contact = document.add_table(rows=1, cols=2)
    contact.cell(0, 0).text = "Kontakt"
    contact.cell(0, 1).text = "integration@musterstadt.de"
    path = directory / name
    document.save(str(path))
    return path


def _fill_word_cell(cell, lines: list[str], lead: str | None, list_items: bool) -> None:
    cell.text = ""
    first = cell.paragraphs[0]
    style = "List Bullet" if list_items else None
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        if style:
            paragraph.style = style
        if i == 0 and lead and line.startswith(lead):
            paragraph.add_run(lead).bold = True
            paragraph.add_run(line[len(lead):])
        else:
            paragraph.add_run(line)


# ---------------------------------------------------------------- Excel


def build_xlsx(directory: Path, name: str = "plan.xlsx") -> Path:
    """Title block in rows 1-2, header in row 4, the plan in columns B to G."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Hinweise"
    notes["A1"] = "Dieses Blatt erklärt die Spalten."
    sheet = workbook.create_sheet("Maßnahmen")
    sheet["B1"] = TITLE
    sheet["B1"].font = Font(b=True, size=14)
    sheet["B2"] = STAND
    values = {(3, 4): dt.datetime(2022, 9, 1), (1, 4): 2023.0}
    for r, row in enumerate(_LINES):
        for c, lines in enumerate(row):
            if lines is None:
                continue
            cell = sheet.cell(row=4 + r, column=2 + c)
            cell.value = values.get((r, c), "\n".join(lines).replace("\u00a0", " "))
            if (r, c) == (3, 4):
                cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 0 or (r, c) == (3, 1):
                cell.font = Font(b=True)  # the whole cell bold
            span = SPANS.get((r, c))
            if span:
                sheet.merge_cells(
                    start_row=4 + r, start_column=2 + c,
                    end_row=4 + r + span[0] - 1, end_column=2 + c + span[1] - 1,
                )
    # The goal cell carries exported markup, as the corpus TSV does.
    sheet.cell(row=5, column=3).value = f"<b>{GOAL_TITLE}</b> {GOAL_REST}"
    sheet.cell(row=5, column=4).value = "<b>Sprachkurse</b> für Eltern"
    path = directory / name
    workbook.save(path)
    return path


# ---------------------------------------------------------------- PDF


def build_csv(directory: Path, name: str = "plan.csv") -> Path:
    """Semicolon CSV in Windows-1252 with line breaks inside quoted cells."""
    rows = []
    for r, row in enumerate(EXPECTED):
        out = []
        for c in range(len(row)):
            lines = _LINES[r][c]
            if lines is None:  # spans are written out in full, as exports do
                origin = next(
                    (rr, cc) for (rr, cc), (nr, nc) in SPANS.items()
                    if rr <= r < rr + nr and cc <= c < cc + nc
                )
                lines = _LINES[origin[0]][origin[1]]
                r0, c0 = origin
            else:
                r0, c0 = r, c
            value = "\n".join(lines).replace("\u00a0", " ")
            lead = _lead(r0, c0)
            if lead and value.startswith(lead):
                value = f"<b>{lead}</b>{value[len(lead):]}"
            out.append(value.replace("&", "&amp;") if "<b>" in value else value)
        rows.append(out)
    path = directory / name
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return path


# ---------------------------------------------------------------- OpenDocument


def build_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def build_zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx-looking zip with one member of ``megabytes`` MB of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return path
