"""Measure sheets (Maßnahmenblätter, Steckbriefe): one small table or block per measure.

A sheet is a list of label/value fields: a two-column table ("Federführung | Amt 61"),
a four-column one (two pairs a row), or lines "Label: value" in running text. A label is
a short text that names a column role (:mod:`extractor.columns`). The fields of all
sheets become one plan table: the labels, in the order first seen, are its header and
each sheet is one row, so everything after the reader treats sheets like any table.

A sheet starts with a field naming the measure or its number, or with a heading printed
above its table ("A1.1 Klimaschutzmanagement"); a table or block without either continues
the sheet before it (a sheet broken over a page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import resolve_weak, roles_of
from .tables import RawGrid, header_row_index, lines_to_raw, plain

TITLE_LABEL = "Maßnahme"
_LABEL_MAX_CHARS = 50
_STARTS = {"measure", "number"}
_LINE_FIELD = re.compile(r"^(?P<label>[^:]{2,50}?)\s*:\s*(?P<value>.*)$")
_HEADING_NUMBER = re.compile(
    r"^(?:Maßnahme\s+|Massnahme\s+|Nr\.\s*)?(?:[A-ZÄÖÜ]{1,3}[-‐ ]?\d{1,3}[a-z]?(?:\.\d{1,3})*"
    r"|[IVX]{1,4}\.\d{1,3}|\d{1,2}(?:\.\d{1,3})+)\b")


@dataclass
class Sheet:
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, raw value)
    heading: str | None = None
    page: int | None = None

    def labels(self) -> set[str]:
        return {label for label, _ in self.fields}


def label_roles(text: str) -> list[str]:
    """The roles a field label names; none for long texts (values, not labels)."""
    label = text.strip().rstrip(":").strip()
    if not label or len(label) > _LABEL_MAX_CHARS:
        return []
    return resolve_weak({0: roles_of(label)}).get(0, [])


def grid_fields(grid: RawGrid) -> tuple[list[tuple[str, str]], str | None]:
    """The label/value pairs of a sheet table and the heading row spanning it, if any."""
    pairs: list[tuple[str, str]] = []
    heading = None
    for row in grid.rows:
        texts = [plain(c) for c in row]
        if len({t for t in texts if t}) == 1 and not label_roles(texts[0] or ""):
            if not pairs and heading is None:
                heading = next(t for t in texts if t)
            continue
        for j in range(0, len(row) - 1, 2):
            label = plain(row[j]).rstrip(":").strip()
            if label:
                pairs.append((label, row[j + 1]))
    return pairs, heading


def is_sheet_grid(grid: RawGrid) -> bool:
    if grid.width not in (2, 4) or len(grid.rows) < 2:
        return False
    pairs, _ = grid_fields(grid)
    return sum(1 for label, _ in pairs if label_roles(label)) >= 2


def sheets_from_grids(grids: list[RawGrid], headings: list[str | None]) -> list[Sheet]:
    """Sheets from the sheet-shaped tables, in document order."""
    sheets: list[Sheet] = []
    for grid, above in zip(grids, headings, strict=True):
        if not is_sheet_grid(grid):
            continue
        pairs, heading = grid_fields(grid)
        heading = heading or (above if above and _HEADING_NUMBER.match(above) else None)
        starts = any(set(label_roles(label)) & _STARTS for label, _ in pairs)
        if sheets and not starts and heading is None:
            sheets[-1].fields.extend(pairs)  # the sheet continues over a page break
            continue
        if heading is None and not starts:
            heading = above
        sheets.append(Sheet(pairs, heading, grid.page))
    return sheets


def sheets_from_lines(lines: list[tuple[str, int | None]]) -> list[Sheet]:
    """Sheets from running text: blocks of "Label: value" lines, one block a measure.

    A known label seen again, or a heading line with a measure number, starts the next
    sheet; a line without a label continues the value before it (wrapped text).
    """
    sheets: list[Sheet] = []
    pending: str | None = None
    for text, page in lines:
        text = text.strip()
        if not text:
            continue
        m = _LINE_FIELD.match(text)
        roles = label_roles(m.group("label")) if m else []
        if roles:
            label, value = m.group("label").strip(), m.group("value").strip()
            current = sheets[-1] if sheets else None
            if (current is None or pending is not None or label in current.labels()
                    or (set(roles) & _STARTS and current.labels() & _start_labels(current))):
                current = Sheet(heading=pending, page=page)
                sheets.append(current)
                pending = None
            current.fields.append((label, value))
        elif _HEADING_NUMBER.match(text) and len(text) <= 200:
            pending = text
        elif sheets and sheets[-1].fields and pending is None:
            label, value = sheets[-1].fields[-1]
            sheets[-1].fields[-1] = (label, f"{value}\n{text}")
    for sheet in sheets:  # values were collected as plain lines
        sheet.fields = [(label, lines_to_raw(value.split("\n"))) for label, value in sheet.fields]
    return [s for s in sheets if sum(1 for label, _ in s.fields if label_roles(label)) >= 2]


def starts_sheet(text: str) -> bool:
    """Whether a line is a sheet's heading or labelled field (where a title block ends)."""
    m = _LINE_FIELD.match(text.strip())
    return bool(_HEADING_NUMBER.match(text.strip()) or (m and label_roles(m.group("label"))))


def _start_labels(sheet: Sheet) -> set[str]:
    return {label for label, _ in sheet.fields if set(label_roles(label)) & _STARTS}


def sheets_grid(sheets: list[Sheet]) -> RawGrid:
    """One plan table: the labels as header, a row per sheet; a heading is the title."""
    header: list[str] = []
    needs_title = any(not any("measure" in label_roles(lb) for lb, _ in s.fields)
                      for s in sheets)
    if needs_title:
        header.append(TITLE_LABEL)
    for sheet in sheets:
        for label, _ in sheet.fields:
            if label not in header:
                header.append(label)
    rows = [[lines_to_raw([h]) for h in header]]
    for sheet in sheets:
        values: dict[str, list[str]] = {}
        for label, raw in sheet.fields:
            values.setdefault(label, []).append(raw)
        if needs_title and TITLE_LABEL not in values and sheet.heading:
            values[TITLE_LABEL] = [lines_to_raw([sheet.heading])]
        rows.append(["<br>".join(v for v in values.get(h, []) if v) for h in header])
    pages = [sheets[0].page if sheets else None] + [s.page for s in sheets]
    return RawGrid(rows, list(range(1, len(rows) + 1)), page=pages[0], pages=pages)


def sheet_grid_for(grids: list[RawGrid], chosen: int | None, headings: list[str | None],
                   lines: list[tuple[str, int | None]]) -> RawGrid | None:
    """The document's sheets as one table, when they are its plan rather than a table.

    Sheets win when no table has a header row, or when the table the scorer picked is
    itself one sheet among several.
    """
    plan_table = chosen is not None and header_row_index(grids[chosen].rows) is not None
    if plan_table and not is_sheet_grid(grids[chosen]):
        return None
    sheets = sheets_from_grids(grids, headings)
    if not sheets and not plan_table:
        sheets = sheets_from_lines(lines)
    if not sheets or (plan_table and len(sheets) < 2):
        return None
    return sheets_grid(sheets)
