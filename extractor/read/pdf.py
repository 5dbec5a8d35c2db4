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
from . import ocr, pdf_words, reader
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import is_boxed_sheet, sheet_grid_for, starts_sheet
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
    grids, tops, pages, unread = _scan_pages(path, pdf, limits, counter)
    chosen = choose_plan_table(grids)
    layout = "table"
    ruled_header = chosen is not None and header_row_index(grids[chosen].rows) is not None \
        and not is_boxed_sheet(grids[chosen])
    headings = _headings(grids, tops, pages)
    # In this order: a ruled table with a header, sheets in ruled tables, a table typeset
    # without rules, sheets in running text.
    sheets = sheet_grid_for(grids, chosen, headings, [])
    unruled = [] if ruled_header or sheets is not None else pdf_words.word_grids(
        pages, list(range(1, len(pages) + 1)))
    if sheets is None and not unruled and not ruled_header:
        sheets = sheet_grid_for(grids, chosen, headings,
                                [(ln.text, n) for n, lines in enumerate(pages, 1) for ln in lines])
    if sheets is not None and not ruled_header:
        first = pages[0] if pages else []
        top = next((ln.top for ln in first if starts_sheet(ln.text)), first[-1].bottom
                   if first else 0.0)
        grids, chosen, layout, tops = [sheets], 0, "sheets", [top]
    elif unruled:
        counter.add(0, sum(len(g.rows) for g in unruled))
        grids, chosen, layout = unruled, 0, "unruled table"
        top = pdf_words.header_top(pages[(unruled[0].page or 1) - 1]) or 0.0
        tops = [top] * len(unruled)
    if chosen is None:
        raise PlanReadError(path, "no table found: no ruled table and no line of column "
                                  "headings (Maßnahme, Ziel, Status, …)" + (
                                      f"; {unread} page image(s) without a text layer were "
                                      f"not read: {ocr.INSTALL_HINT}" if unread else ""))
    start = run_start(grids, chosen)
    grid = join_continuations(grids, start, need_header=False)
    preamble = _preamble(pdf, grids[start].page or 1, tops[start], pages)
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


def _scan_pages(path: Path, pdf, limits: ReadLimits, counter: RowCounter
                ) -> tuple[list[RawGrid], list[float], list[list[pdf_words.Line]], int]:
    """Ruled tables and lines of every page, and how many page images OCR could not read.

    Images without a text layer over them (scans, sheets pasted in as pictures) are read
    by OCR and their words join the page's lines where they stand.
    """
    grids: list[RawGrid] = []
    tops: list[float] = []
    pages: list[list[pdf_words.Line]] = []
    regions: list[ocr.Region] = []
    for page in pdf.pages:
        for found in page.find_tables():
            grid = trim_grid(_table_grid(found, page.page_number))
            counter.add(grid.row_numbers[-1] if grid.rows else 0, len(grid.rows))
            grids.append(grid)
            tops.append(found.bbox[1])
        pages.append(pdf_words.page_lines(page))
        regions.extend(ocr.image_regions(page))
        page.close()  # frees the parsed layout; pages are parsed again on demand
    scanned = ocr.read_regions(path, regions, limits)
    for number, found in scanned.items():
        pages[number - 1] = pdf_words.joined_lines(pages[number - 1], found)
    unread = len(regions) if regions and ocr.tesseract_languages() is None else 0
    return grids, tops, pages, unread


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


def _preamble(pdf, page_number: int, table_top: float, pages: list[list[pdf_words.Line]]
              ) -> list[str]:
    lines: list[str] = []
    if page_number > 1:
        lines.extend(_page_text(pdf, 1, pages, None))
    if table_top > 1:
        lines.extend(_page_text(pdf, page_number, pages, table_top))
    cleaned = [normalise_space(line) for line in lines]
    return [line for line in cleaned if line][:MAX_PREAMBLE_LINES]


def _page_text(pdf, number: int, pages: list[list[pdf_words.Line]], bottom: float | None
               ) -> list[str]:
    """A page's lines (down to ``bottom``): its text layer's, or OCR's where it has some."""
    lines = pages[number - 1] if number <= len(pages) else []
    if any(w.get("ocr") for line in lines for w in line.words):
        return [ln.text for ln in lines if bottom is None or ln.top < bottom]
    page = pdf.pages[number - 1]
    if bottom is not None:
        page = page.crop((0, 0, page.width, bottom))
    return (page.extract_text() or "").splitlines()
