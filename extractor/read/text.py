"""Plain text that is not a delimited table: the text layer of a PDF, Markdown.

Council systems serve a PDF's text layer as .txt; converters turn documents into
Markdown. Neither keeps the table, but measure sheets survive as lines: headings with a
measure number, labelled fields ("Verantwortliche Stelle …", "Beginn: 06.2019"). Those
are read as sheets (:mod:`.sheets`); the lines above the first sheet are the title block.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import PlanReadError, Table
from . import reader
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheets_from_lines, sheets_grid, starts_sheet
from .tables import grid_to_cells

MAX_PREAMBLE_LINES = 50
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def text_lines(text: str) -> list[str]:
    """The document's lines, Markdown heading marks and emphasis taken off."""
    lines = []
    for line in text.splitlines():
        line = _MARKDOWN_HEADING.sub("", line)
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


@reader(".md", ".markdown")
def read_markdown(path: Path, limits: ReadLimits) -> Table:
    from .delimited import decode

    text = decode(path.read_bytes(), path)
    table = sheets_table(path, text, limits)
    if table is None:
        raise PlanReadError(path, "no plan found: no table and no measure sheets "
                                  "(headings with a measure number, labelled fields)")
    return table
