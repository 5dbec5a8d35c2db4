"""PDF documents via pdfplumber: ruled tables only.

Each page's ruled tables (``page.find_tables()``, the "lines" strategy) are read into
grids. A cell that pdfplumber finds spanning several rows or columns (no rule between
them) repeats its text into every position it covers. Text that wraps inside a cell
is joined with spaces. The plan table is chosen with the shared scorer and the tables
that follow it with the same number of columns (the table continuing over pages) are
joined, dropping a repeated header row. Rows keep their page and their row number
within that page's table.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError

from ..model import PlanReadError, Table
from . import reader
from .cells import normalise_space
from .limits import ReadLimits
from .tables import (
    RawGrid,
    RowCounter,
    choose_plan_table,
    grid_to_cells,
    join_continuations,
    lines_to_raw,
    trim_grid,
)

log = logging.getLogger(__name__)

MAX_PAGES = 2000
MAX_PREAMBLE_LINES = 50
_SPAN_TOLERANCE = 1.0  # points; rules snap, text boxes do not line up exactly


@reader(".pdf")
def read_pdf(path: Path, limits: ReadLimits) -> Table:
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise PlanReadError(path, "not a PDF (no %PDF- header)")
    try:
        with pdfplumber.open(path) as pdf:
            return _read(path, pdf, limits)
    except PlanReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if _encrypted(exc):
            raise PlanReadError(path, "the PDF is password-protected") from exc
        raise PlanReadError(path, f"cannot read the PDF: {exc or type(exc).__name__}") from exc


def _encrypted(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PDFEncryptionError) or any(
            isinstance(arg, PDFEncryptionError) for arg in seen.args
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read(path: Path, pdf, limits: ReadLimits) -> Table:
    if len(pdf.pages) > MAX_PAGES:
        raise PlanReadError(path, f"more than {MAX_PAGES} pages")
    counter = RowCounter(path, limits)
    grids: list[RawGrid] = []
    tops: list[float] = []
    for page in pdf.pages:
        for found in page.find_tables():
            grid = trim_grid(_table_grid(found, page.page_number))
            counter.add(grid.row_numbers[-1] if grid.rows else 0, len(grid.rows))
            grids.append(grid)
            tops.append(found.bbox[1])
        page.close()  # frees the parsed layout; pages are parsed again on demand
    chosen = choose_plan_table(grids)
    if chosen is None:
        raise PlanReadError(path, "no table found (only tables with ruled lines are read)")
    grid = join_continuations(grids, chosen, need_header=False)
    preamble = _preamble(pdf, grids[chosen].page or 1, tops[chosen])
    title = normalise_space(str((pdf.metadata or {}).get("Title") or "")) or None
    log.debug("%s: plan table starts on page %s", path.name, grid.page)
    return Table(
        file=path.name,
        rows=grid_to_cells(path, grid, limits),
        preamble=preamble,
        title=title or (preamble[0] if preamble else None),
    )


def _table_grid(found, page_number: int) -> RawGrid:
    texts = found.extract()
    rows = found.rows
    tops = sorted({cell[1] for cell in found.cells})
    lefts = sorted({cell[0] for cell in found.cells})
    grid: list[list[str | None]] = [[None] * len(lefts) for _ in tops]
    # pdfplumber's rows are sorted by top and its cells by left, like ``tops``/``lefts``.
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = texts[r][c] or ""
            raw = lines_to_raw([" ".join(text.split())]) if text.strip() else ""
            last_row = max(i for i, top in enumerate(tops) if top < bbox[3] - _SPAN_TOLERANCE)
            last_col = max(i for i, x in enumerate(lefts) if x < bbox[2] - _SPAN_TOLERANCE)
            for rr in range(r, last_row + 1):
                for cc in range(c, last_col + 1):
                    if grid[rr][cc] is None:
                        grid[rr][cc] = raw
    matrix = [[raw or "" for raw in line] for line in grid]
    return RawGrid(matrix, list(range(1, len(matrix) + 1)), page=page_number)


def _preamble(pdf, page_number: int, table_top: float) -> list[str]:
    lines: list[str] = []
    if page_number > 1:
        lines.extend((pdf.pages[0].extract_text() or "").splitlines())
    page = pdf.pages[page_number - 1]
    if table_top > 1:
        above = page.crop((0, 0, page.width, table_top))
        lines.extend((above.extract_text() or "").splitlines())
    cleaned = [normalise_space(line) for line in lines]
    return [line for line in cleaned if line][:MAX_PREAMBLE_LINES]
