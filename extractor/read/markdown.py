"""Markdown (.md, .markdown): pipe tables, and headings as the sections around them.

Conversions of PDFs to Markdown keep the plan either as a pipe table or as headings and
prose with small tables in between. The file is parsed with markdown-it-py (CommonMark
with its table rule). A table whose header names the measure and two more roles is the
plan table and goes the normal table path, the text above it its preamble. Otherwise the
headings and paragraphs are read as text blocks (:mod:`.textblocks`): "Maßnahmen-Nr. 03"
and its title open a measure, numbered headings are areas, and a small table with year
columns inside a measure ("Jahr | 2022 | 2023", "Summe" rows of an investment plan) gives
the measure's amounts, one per year.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from ..model import PlanReadError, Table
from . import reader
from .delimited import decode
from .limits import ReadLimits
from .markdown_fields import LABEL, PLAIN, cut_partless, normalise
from .tables import (
    RawGrid,
    choose_plan_table,
    grid_to_cells,
    header_row_index,
    join_continuations,
    lines_to_raw,
    run_start,
)
from .textblocks import DESCRIPTION, find_blocks
from .textclean import TextLine, clean_text_lines
from .textlayer import blocks_table

_YEAR = re.compile(r"(?:19|20)\d\d")
_THOUSANDS = re.compile(r"in\s+(?:1\.000|tsd)|tsd\.?\s*(?:euro|€)|t€", re.IGNORECASE)
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?")
RESOURCES_LABEL = "Kosten"
_BULLETS = "•■▪●◦-–*"
_BOLD_LINE = re.compile(r"\*\*[^*]+\*\*\s*:?\s*")  # "**Time horizon**", "**Aim** :"


def _parser() -> MarkdownIt:
    # No HTML: a converted PDF has none that matters, and none is rendered here.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@reader(".md", ".markdown")
def read_markdown(path: Path, limits: ReadLimits) -> Table:
    text = decode(path.read_bytes(), path)
    tokens = _parser().parse(text)
    lines, tables, marks = _walk(tokens, limits, path)
    grids = [g for g, _ in tables]
    chosen = choose_plan_table(grids) if grids else None
    if chosen is not None and _names_measure(grids[chosen]):
        # The scorer may pick a later page of the table; its earlier pages belong to it.
        grid = join_continuations(grids, run_start(grids, chosen), need_header=True)
        above = [ln.text for ln in lines if ln.number < grid.row_numbers[0]]
        return Table(file=path.name, rows=grid_to_cells(path, grid, limits),
                     preamble=above[-50:], title=above[0] if above else None)
    lines, partless = normalise(lines, marks)
    blocks, preamble = find_blocks(clean_text_lines(lines))
    for block in blocks:  # a label of no part ends the field above it
        block.fields = [(label, values if label == DESCRIPTION else cut_partless(values, partless))
                        for label, values in block.fields]
    if not blocks:
        raise PlanReadError(path, "no plan table (a pipe table whose header names the "
                                  "measure) and no measure headings found")
    return blocks_table(path, blocks, preamble, limits)


def _names_measure(grid: RawGrid) -> bool:
    from ..columns import roles_of

    at = header_row_index(grid.rows)
    return at is not None and any("measure" in roles_of(c) for c in grid.rows[at])


def _walk(tokens, limits: ReadLimits, path: Path
          ) -> tuple[list[TextLine], list[tuple[RawGrid, list[str]]], dict[int, str]]:
    """Text lines of headings and paragraphs (tables as amount lines), the tables, and
    which lines the markup shows as labels or as plain paragraph lines."""
    lines: list[TextLine] = []
    tables: list[tuple[RawGrid, list[str]]] = []
    marks: dict[int, str] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "table_open":
            j = next(k for k in range(i, len(tokens)) if tokens[k].type == "table_close")
            grid = _table(tokens[i:j + 1], tok.map[0] + 1 if tok.map else 1)
            if len(grid.rows) > limits.max_rows:
                raise PlanReadError(path, f"more than {limits.max_rows} rows",
                                    row=grid.row_numbers[-1])
            amounts = year_amounts(grid)
            tables.append((grid, amounts))
            if grid.width == 1:  # a one-column table is a boxed block of text
                for line, mark in _box_lines(grid):
                    marks[len(lines)] = mark
                    lines.append(line)
            elif amounts:
                lines.append(TextLine(grid.row_numbers[0],
                                      f"{RESOURCES_LABEL}: " + "; ".join(amounts)))
            i = j + 1
            continue
        if tok.type == "inline" and tok.map:
            heading = i > 0 and tokens[i - 1].type == "heading_open"
            for k, part in enumerate(tok.content.split("\n")):
                # "| Time horizon" outside a table: a box cell's first line that the
                # conversion left as a paragraph.
                bold = _BOLD_LINE.fullmatch(part.strip(" |")) or part.startswith("|")
                marks[len(lines)] = LABEL if heading or bold else PLAIN
                lines.append(TextLine(tok.map[0] + 1 + k, _unbold(part).strip(" |")))
            lines.append(TextLine(tok.map[1], ""))  # blocks end with an empty line
        i += 1
    return lines, tables, marks


def _unbold(text: str) -> str:
    return " ".join(text.replace("**", "").replace("__", "").split())


def _box_lines(grid: RawGrid) -> list[tuple[TextLine, str]]:
    """The lines of a boxed block, each with whether the markup shows it as a label: in
    bold on its own, or the first line of a cell that goes on."""
    from .tables import plain

    out = []
    for row, number in zip(grid.rows, grid.row_numbers, strict=True):
        # A cell keeps its line breaks as <br>: each is a line of the box.
        parts = [p for p in row[0].split("<br>") if plain(p).strip(" |*")]
        for k, part in enumerate(parts):
            # A cell's continuation line keeps the pipe that opened it ("| The …").
            text = plain(part).replace("*", "").strip(" |")
            # A short row of its own before more rows is a label too ("| Time horizon").
            label = bool(_BOLD_LINE.fullmatch(plain(part).strip(" |"))) or (
                k == 0 and (len(parts) > 1 or len(parts) == 1 and len(text.split()) <= 6
                            and not text.endswith(".") and text[:1] not in _BULLETS))
            out.append((TextLine(number, text), LABEL if label else PLAIN))
        out.append((TextLine(number, ""), ""))
    return out


def _table(tokens, first_line: int) -> RawGrid:
    rows: list[list[str]] = []
    numbers: list[int] = []
    row: list[str] = []
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
            numbers.append(tok.map[0] + 1 if tok.map else first_line + len(numbers))
        elif tok.type == "inline":
            row.append(lines_to_raw([tok.content.strip()]) if tok.content.strip() else "")
        elif tok.type == "tr_close":
            rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return RawGrid([r + [""] * (width - len(r)) for r in rows], numbers)


def year_amounts(grid: RawGrid) -> list[str]:
    """'<row>: <amount> Euro für <year>' for a table with one column per year.

    The year header is the first row with two or more cells that are a year alone; a
    "Summe" row, where there is one, stands for the rows above it; amounts in a table
    headed "Euro in 1.000" / "Tsd. Euro" are thousands.
    """
    from .tables import plain

    texts = [[plain(c) for c in r] for r in grid.rows]
    head = next((n for n, r in enumerate(texts[:3])
                 if sum(1 for t in r if _YEAR.fullmatch(t)) >= 2), None)
    if head is None:
        return []
    years = {j: t for j, t in enumerate(texts[head]) if _YEAR.fullmatch(t)}
    body = [r for r in texts[head + 1:] if r and r[0]]
    sums = [r for r in body if r[0].casefold().startswith("summe")]
    thousands = any(_THOUSANDS.search(t) for r in texts[:head + 1] for t in r)
    out = []
    for r in sums or body:
        for j, year in years.items():
            m = _AMOUNT.search(r[j]) if j < len(r) else None
            if not m or not m.group().strip("0.,"):
                continue
            unit = "Tsd. Euro" if thousands and not re.search(r"€|euro", r[j], re.I) else "Euro"
            out.append(f"{r[0].replace('-', '')} {year}: {m.group()} {unit} für {year}")
    return out
