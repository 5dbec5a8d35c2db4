"""Shared table handling for the document readers: pick the plan table, join continued
tables, split a title block off a sheet, and turn a grid of raw strings into cells
within the read limits.

Readers differ in how they find cells and spans; once they have a rectangular grid of
raw strings everything else is the same, so it lives here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Cell, PlanReadError, SourceRef
from .cells import make_cell, parse_markup
from .limits import ReadLimits

# Words that head the columns of a plan table (Maßnahme, Ziel, Status, Wer, …).
_HEADER_WORD = re.compile(
    r"\b(ma(ß|ss)nahme|ziel|status|sachstand|stand\b|wer\b|bereich|handlungsfeld|"
    r"zust(ä|ae)ndig|verantwortlich|federf(ü|ue)hr|zeit(raum|rahmen|horizont|plan)|"
    r"umsetzung|ressource|kosten|priorit(ä|ae)t|beteiligt|kooperation|partner|"
    r"termin|nr\b)",
    re.IGNORECASE,
)
_HEADER_CELL_MAX_CHARS = 60
_HEADER_SEARCH_ROWS = 10


@dataclass
class RawGrid:
    """One table as rectangular rows of raw cell strings, with where each row stood.

    ``row_numbers[i]`` is the 1-based document row of ``rows[i]`` (a table row, a sheet
    row); ``first_column`` the 0-based document column of ``rows[i][0]``.
    """

    rows: list[list[str]]
    row_numbers: list[int]
    page: int | None = None
    sheet: str | None = None
    first_column: int = 0
    pages: list[int | None] = field(default_factory=list)  # per row, when tables are joined

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def plain(raw: str) -> str:
    return parse_markup(raw)[0]


def header_hits(row: Sequence[str]) -> int:
    """How many cells of ``row`` read like plan-table column headings."""
    hits = 0
    for raw in row:
        text = plain(raw)
        if text and len(text) <= _HEADER_CELL_MAX_CHARS and _HEADER_WORD.search(text):
            hits += 1
    return hits


def header_row_index(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the row among the first few that looks most like a header (>= 2 hits)."""
    best, best_hits = None, 1
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        hits = header_hits(row)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def table_score(rows: Sequence[Sequence[str]]) -> tuple[int, int]:
    """Rank a table as a plan-table candidate.

    Layout and navigation tables are one row or one column wide, or their cells hold
    whole blocks of text; the plan table has several filled columns and a header row with
    words like Maßnahme, Ziel, Status, Wer. A table with two or more header words beats
    any without; among equals, more header words and more filled cells win.
    """
    filled_rows = [r for r in rows if any(plain(c) for c in r)]
    columns = {i for r in filled_rows for i, c in enumerate(r) if plain(c)}
    hits = max((header_hits(r) for r in rows[:_HEADER_SEARCH_ROWS]), default=0)
    size = len(filled_rows) * len(columns)
    return (1 if hits >= 2 else 0, size * (1 + hits))


def choose_plan_table(tables: Sequence[RawGrid]) -> int | None:
    """Index of the table that looks most like the plan table; ``None`` if all are empty."""
    best, best_score = None, (0, 0)
    for index, table in enumerate(tables):
        score = table_score(table.rows)
        if score > best_score:
            best, best_score = index, score
    return best


def same_row(a: Sequence[str], b: Sequence[str]) -> bool:
    return [plain(x) for x in a] == [plain(x) for x in b]


def run_start(tables: Sequence[RawGrid], chosen: int) -> int:
    """The first table of the run that the chosen table continues.

    The scorer may pick a later page of a table (it holds more rows); the pages before it
    that have the same width and carry the same header row belong to it, so their rows
    are not lost.
    """
    at = header_row_index(tables[chosen].rows)
    if at is None:
        return chosen
    header = tables[chosen].rows[at]
    start = chosen
    while start > 0:
        before = tables[start - 1]
        if before.width != tables[chosen].width or not any(
                same_row(r, header) for r in before.rows[:_HEADER_SEARCH_ROWS]):
            break
        start -= 1
    return start


