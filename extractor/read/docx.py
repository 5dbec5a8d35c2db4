"""Word documents (.docx) via python-docx.

Every top-level table is read into a grid on Word's layout grid: a horizontally merged
cell (gridSpan) and a vertically merged one (vMerge) repeat their content into each
covered position, as python-docx's ``_Row.cells`` already resolves them. The plan
table is chosen with the shared scorer; tables right after it that repeat its header
row (plans split into one table per area or per page) are joined onto it. Row
numbers run on across joined tables, counting every row as Word shows it.

Bold runs at the start of a cell become ``<b>…</b>`` in ``raw``, so they turn into
the cell's title like the bold leads of the HTML corpus.
"""

from __future__ import annotations

import logging
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..model import PlanReadError, Table
from . import reader
from .archive import check_archive
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheet_grid_for
from .tables import (
    RawGrid,
    choose_plan_table,
    grid_to_cells,
    join_continuations,
    lines_to_raw,
    no_table,
    run_start,
    trim_grid,
)

log = logging.getLogger(__name__)

MAX_COLUMNS = 1000
MAX_PREAMBLE_LINES = 50


@reader(".docx")
def read_docx(path: Path, limits: ReadLimits) -> Table:
    check_archive(path, limits)
    try:
        document = docx.Document(str(path))
        word_tables = list(document.tables)
        grids = [_table_grid(path, table, limits) for table in word_tables]
        preamble = _preamble(document)
        headings, lines = _headings_and_lines(document)
        title = normalise_space(document.core_properties.title or "") or None
        props = document.core_properties
        modified = props.modified or props.created
    except PlanReadError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise PlanReadError(path, f"cannot read the Word document: {exc}") from exc
    trimmed = [trim_grid(g) for g in grids]
    chosen = choose_plan_table(trimmed)
    sheets = sheet_grid_for(trimmed, chosen, headings, lines)
    if chosen is None and sheets is None:
        raise no_table(path)
    if sheets is not None:
        grid, layout = sheets, "sheets"
    else:
        grid, layout = join_continuations(trimmed, run_start(trimmed, chosen),
                                          need_header=True), "table"
    log.debug("%s: plan read as %s", path.name, layout)
    return Table(
        file=path.name,
        rows=grid_to_cells(path, grid, limits),
        preamble=preamble,
        title=title or (preamble[0] if preamble else None),
        metadata_date=modified.date() if modified else None,
        layout=layout,
    )


def _table_grid(path: Path, table: WordTable, limits: ReadLimits) -> RawGrid:
    rows = table.rows
    if len(rows) > limits.max_rows:
        raise PlanReadError(path, f"more than {limits.max_rows} rows", row=limits.max_rows + 1)
    raw_by_tc: dict[object, str] = {}
    matrix = []
    for number, row in enumerate(rows, start=1):
        # A hostile gridSpan would make python-docx repeat one cell a million times.
        span = sum(tc.grid_span for tc in row._tr.tc_lst) + row.grid_cols_before
        if span > MAX_COLUMNS:
            raise PlanReadError(path, f"a table has more than {MAX_COLUMNS} columns", row=number)
        line = [""] * row.grid_cols_before
        for cell in row.cells:
            key = cell._tc
            if key not in raw_by_tc:
                raw_by_tc[key] = _cell_raw(cell)
            line.append(raw_by_tc[key])
        line.extend([""] * row.grid_cols_after)
        matrix.append(line)
    return RawGrid(matrix, list(range(1, len(matrix) + 1)))


def _cell_raw(cell: _Cell) -> str:
    lines: list[str] = []
    lead = ""
    for paragraph in cell.paragraphs:
        text = paragraph.text
        if not lines and not text.strip():
            continue  # leading empty paragraphs carry nothing
        if not lines:
            lead = _bold_lead(paragraph)
        lines.extend(text.split("\n"))  # w:br inside a paragraph
    while lines and not lines[-1].strip():
        lines.pop()
    return lines_to_raw(lines, lead)


def _bold_lead(paragraph: Paragraph) -> str:
    lead = []
    for run in paragraph.runs:
        if run.text.strip() and not _is_bold(run, paragraph):
            break
        lead.append(run.text)
    return "".join(lead) if "".join(lead).strip() else ""


def _is_bold(run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    # Bold may come from the run's character style or the paragraph style (or their bases).
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.bold is not None:
                return bool(style.font.bold)
            style = style.base_style
    return False


def _headings_and_lines(document) -> tuple[list[str | None], list[tuple[str, None]]]:
    """For each top-level table the paragraph right above it; and every paragraph line."""
    headings: list[str | None] = []
    lines: list[tuple[str, None]] = []
    last: str | None = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            headings.append(last)
            last = None
        elif child.tag == qn("w:p"):
            text = Paragraph(child, document).text
            lines.extend((line, None) for line in text.split("\n"))
            last = normalise_space(text) or last
    return headings, lines


def _preamble(document) -> list[str]:
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            break
        if child.tag == qn("w:p"):
            text = normalise_space(Paragraph(child, document).text)
            if text:
                lines.append(text)
        if len(lines) >= MAX_PREAMBLE_LINES:
            break
    return lines
