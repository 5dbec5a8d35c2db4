"""OpenDocument text (.odt) and spreadsheets (.ods) via odfpy.

A cell with ``table:number-columns-spanned`` / ``number-rows-spanned`` repeats its
content into the ``table:covered-table-cell`` positions it covers. Spreadsheets
repeat empty rows and cells by the thousand (``number-rows-repeated="1048000"``);
those are counted, never materialised. Paragraphs in a cell become lines; bold spans
at the start of a cell (an automatic style with ``fo:font-weight="bold"``) become the
``<b>…</b>`` lead. odfpy parses with defusedxml, and the archive checks refuse XML
parts with a DOCTYPE before that.

In a spreadsheet the rows above the header row are the title block (preamble) and
rows keep their sheet row number; in a text document the paragraphs above the first
table are the preamble and tables that repeat the plan table's header are joined.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

from odf import teletype
from odf.element import Element
from odf.namespaces import FONS, OFFICENS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import load

from ..model import PlanReadError, Table
from . import reader
from .archive import check_archive
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheet_grid_for
from .tables import (
    RawGrid,
    RowCounter,
    check_cell_size,
    choose_plan_table,
    grid_to_cells,
    join_continuations,
    lines_to_raw,
    no_table,
    run_start,
    split_title_block,
    trim_grid,
)

log = logging.getLogger(__name__)

MAX_COLUMNS = 1000
MAX_SPANNED_CELLS = 2_000_000
MAX_PREAMBLE_LINES = 50
_ROW_GROUPS = {"table-header-rows", "table-rows", "table-row-group"}
_CELLS = {"table-cell", "covered-table-cell"}
_PARAGRAPHS = {"p", "h"}


@reader(".odt", ".ods")
def read_odf(path: Path, limits: ReadLimits) -> Table:
    check_archive(path, limits)
    try:
        document = load(str(path))
        bold_styles = _bold_styles(document)
        spreadsheet = path.suffix.lower() == ".ods"
        body = getattr(document, "spreadsheet" if spreadsheet else "text", None)
        if body is None:
            raise PlanReadError(path, f"not a valid {path.suffix.lower()} (no document body)")
        tables = list(_tables(body))
        grids = [
            trim_grid(_table_grid(path, table, bold_styles, limits)) for table in tables
        ]
        preamble = [] if spreadsheet else _preamble(body)
        headings, lines = ([None] * len(tables), []) if spreadsheet else _headings_and_lines(body)
        title = _meta_title(document)
        modified = _meta_date(document)
    except PlanReadError:
        raise
    except Exception as exc:  # odfpy and the SAX parser raise many kinds on broken files
        raise PlanReadError(path, f"cannot read the OpenDocument file: {exc}") from exc
    chosen = choose_plan_table(grids)
    sheets = None if spreadsheet else sheet_grid_for(grids, chosen, headings, lines)
    if chosen is None and sheets is None:
        raise no_table(path)
    if sheets is not None:
        grid = sheets
    elif spreadsheet:
        preamble, grid = split_title_block(grids[chosen])
    else:
        grid = join_continuations(grids, run_start(grids, chosen), need_header=True)
    return Table(
        file=path.name,
        rows=grid_to_cells(path, grid, limits),
        preamble=preamble,
        title=title or (preamble[0] if preamble else None),
        metadata_date=modified,
        layout="sheets" if sheets is not None else "table",
    )


def _is(node, namespace: str, name: str) -> bool:
    return getattr(node, "qname", None) == (namespace, name)


def _children(node) -> Iterator[Element]:
    for child in node.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            yield child


def _int(node, namespace: str, name: str, cap: int) -> int:
    try:
        value = int(node.attributes.get((namespace, name)) or 1)
    except ValueError:
        return 1
    return max(1, min(value, cap))


def _tables(node) -> Iterator[Element]:
    # Top-level tables, also inside sections; tables nested in cells are not plans.
    for child in _children(node):
        if _is(child, TABLENS, "table"):
            yield child
        elif child.qname[0] == TEXTNS:
            yield from _tables(child)


def _rows(table) -> Iterator[Element]:
    for child in _children(table):
        if child.qname == (TABLENS, "table-row"):
            yield child
        elif child.qname[0] == TABLENS and child.qname[1] in _ROW_GROUPS:
            yield from _rows(child)


def _table_grid(path: Path, table, bold_styles: set[str], limits: ReadLimits) -> RawGrid:
    sheet = table.attributes.get((TABLENS, "name"))
    counter = RowCounter(path, limits)
    spans: dict[tuple[int, int], str] = {}  # covered position -> content of its spanning cell
    rows: list[list[str]] = []
    numbers: list[int] = []
    row_number = 0
    for row in _rows(table):
        row_number += 1
        line: dict[int, str] = {}
        column = 0
        for cell in _children(row):
            if cell.qname[0] != TABLENS or cell.qname[1] not in _CELLS:
                continue
            repeat = _int(cell, TABLENS, "number-columns-repeated", 1 << 20)
            if cell.qname[1] == "covered-table-cell":
                for _ in range(min(repeat, MAX_COLUMNS + 1)):
                    if (row_number, column) in spans:
                        line[column] = spans.pop((row_number, column))
                    column += 1
                column += max(0, repeat - MAX_COLUMNS - 1)
                continue
            raw = _cell_raw(cell, bold_styles)
            if not raw:
                column += repeat  # empty cells, possibly thousands: only counted
                continue
            check_cell_size(path, raw, row_number, column, limits)
            for _ in range(repeat):
                if column >= MAX_COLUMNS:
                    raise PlanReadError(
                        path, f"a table has more than {MAX_COLUMNS} columns", row=row_number
                    )
                line[column] = raw
                _record_spans(path, cell, raw, row_number, column, spans, limits)
                column += 1
        row_repeat = _int(row, TABLENS, "number-rows-repeated", 1 << 30)
        if not line:
            row_number += row_repeat - 1  # empty rows are counted, never built
            continue
        for copy in range(row_repeat):
            counter.add(row_number + copy)
            width = max(line) + 1
            rows.append([line.get(c, "") for c in range(width)])
            numbers.append(row_number + copy)
        row_number += row_repeat - 1
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return RawGrid(rows, numbers, sheet=sheet if _is_sheet(table) else None)


def _is_sheet(table) -> bool:
    parent = table.parentNode
    return _is(parent, OFFICENS, "spreadsheet")


def _record_spans(
    path: Path, cell, raw: str, row: int, column: int,
    spans: dict[tuple[int, int], str], limits: ReadLimits,
) -> None:
    rows_spanned = _int(cell, TABLENS, "number-rows-spanned", limits.max_rows)
    columns_spanned = _int(cell, TABLENS, "number-columns-spanned", MAX_COLUMNS)
    if len(spans) + rows_spanned * columns_spanned > MAX_SPANNED_CELLS:
        raise PlanReadError(path, "spanned cells cover too large an area", row=row)
    for dr in range(rows_spanned):
        for dc in range(columns_spanned):
            if dr or dc:
                spans[(row + dr, column + dc)] = raw


def _cell_raw(cell, bold_styles: set[str]) -> str:
    paragraphs = list(_paragraphs(cell))
    lines: list[str] = []
    lead = ""
    for paragraph in paragraphs:
        text = teletype.extractText(paragraph)
        if not lines and not text.strip():
            continue
        if not lines:
            lead = _bold_lead(paragraph, bold_styles)
        lines.extend(text.split("\n"))
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return _typed_value(cell)
    value_type = cell.attributes.get((OFFICENS, "value-type"))
    if value_type == "date" and len(lines) == 1:
        lines = [_typed_value(cell) or lines[0]]
    return lines_to_raw(lines, lead)


def _paragraphs(node) -> Iterator[Element]:
    # Paragraphs of a cell, also inside lists; nested tables are not descended into.
    for child in _children(node):
        if child.qname[0] == TEXTNS and child.qname[1] in _PARAGRAPHS:
            yield child
        elif child.qname[0] == TEXTNS and child.qname[1] in ("list", "list-item", "section"):
            yield from _paragraphs(child)


def _typed_value(cell) -> str:
    # Dates are shown as DD.MM.YYYY whatever the cell's display format, as in .xlsx.
    value = cell.attributes.get((OFFICENS, "date-value"))
    if value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.time() == dt.time(0, 0):
            return moment.strftime("%d.%m.%Y")
        return moment.strftime("%d.%m.%Y %H:%M")
    return ""


def _bold_lead(paragraph, bold_styles: set[str]) -> str:
    lead = []
    for child in paragraph.childNodes:
        if child.nodeType == child.TEXT_NODE:
            if child.data.strip():
                break
            lead.append(child.data)
            continue
        style = child.attributes.get((TEXTNS, "style-name"))
        text = teletype.extractText(child)
        if _is(child, TEXTNS, "span") and style in bold_styles:
            lead.append(text)
        elif text.strip():
            break
        else:
            lead.append(text)
    return "".join(lead)


def _bold_styles(document) -> set[str]:
    names = set()
    for container in (document.automaticstyles, document.styles):
        for style in _children(container):
            if not _is(style, STYLENS, "style"):
                continue
            for props in _children(style):
                if _is(props, STYLENS, "text-properties") and (
                    props.attributes.get((FONS, "font-weight")) == "bold"
                ):
                    names.add(style.attributes.get((STYLENS, "name")))
    return names


def _preamble(body) -> list[str]:
    lines = []
    for child in _children(body):
        if _is(child, TABLENS, "table"):
            break
        if child.qname[0] == TEXTNS and child.qname[1] in _PARAGRAPHS:
            text = normalise_space(teletype.extractText(child))
            if text:
                lines.append(text)
        if len(lines) >= MAX_PREAMBLE_LINES:
            break
    return lines


def _headings_and_lines(body) -> tuple[list[str | None], list[tuple[str, None]]]:
    """For each table (as :func:`_tables` yields them) the paragraph right above it; and
    every paragraph outside tables."""
    headings: list[str | None] = []
    lines: list[tuple[str, None]] = []
    last: list[str | None] = [None]

    def walk(node) -> None:
        for child in _children(node):
            if _is(child, TABLENS, "table"):
                headings.append(last[0])
                last[0] = None
            elif child.qname[0] == TEXTNS and child.qname[1] in _PARAGRAPHS:
                text = teletype.extractText(child)
                lines.extend((line, None) for line in text.split("\n"))
                last[0] = normalise_space(text) or last[0]
            elif child.qname[0] == TEXTNS:
                walk(child)

    walk(body)
    return headings, lines


def _meta_date(document) -> dt.date | None:
    for node in document.meta.childNodes:
        if getattr(node, "qname", (None, None))[1] in ("date", "creation-date"):
            try:
                return dt.datetime.fromisoformat(teletype.extractText(node)[:19]).date()
            except ValueError:
                continue
    return None


def _meta_title(document) -> str | None:
    for node in document.meta.childNodes:
        if getattr(node, "qname", (None, None))[1] == "title":
            return normalise_space(teletype.extractText(node)) or None
    return None
