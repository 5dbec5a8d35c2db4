"""Small valid plan documents in the zip-based formats, built by the real libraries.

The fuzz seeds start from them, and the hostile-file tests rewrite them into attacks.
Each holds a header (Bereich, Maßnahme, Wer?, Status) and a row whose measure cell
contains "MARK", where the attacks put their entity references.
"""

from __future__ import annotations

from pathlib import Path


def small_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for i, h in enumerate(["Bereich", "Maßnahme", "Wer?", "Status 01.03.2021"]):
        table.cell(0, i).text = h
    for r in (1, 2):
        for i in range(4):
            table.cell(r, i).text = f"Zelle {r}.{i} MARK"
    document.save(path)
    return path


def small_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bereich", "Maßnahme", "Wer?", "Status 01.03.2021"])
    sheet.append(["Bildung", "Fachtag MARK", "Sachgebiet 1-4", "läuft"])
    book.save(path)
    return path


def small_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentText()
    table = OdfTable(name="Plan")
    table.addElement(TableColumn(numbercolumnsrepeated=4))
    for values in (["Bereich", "Maßnahme", "Wer?", "Status 01.03.2021"],
                   ["Bildung", "Fachtag MARK", "Sachgebiet 1-4", "läuft"]):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.save(str(path))
    return path
