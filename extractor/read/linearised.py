"""Linearised tables: a PDF table whose text layer prints each cell on lines of its own.

Narrow multi-column tables come out of many text layers cell after cell, column after
column: the measure number and the first cell on one line, then the lines of the next
cell, wrapped and hyphenated, then the next; the header is repeated on every page, page
numbers stand alone and a totals line closes each section. Such a text has no labelled
fields, so :mod:`.textblocks` finds nothing in it.

A row starts where the document prints a record opener (:mod:`.linearised_rows`): a
measure number at the line start under a header block, or a line of one recurring shape
that holds a measure code ("2022/2129HHS_V1I1000"). The lines of a row are given to the
columns by their shape (:mod:`.cellshapes`): months for the when-column, amounts for the
money columns, counts for the numeric ones, a street address closing the title cell, the
unit glued to the title. The rows become one plan table with the reader's own labels
(and the document's status header, which names the report's date), so the row reader
treats them like any table.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..model import Table
from .cellshapes import join_cell
from .limits import ReadLimits
from .linearised_amounts import amount_rows
from .linearised_decisions import decision_rows
from .linearised_persons import person_rows
from .linearised_program import program_rows
from .linearised_rows import LinearRow, coded_rows, numbered_rows, raw_lines
from .tables import RawGrid, grid_to_cells, lines_to_raw

log = logging.getLogger(__name__)

_MIN_ROWS = 3
NUMBER, AREA, TITLE, WHO, WHEN = "Nr.", "Bereich", "Maßnahme", "Zuständig", "Zeitraum"
STATUS = "Sachstand"
DESCRIPTION = "Kurzbeschreibung"
MONEY = "Kosten"


def linearised_table(path: Path, text: str, limits: ReadLimits) -> Table | None:
    """The text's linearised table as a plan table, or None when it holds none."""
    lines = raw_lines(text)
    if len(lines) > limits.max_rows:
        return None  # the text-layer reader says why
    for layout in (numbered_rows, coded_rows, decision_rows, person_rows, program_rows,
                   amount_rows):
        # a decision list's amount column holds bare numbers a page number looks like
        found = (decision_rows(raw_lines(text, page_numbers=False))
                 if layout is decision_rows else layout(lines))
        if found is None:
            continue
        rows, status_label, preamble = found
        if len(rows) >= _MIN_ROWS:
            log.debug("%s: %d rows of a linearised table (%s)", path.name, len(rows),
                      layout.__name__)
            return _table(path, rows, status_label, preamble, limits)
    return None


def _table(path: Path, rows: list[LinearRow], status_label: str | None, preamble: list[str],
           limits: ReadLimits) -> Table:
    money = max((len(r.amounts) for r in rows), default=0)
    years = rows[0].amount_years if rows else []
    money_labels = [f"{MONEY} {years[n - money + len(years)]}".strip()
                    if n - money + len(years) >= 0 else MONEY for n in range(money)]
    header = [NUMBER, AREA, TITLE, WHO]
    if any(r.when for r in rows):
        header.append(WHEN)
    if any(r.status for r in rows):
        header.append(status_label or STATUS)
    if any(r.description for r in rows):
        header.append(DESCRIPTION)
    header.extend(money_labels)
    grid_rows: list[list[str]] = [[lines_to_raw([h]) for h in header]]
    for row in rows:
        cells = [row.number or "", row.area or "", row.title, "; ".join(row.who)]
        if WHEN in header:
            cells.append(" ".join(row.when))
        if len(header) > 4 + (WHEN in header) + (DESCRIPTION in header) + len(money_labels):
            cells.append(join_cell(row.status))
        if DESCRIPTION in header:
            cells.append(join_cell(row.description))
        cells.extend(row.amounts + [""] * (money - len(row.amounts)))
        grid_rows.append([lines_to_raw([c]) if c else "" for c in cells])
    numbers = [rows[0].line, *(r.line for r in rows)]
    pages = [rows[0].page, *(r.page for r in rows)]
    grid = RawGrid(grid_rows, numbers, page=pages[0], pages=pages)
    preamble = preamble[:50]
    return Table(file=path.name, rows=grid_to_cells(path, grid, limits), preamble=preamble,
                 title=preamble[0] if preamble else None, layout="linearised table")
