"""Plain text files: delimited tables, else a PDF's text layer read as measure sheets.

Council information mirrors store the text layer of each PDF as ``.txt``
(``docs/file-contents/NNNN.txt``). A ``.txt`` is delimited text when its parsed dialect
gives a consistent table — most records of one width of two cells or more — and goes to
:mod:`.delimited`; a table printed cell by cell (:mod:`.linearised`) and a plan in prose
whose measures are bullets under "Mögliche Maßnahmen" (:mod:`.bulletlists`) are read as
such; otherwise it is a text layer: page furniture is removed
(:mod:`.textclean`), measure blocks are found (:mod:`.textblocks`) and each block becomes
one row of a sheet table whose header holds the field labels, so the row reader treats
it like any plan table. Every cell keeps the line of the file its block starts on.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections import Counter
from pathlib import Path

from ..model import PlanReadError, Table
from . import reader
from .bulletlists import bullet_table
from .delimited import decode, read_delimited, sniff_delimiter
from .limits import ReadLimits
from .linearised import linearised_table
from .statustable import merge_status_table, split_status_table
from .tables import RawGrid, grid_to_cells, lines_to_raw
from .text import sheets_table
from .textblocks import TITLE, Block, find_blocks, trusted
from .textclean import clean_lines, running_titles
from .textgroups import apply_groups, page_groups

log = logging.getLogger(__name__)

_CONSISTENT_SHARE = 0.6  # of the non-empty records that must have the table's width
_MIN_RECORDS = 2
_SNIFF_CHARS = 200_000


def is_delimited(text: str) -> bool:
    """Whether the text parses, with its sniffed delimiter, as one consistent table."""
    sample = text[:_SNIFF_CHARS]
    delimiter = sniff_delimiter(sample)
    try:
        records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter,
                                         strict=False) if any(c.strip() for c in r)]
    except csv.Error:
        return False
    if len(records) < _MIN_RECORDS:
        return False
    width, count = Counter(len(r) for r in records).most_common(1)[0]
    return width >= 2 and count >= _MIN_RECORDS and count >= _CONSISTENT_SHARE * len(records)


@reader(".txt")
def read_text(path: Path, limits: ReadLimits) -> Table:
    text = decode(path.read_bytes(), path)
    if is_delimited(text):
        return read_delimited(path, limits)
    table = linearised_table(path, text, limits) or bullet_table(path, text, limits)
    if table is not None:
        return table
    try:
        return read_text_layer(path, text, limits)
    except PlanReadError as exc:
        if "no table and no measure sheets" not in exc.reason:
            raise
        error = exc
    # No sheets this reader trusts: the line-by-line sheet reader, then the text as
    # delimited lines where it has any cells to show.
    table = sheets_table(path, text, limits) or read_delimited(path, limits)
    if not any(sum(1 for c in r if c.text) >= 2 for r in table.rows):
        raise error  # one text per line: no table to show
    return table


def read_text_layer(path: Path, text: str, limits: ReadLimits) -> Table:
    lines = clean_lines(text)
    if len(lines) > limits.max_rows:
        raise PlanReadError(path, f"more than {limits.max_rows} lines", row=lines[-1].number)
    lines, status_lines, years = split_status_table(lines)
    blocks, preamble = find_blocks(lines)
    if not trusted(blocks):
        raise PlanReadError(
            path, "no table and no measure sheets found: the text has neither a consistent "
                  "delimiter nor blocks with a measure number or title and two field labels "
                  "(Verantwortlich, Zeitraum, Status, …)")
    log.debug("%s: %d measure blocks in the text layer", path.name, len(blocks))
    apply_groups(blocks, page_groups(text))
    merge_status_table(blocks, status_lines, years)
    table = blocks_table(path, blocks, preamble, limits)
    running = running_titles(text)
    if running:  # the running header names the document and often its date
        table.title = running[0]
        table.preamble = [*table.preamble, *running[:3]]
        table.running_titles = running[:3]
    return table


def blocks_table(path: Path, blocks: list[Block], preamble: list[str], limits: ReadLimits
                 ) -> Table:
    """One plan table: the labels as header, one row per block, cells on its line."""
    header = [TITLE, *_label_order(blocks)]
    rows = [[lines_to_raw([h]) for h in header]]
    for block in blocks:
        values: dict[str, list[str]] = {}
        for label, lines in block.fields:
            if lines:
                kept = _capped(_answers(lines), limits)
                if kept:
                    values.setdefault(label, []).append(lines_to_raw(kept))
        rows.append(["<br>".join(values.get(h, [])) for h in header])
    numbers = [blocks[0].line] + [b.line for b in blocks]
    pages = [blocks[0].page] + [b.page for b in blocks]
    grid = RawGrid(rows, numbers, page=pages[0], pages=pages)
    return Table(file=path.name, rows=grid_to_cells(path, grid, limits),
                 preamble=preamble[:50], title=preamble[0] if preamble else None,
                 layout="sheets")


def _label_order(blocks: list[Block]) -> list[str]:
    """The labels in the order the sheets print them, whichever sheet names one first.

    A sheet that lacks "Umsetzungsstand" must not put "Aktueller Stand" before it: each
    label's place is its mean relative position over the sheets that have it.
    """
    places: dict[str, list[float]] = {}
    for block in blocks:
        labels = list(dict.fromkeys(label for label, _ in block.fields if label != TITLE))
        for n, label in enumerate(labels):
            places.setdefault(label, []).append(n / max(len(labels), 1))
    return sorted(places, key=lambda label: sum(places[label]) / len(places[label]))


# A form's printed question over its answer: "Welche a) kommunalen Akteure und" … "müssen
# einbezogen werden?", "Wie hoch schätzen Sie die Kosten des Projektes ein?".
_QUESTION_START = re.compile(r"(?:Welche[rsn]?|Wie|Was|Wer|Wann|Wo|Wieviel|Gibt es|Fallen|Sind"
                             r"|Ist|Kann|Können|Müssen)\b")
_QUESTION_LINES = 4


def _answers(lines: list[str]) -> list[str]:
    """A field's lines without the questions a questionnaire sheet prints above answers."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _QUESTION_START.match(lines[i].strip()):
            ends = next((j for j in range(i, min(i + _QUESTION_LINES, len(lines)))
                         if lines[j].rstrip().endswith("?")), None)
            if ends is not None:
                i = ends + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def _capped(lines: list[str], limits: ReadLimits) -> list[str]:
    """A field's lines up to the cell limit: the rest of a runaway field is prose."""
    kept, size = [], 0
    for line in lines:
        size += len(line) + 4
        if size > limits.max_cell_chars // 2:
            log.warning("a text-layer field was cut at %d characters", size)
            break
        kept.append(line)
    return kept
