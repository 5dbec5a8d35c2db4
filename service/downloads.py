"""Every list as a file: CSV that German Excel opens as it is, and XLSX.

German Excel reads a CSV with the list separator of its locale (";") and guesses the
encoding unless the file starts with a byte order mark, so the CSV is semicolon-separated
UTF-8 with BOM. XLSX is written by openpyxl.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from flask import Response
from openpyxl import Workbook

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return value if isinstance(value, int | float) else str(value)


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]],
               title: str = "plankg") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(name: str, fmt: str, headers: Sequence[str],
                   rows: Sequence[Sequence[object]]) -> Response:
    """The table as a download named ``name.fmt`` (fmt: csv or xlsx)."""
    if fmt == "xlsx":
        body, media = xlsx_bytes(headers, rows, name), XLSX_TYPE
    else:
        body, media = csv_bytes(headers, rows), CSV_TYPE + "; charset=utf-8"
    response = Response(body, mimetype=media)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
