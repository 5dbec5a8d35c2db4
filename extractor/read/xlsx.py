"""Excel workbooks (.xlsx, .xlsm) via openpyxl.

Workbooks are always opened with ``read_only=True``: values stream row by row and
gaps cost nothing, whereas openpyxl's normal mode creates a cell object for every
position up to the last used one (one stray cell in row 1,000,000 would build a
million rows). Read-only mode does not load merged ranges, so they are taken from
the sheet's ``<mergeCells>`` element with a streaming lxml parse (entities, DTDs and
network off); each merged range repeats its top-left value into every covered cell.

Each sheet is trimmed to its used area and scored; the best sheet is the plan table.
Rows above its header row (the title block: "Integrationskonzept …", "Stand: …")
become the preamble. Cell values turn into the text a person sees: dates as
DD.MM.YYYY, whole numbers without ".0", other numbers with a decimal comma. A cell
whose font is bold as a whole becomes ``<b>…</b>`` so it gets a title.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import zipfile
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries

from ..model import PlanReadError, Table
from . import reader
from .archive import check_archive
from .cells import normalise_space
from .limits import ReadLimits
from .tables import (
    RawGrid,
    RowCounter,
    check_cell_size,
    choose_plan_table,
    grid_to_cells,
    no_table,
    split_title_block,
    trim_grid,
)

log = logging.getLogger(__name__)

MAX_COLUMNS = 1000
MAX_MERGED_CELLS = 2_000_000
MAX_GRID_CELLS = 2_000_000
_MARKUP = re.compile(r"<(b|strong|br|p|i|em|ul|li|span|div)\b", re.IGNORECASE)


@reader(".xlsx", ".xlsm")
def read_xlsx(path: Path, limits: ReadLimits) -> Table:
    check_archive(path, limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, zip errors …
        raise PlanReadError(path, f"cannot read the Excel workbook: {exc}") from exc
    try:
        grids = [trim_grid(_sheet_grid(path, sheet, limits)) for sheet in workbook.worksheets]
        doc_title = normalise_space(workbook.properties.title or "") or None
    except PlanReadError:
        raise
    except Exception as exc:
        raise PlanReadError(path, f"cannot read the Excel workbook: {exc}") from exc
    finally:
        workbook.close()
    chosen = choose_plan_table(grids)
    if chosen is None:
        raise no_table(path)
    preamble, grid = split_title_block(grids[chosen])
    log.debug("%s: plan table on sheet %r", path.name, grid.sheet)
    return Table(
        file=path.name,
        rows=grid_to_cells(path, grid, limits),
        preamble=preamble,
        title=doc_title or (preamble[0] if preamble else None),
    )


def _sheet_grid(path: Path, sheet, limits: ReadLimits) -> RawGrid:
    # Cells are collected sparsely by (row, column), 1-based; merged ranges are then
    # filled in, including covered rows and columns the XML leaves out entirely.
    merged = _merged_origins(path, sheet)
    counter = RowCounter(path, limits)
    sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut rows off
    found: dict[tuple[int, int], str] = {}
    for cells in sheet.iter_rows():
        row = next((c.row for c in cells if getattr(c, "row", None)), None)
        filled = False
        for column, cell in enumerate(cells, start=1):
            if cell.value is None:
                continue
            if column > MAX_COLUMNS:
                raise PlanReadError(
                    path, f"sheet {sheet.title!r} has more than {MAX_COLUMNS} columns", row=row
                )
            raw = _cell_raw(cell)
            check_cell_size(path, raw, cell.row, column - 1, limits)
            if raw:
                found[(cell.row, column)] = raw
                filled = True
        if filled and row is not None:
            counter.add(row)
    for position, origin in merged.items():
        if position != origin and origin in found:
            found[position] = found[origin]
    if not found:
        return RawGrid([], [], sheet=sheet.title)
    numbers = sorted({r for r, _ in found})
    if len(numbers) > limits.max_rows:
        raise PlanReadError(path, f"more than {limits.max_rows} rows", row=numbers[-1])
    width = max(c for _, c in found)
    if len(numbers) * width > MAX_GRID_CELLS:
        raise PlanReadError(
            path, f"sheet {sheet.title!r} spans more than {MAX_GRID_CELLS} cells"
        )
    rows = [[found.get((r, c), "") for c in range(1, width + 1)] for r in numbers]
    return RawGrid(rows, numbers, sheet=sheet.title)


def _merged_origins(path: Path, sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Map every merged position (row, column), 1-based, to its range's top-left."""
    member = getattr(sheet, "_worksheet_path", None)
    if member is None:
        log.warning("%s: cannot locate sheet %r; merged cells not expanded", path.name, sheet.title)
        return {}
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as source:
        for _, element in etree.iterparse(
            source, events=("end",), resolve_entities=False, no_network=True,
            load_dtd=False, huge_tree=False,
        ):
            name = etree.QName(element).localname
            if name == "mergeCell" and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                area = (max_row - min_row + 1) * (max_col - min_col + 1)
                if len(origins) + area > MAX_MERGED_CELLS or max_col > MAX_COLUMNS:
                    raise PlanReadError(path, f"sheet {sheet.title!r}: merged range too large")
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        origins[(r, c)] = (min_row, min_col)
            if name in ("row", "mergeCell"):
                # Streaming: drop what has been seen so memory stays flat.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return origins


def _cell_raw(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    text = format_value(value, getattr(cell, "number_format", "General") or "General")
    if isinstance(value, str) and _MARKUP.search(value):
        return text  # markup exported from a web table, kept as the CSV reader keeps it
    font = getattr(cell, "font", None)
    if font is not None and font.b and text.strip():
        return f"<b>{html.escape(text, quote=False)}</b>"
    return text


def format_value(value: object, number_format: str = "General") -> str:
    """The text a person sees for a cell value, German style."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)):
        percent = "%" in number_format
        number = value * 100 if percent else value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        text = f"{number:.15g}".replace(".", ",") if isinstance(number, float) else str(number)
        if percent:
            text += " %"
        elif "€" in number_format:
            text += " €"
        return text
    return str(value)
