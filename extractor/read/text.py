"""Plain text that is not a delimited table: the text layer of a PDF, Markdown.

Council systems serve a PDF's text layer as .txt; converters turn documents into
Markdown. Neither keeps the table, but measure sheets survive as lines: headings with a
measure number, labelled fields ("Verantwortliche Stelle …", "Beginn: 06.2019"). Those
are read as sheets (:mod:`.sheets`); the lines above the first sheet are the title block.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..columns import names_plan_columns
from ..model import PlanReadError, Table
from . import reader
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheets_from_lines, sheets_grid, starts_sheet
from .tables import (
    RawGrid,
    choose_plan_table,
    grid_to_cells,
    join_continuations,
    plain,
    run_start,
    trim_grid,
)

MAX_PREAMBLE_LINES = 50
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ONE_CELL = re.compile(r"\|[^|]*\|?")
_PIPE = re.compile(r"(?<!\\)\|")
_RULE = re.compile(r":?-{3,}:?")


def text_lines(text: str) -> list[str]:
    """The document's lines, Markdown heading marks and emphasis taken off."""
    lines = []
    for line in text.splitlines():
        line = _MARKDOWN_HEADING.sub("", line)
        if _ONE_CELL.fullmatch(line.strip()):  # a one-column pipe table boxes a paragraph
            line = line.strip().strip("|")
        lines.append(re.sub(r"\*\*|__", "", line))
    return lines


def sheets_table(path: Path, text: str, limits: ReadLimits) -> Table | None:
    """The text's measure sheets as a plan table, or None when it holds none."""
    lines = text_lines(text)
    if len(lines) > limits.max_rows * 10:
        raise PlanReadError(path, f"more than {limits.max_rows * 10} lines")
    sheets = sheets_from_lines([(line, None) for line in lines])
    if not sheets:
        return None
    preamble = []
    for line in lines:
        if starts_sheet(line):
            break
        if normalise_space(line):
            preamble.append(normalise_space(line))
    preamble = preamble[:MAX_PREAMBLE_LINES]
    return Table(file=path.name, rows=grid_to_cells(path, sheets_grid(sheets), limits),
                 preamble=preamble, title=preamble[0] if preamble else None, layout="sheets")


def markdown_grids(text: str) -> list[RawGrid]:
    """Pipe tables ("| a | b |"), one grid per block of table lines; rows keep line numbers."""
    grids: list[RawGrid] = []
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in _PIPE.split(stripped.strip("|"))]
            if not all(_RULE.fullmatch(c) for c in cells if c) or not any(cells):
                rows.append([html.escape(c.replace("\\|", "|"), quote=False) for c in cells])
                numbers.append(number)
            continue
        if rows:
            width = max(len(r) for r in rows)
            grids.append(RawGrid([r + [""] * (width - len(r)) for r in rows], numbers))
            rows, numbers = [], []
    return [g for g in (trim_grid(g) for g in grids) if g.rows]


def _plan_grid(grids: list[RawGrid]) -> RawGrid | None:
    """The pipe table that is a plan table, with the tables continuing it (same width)."""
    chosen = choose_plan_table(grids)
    # A one-column "table" (a converter's way of boxing prose) is no plan table, whatever
    # its first cell says.
    if chosen is None or grids[chosen].width < 2 or not any(
            names_plan_columns([plain(c) for c in r]) for r in grids[chosen].rows[:10]):
        return None
    return join_continuations(grids, run_start(grids, chosen), need_header=False)


@reader(".md", ".markdown")
def read_markdown(path: Path, limits: ReadLimits) -> Table:
    from .delimited import decode

    text = decode(path.read_bytes(), path)
    grid = _plan_grid(markdown_grids(text))
    if grid is not None:
        lines = [normalise_space(t) for t in text_lines(text)[:grid.row_numbers[0] - 1]]
        preamble = [t for t in lines if t and not t.startswith("|")][:MAX_PREAMBLE_LINES]
        return Table(file=path.name, rows=grid_to_cells(path, grid, limits), preamble=preamble,
                     title=preamble[0] if preamble else None)
    table = sheets_table(path, text, limits)
    if table is None:
        raise PlanReadError(path, "no plan found: no table and no measure sheets "
                                  "(headings with a measure number, labelled fields)")
    return table
