"""PDF documents via pdfplumber: ruled tables, else tables typeset without rules.

Each page's ruled tables (``page.find_tables()``, the "lines" strategy) are read into
grids. A cell that pdfplumber finds spanning several rows or columns (no rule between
them) repeats its text into every position it covers. Text that wraps inside a cell
is joined with spaces. The plan table is chosen with the shared scorer and the tables
that follow it with the same number of columns (the table continuing over pages) are
joined, dropping a repeated header row. Rows keep their page and their row number
within that page's table. Without a ruled table that has a header, the table is read
from the positions of words (:mod:`.pdf_words`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError

from ..model import PlanReadError, Table
from . import pdf_words, reader
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheet_grid_for, starts_sheet
from .tables import (
    RawGrid,
    RowCounter,
    choose_plan_table,
    grid_to_cells,
    header_row_index,
    join_continuations,
    lines_to_raw,
    run_start,
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
    pages: list[list[pdf_words.Line]] = []
    for page in pdf.pages:
        for found in page.find_tables():
            grid = trim_grid(_table_grid(found, page.page_number))
            counter.add(grid.row_numbers[-1] if grid.rows else 0, len(grid.rows))
            grids.append(grid)
            tops.append(found.bbox[1])
        pages.append(pdf_words.page_lines(page))
        page.close()  # frees the parsed layout; pages are parsed again on demand
    chosen = choose_plan_table(grids)
    layout = "table"
    sheets = sheet_grid_for(grids, chosen, _headings(grids, tops, pages),
                            [(ln.text, n) for n, lines in enumerate(pages, 1) for ln in lines])
    if sheets is not None and (chosen is None or header_row_index(grids[chosen].rows) is None):
        first = pages[0] if pages else []
        top = next((ln.top for ln in first if starts_sheet(ln.text)), first[-1].bottom
                   if first else 0.0)
        grids, chosen, layout, tops = [sheets], 0, "sheets", [top]
    elif chosen is None or header_row_index(grids[chosen].rows) is None:
        # No ruled table with a header: the table may be typeset without rules.
        numbers = list(range(1, len(pages) + 1))
        unruled = pdf_words.word_grids(pages, numbers)
        if unruled:
            counter.add(0, sum(len(g.rows) for g in unruled))
            grids, chosen, layout = unruled, 0, "unruled table"
            top = pdf_words.header_top(pages[(unruled[0].page or 1) - 1]) or 0.0
            tops = [top] * len(unruled)
    if chosen is None:
        raise PlanReadError(path, "no table found: no ruled table and no line of column "
                                  "headings (Maßnahme, Ziel, Status, …)")
    start = run_start(grids, chosen)
    grid = join_continuations(grids, start, need_header=False)
    preamble = _preamble(pdf, grids[start].page or 1, tops[start])
    info = pdf.metadata or {}
    title = _metadata_title(info.get("Title"))
    log.debug("%s: plan table (%s) starts on page %s", path.name, layout, grid.page)
    return Table(
        file=path.name,
        rows=grid_to_cells(path, grid, limits),
        preamble=preamble,
        title=title or (preamble[0] if preamble else None),
        metadata_date=pdf_date(info.get("ModDate") or info.get("CreationDate")),
        layout=layout,
    )


def _headings(grids: list[RawGrid], tops: list[float], pages: list[list[pdf_words.Line]]
              ) -> list[str | None]:
    """The line printed right above each ruled table (a sheet's number and title)."""
    out: list[str | None] = []
    for grid, top in zip(grids, tops, strict=True):
        lines = pages[(grid.page or 1) - 1]
        above = [ln for ln in lines if ln.bottom <= top + 1]
        out.append(above[-1].text if above else None)
    return out


def _metadata_title(value: object) -> str | None:
    # Tools leave their own placeholders here ("(anonymous)", "Microsoft Word - x.docx").
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    text = normalise_space(re.sub(r"^Microsoft (Word|Excel) - ", "", str(value or "")))
    if not text or text.lower() in {"(anonymous)", "untitled", "unbenannt"} or re.search(
            r"\.(docx?|xlsx?|odt|pdf)$", text, re.I):
        return None
    return text


def pdf_date(value: object) -> dt.date | None:
    """A PDF date string ("D:20210630120000+02'00'") as a date."""
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


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
            # Lines of a cell joined, words hyphenated at a line end healed.
            lines = pdf_words.join_lines([ln.strip() for ln in text.splitlines() if ln.strip()])
            raw = lines_to_raw([" ".join(lines[0].split())]) if lines else ""
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
