"""A status table after the measure sheets: "Maßnahme | 2023 | 2025", one row a measure.

Monitoring reports close their sheets with a table of every measure's state per report
year. Its text layer keeps the header ("Maßnahme20232025") and, per row, the measure
number and title with the cells glued to it or broken over lines ("…vor
Ortfortgeschrittenfortgeschritten", "als" / "Daueraufgabe" / "etabliert"). The cells
use the words of the sheets' own status field ("als Daueraufgabe etabliert",
"fortgeschritten"), so that vocabulary, learnt from the sheets, cuts them apart.

Each row adds its earlier years' cells to the sheet of the same number as dated status
fields ("Umsetzungsstand 2023"); a row without a sheet (a measure no longer monitored)
becomes a measure of its own. The table's years are columns of the sheet table, so its
latest year dates the report. A row with fewer cells than years (a cell spanning the
row) gives its cell to the first year when it has no sheet, and nothing when it has one:
which column it stands in is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .sheets import label_roles
from .textclean import HEADING, TextLine

if TYPE_CHECKING:
    from .textblocks import Block

_YEARS_HEADER = re.compile(
    r"^(?P<label>[A-ZÄÖÜ][^\d]{2,40}?)\s*(?P<years>(?:(?:19|20)\d\d\s*[|/]?\s*){2,8})$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_TERM_MAX_CHARS = 60
_SECTION_MAX_WORDS = 6


@dataclass
class StatusRow:
    line: int
    page: int | None
    ident: str
    title: str
    area: str | None
    cells: list[str] = field(default_factory=list)


def split_status_table(lines: list[TextLine]) -> tuple[list[TextLine], list[TextLine], list[str]]:
    """(lines before the table, the table's lines, its years); no table: (lines, [], [])."""
    for i, line in enumerate(lines):
        m = _YEARS_HEADER.match(line.text)
        if m and "measure" in label_roles(m.group("label")):
            years = _YEAR.findall(m.group("years"))
            if len(set(years)) == len(years) and years == sorted(years):
                return lines[:i], lines[i + 1:], years
    return lines, [], []


def vocabulary(blocks: list[Block]) -> list[str]:
    """The values of the sheets' status fields, longest first: the table's cell words."""
    terms = {" ".join(" ".join(values).split()) for b in blocks for label, values in b.fields
             if values and "status" in label_roles(label)}
    return sorted((t for t in terms if 2 < len(t) <= _TERM_MAX_CHARS), key=len, reverse=True)


def status_rows(lines: list[TextLine], terms: list[str], areas: set[str] | None = None
                ) -> list[StatusRow]:
    """The table's rows: a printed number opens one; short lines before one are areas
    (the sheets' own areas where they have any: a cell's last word is no area)."""
    content = [ln for ln in lines if ln.text]
    rows: list[StatusRow] = []
    texts: list[list[str]] = []
    area: str | None = None
    for i, line in enumerate(content):
        m = HEADING.match(line.text)
        if m:
            rows.append(StatusRow(line.number, line.page, m.group("id"), "", area))
            texts.append([m.group("title")])
            continue
        nxt = content[i + 1].text if i + 1 < len(content) else ""
        if HEADING.match(nxt) and (line.text in areas if areas else _section_like(
                line.text) and (not rows or _has_cells(texts[-1], terms))):
            area = line.text
            continue
        if rows:
            texts[-1].append(line.text)
    for row, row_lines in zip(rows, texts, strict=True):
        row.title, row.cells = _cut(row_lines, terms)
    return rows


def _section_like(text: str) -> bool:
    return (len(text.split()) <= _SECTION_MAX_WORDS and text[:1].isupper()
            and not re.search(r"[.,;:]$", text))


def _has_cells(row_lines: list[str], terms: list[str]) -> bool:
    return bool(_cut(row_lines, terms)[1])


def _opens_term(rest: str, terms: list[str]) -> bool:
    folded = " ".join(rest.split()).casefold()
    return any(folded.startswith(t.casefold()) for t in terms)


def _cut(row_lines: list[str], terms: list[str]) -> tuple[str, list[str]]:
    """A row's title and cells: cells start on the first line that opens with a status word
    or in lower case, and may be glued to the end of the title's last line."""
    # The first line from which a status word runs on; else one in lower case
    # ("zu GE-8 übergeleitet"), as a title's broken line seldom is where cells are.
    start = next((n for n in range(1, len(row_lines))
                  if _opens_term(" ".join(row_lines[n:]), terms)),
                 next((n for n, t in enumerate(row_lines) if n and t[:1].islower()),
                      len(row_lines)))
    title = " ".join(row_lines[:start])
    glued: list[str] = []
    stripped = True
    while stripped:
        stripped = False
        for term in terms:
            if title.casefold().endswith(term.casefold()) and len(title) > len(term) + 3:
                glued.insert(0, title[-len(term):])
                title = title[:-len(term)].rstrip()
                stripped = True
                break
    return " ".join(title.split()), glued + _cells(" ".join(row_lines[start:]), terms)


def _cells(text: str, terms: list[str]) -> list[str]:
    """Cells in running text: each status word, with a remark after a comma kept to it."""
    text = " ".join(text.split())
    cells: list[str] = []
    while text:
        term = next((t for t in terms if text.casefold().startswith(t.casefold())), None)
        if term is None:
            if cells and text.startswith(","):
                cells[-1] += text
            else:
                cells.append(text)
            break
        cells.append(text[:len(term)])
        text = text[len(term):].strip()
        if text.startswith(","):  # "abgeschlossen, kein weiteres Monitoring"
            rest = next((n for n in range(1, len(text)) if any(
                text[n:].casefold().startswith(t.casefold()) for t in terms)), len(text))
            cells[-1] += text[:rest].rstrip()
            text = text[rest:].strip()
    return cells


def merge_status_table(blocks: list[Block], table: list[TextLine], years: list[str]) -> None:
    """Add the table's rows to the sheets (earlier years) or as sheets of their own."""
    from .textblocks import AREA, NUMBER, TITLE, Block

    terms = vocabulary(blocks)
    label = next((lb for b in blocks for lb, v in b.fields if v and "status" in label_roles(lb)
                  and " ".join(" ".join(v).split()) in terms), None)
    if label is None or not table:
        return
    columns = [f"{label} {year}" for year in years]
    by_number = {_key(v[0]): b for b in blocks for lb, v in b.fields if lb == NUMBER and v}
    areas = {v[0] for b in blocks for lb, v in b.fields if lb == AREA and v}
    for row in status_rows(table, terms, areas):
        sheet = by_number.get(_key(row.ident))
        if sheet is not None:
            # The latest year is the sheet's own status; a short row's column is lost.
            cells = row.cells if len(row.cells) == len(years) else []
            sheet.fields.extend((col, [cell] if cell and n < len(years) - 1 else [])
                                for n, (col, cell) in enumerate(zip(columns, cells + [""] * (
                                    len(years) - len(cells)), strict=True)))
            continue
        if not row.title:
            continue
        block = Block(row.line, row.page, title_found=True, headed=True)
        block.fields = [(AREA, [row.area])] if row.area else []
        block.fields += [(NUMBER, [row.ident]), (TITLE, [row.title])]
        block.fields += [(col, [cell]) for col, cell in zip(columns, row.cells, strict=False)]
        blocks.append(block)


def _key(ident: str) -> str:
    return re.sub(r"[\s‐-]", "", ident).casefold()