def join_continuations(
    tables: Sequence[RawGrid], start: int, *, need_header: bool
) -> RawGrid:
    """The table at ``start`` plus the tables right after it that continue it.

    A continuation has the same width; a copy of the header row at its top is dropped.
    With ``need_header`` (Word, ODF: separate tables, one per area or page) only tables
    repeating the header count, and their row numbers run on from the table before, as
    a reader counting down the document would; without it (PDF pages) any same-width
    table that follows does, and its rows keep their numbers on their own page.
    """
    first = tables[start]
    header_at = header_row_index(first.rows)
    header = first.rows[header_at] if header_at is not None else None
    rows = list(first.rows)
    numbers = list(first.row_numbers)
    pages = [first.page] * len(rows)
    for table in tables[start + 1:]:
        if not table.rows or table.width > first.width:
            break
        repeat = None
        if header is not None:
            repeat = next(
                (i for i, r in enumerate(table.rows[:_HEADER_SEARCH_ROWS]) if same_row(r, header)),
                None,
            )
        if repeat is None and (need_header or table.width != first.width and (
                header is None or any(header_hits(r) >= 3
                                      for r in table.rows[:_HEADER_SEARCH_ROWS]))):
            # A narrower piece joins only as the rest of a table broken over a page (no
            # header of its own): the label and value rows of a per-measure table.
            break
        skip = 0 if repeat is None else repeat + 1
        offset = numbers[-1] if need_header and numbers else 0
        pad = [""] * (first.width - table.width)
        rows.extend(list(r) + pad for r in table.rows[skip:])
        numbers.extend(offset + n for n in table.row_numbers[skip:])
        pages.extend([table.page] * (len(table.rows) - skip))
    return RawGrid(rows, numbers, first.page, first.sheet, first.first_column, pages)


def split_title_block(grid: RawGrid) -> tuple[list[str], RawGrid]:
    """Move the rows above the header (a sheet's title block) out of the table.

    Returns the title lines (the filled cells of each row, joined) and the table from
    the header row down. Without a recognisable header the grid stays whole.
    """
    at = header_row_index(grid.rows)
    if not at:
        return [], grid
    lines = []
    for row in grid.rows[:at]:
        line = " ".join(t for t in (plain(c) for c in row) if t)
        if line:
            lines.append(line)
    rest = RawGrid(
        grid.rows[at:], grid.row_numbers[at:], grid.page, grid.sheet, grid.first_column,
        grid.pages[at:] if grid.pages else [],
    )
    return lines, rest


def trim_grid(grid: RawGrid) -> RawGrid:
    """Drop empty rows and the empty columns at the left and right edge; pad to a rectangle."""
    keep = [i for i, r in enumerate(grid.rows) if any(plain(c) for c in r)]
    rows = [grid.rows[i] for i in keep]
    numbers = [grid.row_numbers[i] for i in keep]
    pages = [grid.pages[i] for i in keep] if grid.pages else []
    used = sorted({j for r in rows for j, c in enumerate(r) if plain(c)})
    if not used:
        return RawGrid([], [], grid.page, grid.sheet, grid.first_column)
    left, right = used[0], used[-1] + 1
    rows = [(r + [""] * (right - len(r)))[left:right] for r in rows]
    return RawGrid(rows, numbers, grid.page, grid.sheet, grid.first_column + left, pages)


def check_cell_size(path: Path, raw: str, row: int, column: int, limits: ReadLimits) -> None:
    if len(raw) > limits.max_cell_chars:
        raise PlanReadError(
            path,
            f"cell in column {column + 1} has {len(raw)} characters "
            f"(limit {limits.max_cell_chars})",
            row=row,
        )


class RowCounter:
    """Counts rows as a reader produces them and stops at ``limits.max_rows``."""

    def __init__(self, path: Path, limits: ReadLimits):
        self.path, self.limits, self.count = path, limits, 0

    def add(self, row_number: int, n: int = 1) -> None:
        self.count += n
        if self.count > self.limits.max_rows:
            raise PlanReadError(
                self.path, f"more than {self.limits.max_rows} rows", row=row_number
            )


def grid_to_cells(path: Path, grid: RawGrid, limits: ReadLimits) -> list[list[Cell]]:
    """Make cells of a raw grid, enforcing the row and cell-size limits."""
    if len(grid.rows) > limits.max_rows:
        raise PlanReadError(path, f"more than {limits.max_rows} rows", row=grid.row_numbers[-1])
    cells = []
    for index, (row, number) in enumerate(zip(grid.rows, grid.row_numbers, strict=True)):
        page = grid.pages[index] if grid.pages else grid.page
        out = []
        for j, raw in enumerate(row):
            column = grid.first_column + j
            check_cell_size(path, raw, number, column, limits)
            ref = SourceRef(path.name, number, column, page=page, sheet=grid.sheet)
            out.append(make_cell(raw, ref))
        cells.append(out)
    return cells


def lines_to_raw(lines: Sequence[str], bold_lead: str = "") -> str:
    """Raw cell markup for typed text: escaped lines joined by ``<br>``.

    ``bold_lead`` is the bold start of the first line; it becomes ``<b>…</b>`` so the
    cell gets a title exactly as an HTML cell would.
    """
    escaped = [html.escape(line, quote=False) for line in lines]
    lead = bold_lead.strip()
    first = lines[0].lstrip() if lines else ""
    if lead and first.startswith(lead):
        rest = html.escape(first[len(lead):], quote=False)
        escaped[0] = f"<b>{html.escape(lead, quote=False)}</b>{rest}"
    return "<br>".join(escaped)


def no_table(path: Path) -> PlanReadError:
    return PlanReadError(path, "no table found")
