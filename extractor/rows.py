"""Rows: find the header of a plan table, give its columns roles, and yield PlanRows.

A header row is the first row in which at least three cells name a known role (see
:mod:`.columns`), one of them the measure, or, with a user's mapping, the row that
names the most mapped columns. The status column's header usually carries the report
date ("Status 01.03.2021", "Sachstand März 2024"); several status columns, one per
year, give a measure several dated statuses.

A row with one text only (its first cell filled, or one cell spanning the row:
"A. Wärme und Strom", "Handlungsfeld 3: Bildung") is a section: the area of the rows
below it, not a measure. A number printed before a measure's title ("A1.1", "Ü-1")
becomes the measure's number when no number column gives one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .columns import header_key, mapping_template, resolve_weak, roles_of
from .model import Cell, DatedStatus, PlanReadError, PlanRow, SourceRef, Table
from .row_fields import (
    attach,
    continuation_of,
    extend,
    label_of,
    split_area_number,
    split_pair_headers,
)

__all__ = ["Header", "RowsResult", "find_header", "header_status_date", "plan_rows",
           "roles_of", "split_number"]

_MAX_HEADER_SEARCH = 40
_SECTION_MAX_CHARS = 150
# A measure number printed before its title: "A1.1", "Ü-1", "B3", "III.2", "3.2", "12."
_NUMBER = re.compile(
    r"(?P<n>(?:[A-ZÄÖÜ]{1,3}[-‐ ]?\d{1,3}[a-z]?(?:\.\d{1,3})*"
    r"|[IVX]{1,4}\.\d{1,3}(?:\.\d{1,3})*|\d{1,2}(?:\.\d{1,3})+|\d{1,3}(?=[.)]\s)))"
    r"[.):]?\s+(?=\S)")
_ZERO = re.compile(r"0(?:[.,]0+)?(?:\s?€)?")
_ENUMERATED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+(?=\S)")
_TIME_WORD = re.compile(r"fristig|sofort|zeitnah|laufend|dauerhaft|\b(19|20)\d\d\b", re.I)
# A year alone before a sentence, at the start or after a sentence ends.
_YEAR_HEADING = re.compile(r"(?:^|(?<=[.!?:)“\"]\s))(?P<label>(?:19|20)\d\d)\s(?=[A-ZÄÖÜ„\"])")
# "2015/16: …", "Stand 2017/2018: …" at the start of a paragraph of a status cell.
_DATED_PARAGRAPH = re.compile(
    r"(?:^|(?<=\s))(?P<label>(?:(?:Stand|Sachstand|Status)\s+)?"
    r"(?:\d{1,2}\.\s?)?(?:\d{1,2}\.\s?)?(?:19|20)\d\d(?:\s?[/–-]\s?(?:19|20)?\d\d)?)\s?:\s")


@dataclass
class Header:
    row_index: int
    texts: list[str]
    roles: dict[int, list[str]]  # column -> roles
    status_date: dt.date | None = None

    def columns(self, role: str) -> list[int]:
        return [col for col, roles in self.roles.items() if role in roles]


@dataclass
class RowsResult:
    header: Header
    rows: list[PlanRow]
    status_date: dt.date | None
    warnings: list[str] = field(default_factory=list)
    status_date_source: str | None = None
    above: list[str] = field(default_factory=list)  # the text above the header row


def _row_roles(row: list[Cell], mapping: dict[str, str] | None) -> dict[int, list[str]]:
    roles: dict[int, list[str]] = {}
    for col, cell in enumerate(row):
        if not cell.text:
            continue
        if mapping is not None and header_key(cell.text) in mapping:
            roles[col] = [mapping[header_key(cell.text)]]
        elif mapping is None or not mapping:
            roles[col] = roles_of(cell.text)
    resolved = {c: [n for n in r if n != "ignore"] for c, r in resolve_weak(roles).items()}
    roles = {c: r for c, r in resolved.items() if r}
    return roles if mapping else split_pair_headers([c.text for c in row], roles)


def find_header(table: Table, mapping: dict[str, str] | None = None) -> Header:
    """The header row; with ``mapping`` (header -> role) the row naming most mapped columns."""
    best: Header | None = None
    for index, row in enumerate(table.rows[:_MAX_HEADER_SEARCH]):
        roles = _row_roles(row, mapping)
        named = {r for rs in roles.values() for r in rs}
        if "measure" not in named:
            continue
        if mapping and len(roles) >= 2 and (best is None or len(roles) > len(best.roles)):
            best = Header(index, [c.text for c in row], roles)
        elif not mapping and (len(named) >= 3 or len(roles) >= 3):
            # Three columns named, say a measure and amounts per year ("2014", "2015"…).
            return Header(index, [c.text for c in row], roles)
    if best is not None:
        return best
    raise _unrecognised(table, mapping)


def _unrecognised(table: Table, mapping: dict[str, str] | None) -> PlanReadError:
    seen = [" | ".join(c.text for c in row if c.text) for row in table.rows[:8]]
    seen = [s for s in seen if s][:5]
    # The likeliest header: the first row with the most filled short cells.
    candidates = table.rows[:_MAX_HEADER_SEARCH]
    likely = max(candidates, key=lambda r: sum(1 for c in r if 0 < len(c.text) <= 60),
                 default=[])
    what = ("no row names a mapped measure column and one more mapped column" if mapping
            else "no row names a measure column and two more of area, goal, who, time frame, "
                 "resources, status")
    return PlanReadError(
        table.file,
        f"no plan table recognised: {what}. Headers found: "
        + ("; ".join(repr(s[:120]) for s in seen) or "none")
        + ". Give the columns' roles with --mapping FILE; a mapping to start from:\n"
        + mapping_template([c.text for c in likely]),
    )


def header_status_date(texts: list[str]) -> dt.date | None:
    """The report date named in a status header or a "Stand: …" line."""
    from .language.dates import find_time_expressions

    for text in texts:
        if not re.search(r"status|stand|sachstand|betrachtungszeitraum|berichtszeitraum", text,
                         re.I):
            continue
        found = [e for e in find_time_expressions(text) if e.end]
        if found:
            return found[0].end
    return None


def _date_of(label: str) -> dt.date | None:
    from .language.dates import find_time_expressions

    found = [e for e in find_time_expressions(label) if e.end]
    return found[-1].end if found else None


def split_number(cell: Cell) -> tuple[str | None, Cell]:
    """The number printed before a measure's title, and the cell without it."""
    m = _NUMBER.match(cell.text)
    if not m or len(cell.text) - m.end() < 3:
        return None, cell
    rest = cell.text[m.end():]
    title = cell.title
    if title and title.startswith(m.group("n")):
        title = _NUMBER.sub("", title, count=1) or None
    return m.group("n").replace("‐", "-"), replace(cell, text=rest, title=title)


def _is_section(row: list[Cell], width: int, dense: bool, header: Header) -> Cell | None:
    """The heading cell of a section row, or None when the row is a measure."""
    # A zero amount is no content: a budget heading row carries its (empty) sum.
    filled = [c for c in row[:width] if c.text and not _ZERO.fullmatch(c.text)]
    texts = {c.text for c in filled}
    if width < 3 or not filled:
        return None
    if len(texts) == 1:
        only = filled[0]
        spans = len(filled) == width
        first = only is row[0] or only.source.column == row[0].source.column
        numbered = _ENUMERATED.match(only.text) is not None
        if (spans or first or numbered and len(filled) < len([c for c in row[:width] if c.text])
                ) and len(only.text) <= _SECTION_MAX_CHARS:
            return _without_enumerator(only)
        return None
    # "A | Wärme und Strom | | |": a section number and its name, where rows are dense.
    key = set(header.columns("number")) | set(header.columns("area"))
    cols = [j for j, c in enumerate(row[:width]) if c.text]
    if dense and len(cols) == 2 and cols[0] in key and cols[1] <= 2 and width >= 4:
        return replace(filled[1], text=filled[1].text, title=None, description=None)
    return None


def _without_enumerator(cell: Cell) -> Cell:
    """ "6.1 Übergreifendes", "A. Wärme und Strom" name the areas "Übergreifendes", …"""
    text = _ENUMERATED.sub("", cell.text).strip()
    return replace(cell, text=text, title=None, description=None) if text else cell


def _statuses(cells: dict[int, Cell], header: Header, dates: dict[int, dt.date | None]
              ) -> list[DatedStatus]:
    """Every dated status of a row, oldest first: per status column and dated paragraph."""
    found: list[DatedStatus] = []
    for col in header.columns("status"):
        cell = cells.get(col)
        if cell is None or not cell.text:
            continue
        parts = list(_DATED_PARAGRAPH.finditer(cell.text)) or _year_headed(cell.text)
        if parts and parts[0].start() == 0:
            for m, nxt in zip(parts, [*parts[1:], None], strict=True):
                text = cell.text[m.end(): nxt.start() if nxt else None].strip()
                if text:
                    found.append(DatedStatus(cell, text, _date_of(m.group("label")),
                                             m.group("label")))
            continue
        found.append(DatedStatus(cell, cell.text, dates.get(col), header.texts[col]))
    dated = sorted((s for s in found if s.date), key=lambda s: s.date or dt.date.min)
    return [*dated, *(s for s in found if not s.date)]


def _year_headed(text: str) -> list[re.Match[str]]:
    """Paragraphs headed by a year alone ("2008 Zukunftswerkstatt … 2009 Die …"), when
    the cell opens with one and two or more follow in order: a sheet's yearly states."""
    parts = list(_YEAR_HEADING.finditer(text))
    years = [m.group("label") for m in parts]
    if len(parts) < 2 or parts[0].start() != 0 or years != sorted(set(years)):
        return []
    return parts


def _status_dates(header: Header) -> dict[int, dt.date | None]:
    return {col: header_status_date([header.texts[col]]) or _year_label(header.texts[col])
            for col in header.columns("status")}


def _year_label(text: str) -> dt.date | None:
    # A status column headed by a year alone ("2015/16") dates its statuses too.
    return _date_of(text) if re.search(r"\b(19|20)\d\d\b", text) else None


def _timeframe_cells(pick, header: Header) -> list[Cell]:
    cells = pick("timeframe")
    if not header.columns("timeframe"):
        # "Priorität: kurzfristig" is a time frame; "hoch" is not.
        cells = [c for c in pick("priority") if _TIME_WORD.search(c.text)]
    return cells


def plan_rows(table: Table, status_date: dt.date | None = None,
              mapping: dict[str, str] | None = None) -> RowsResult:
    """Sort the cells of each measure row into roles."""
    header = find_header(table, mapping)
    warnings: list[str] = []
    col_dates = _status_dates(header)
    header.status_date = max((d for d in col_dates.values() if d), default=None)
    date, source, above = _report_date(table, header, status_date)
    width = len(header.texts)
    body = [r for r in table.rows[header.row_index + 1:] if any(c.text for c in r)]
    dense = sum(1 for r in body if sum(1 for c in r[:width] if c.text) >= 3) > len(body) / 2
    rows: list[PlanRow] = []
    area: Cell | None = None
    goal: Cell | None = None
    header_norm = [t.lower() for t in header.texts]
    last_field: str | None = None
    for row in body:
        if [c.text.lower() for c in row[:width]] == header_norm:
            continue  # the header repeated on a new page
        labelled = label_of(row, width, header.roles.get(0, [])) if rows else None
        if labelled is not None:
            last_field = labelled[0]
            attach(rows[-1], *labelled[:1], row[0].text, labelled[1], _date_of(row[0].text))
            continue
        more = continuation_of(row, width) if last_field else None
        if more is not None:
            extend(rows[-1], last_field, more)
            continue
        last_field = None
        section = _is_section(row, width, dense, header)
        if section is not None:
            area, goal = section, None
            continue
        cells = {col: row[col] for col in range(min(width, len(row)))}
        if len(row) > width and any(c.text for c in row[width:]):
            warnings.append(f"{row[width].source}: cells beyond the header's {width} columns "
                            "were ignored")

        def pick(role: str, cells: dict[int, Cell] = cells) -> list[Cell]:
            return [cells[c] for c in header.columns(role) if c in cells and cells[c].text]

        made = _plan_row(row, table, header, pick, col_dates, area, goal)
        if made is None:
            warnings.append(f"{row[0].source if row else table.file}: row without a measure "
                            "was skipped")
            continue
        rows.append(made)
        area, goal = made.area, made.goal
    if not rows:
        raise PlanReadError(table.file, "the plan table has a header but no measure rows",
                            row=header.row_index + 1)
    return RowsResult(header=header, rows=rows, status_date=date, warnings=warnings,
                      status_date_source=source, above=above)


def _report_date(table: Table, header: Header, given: dt.date | None
                 ) -> tuple[dt.date | None, str | None, list[str]]:
    """The report's date, where it came from, and the lines above the table."""
    # Rows above the header (a CSV's title lines) count as text above the table; a title
    # broken over two lines ("… Sachstandsbericht" / "2017/2018") is read joined.
    above = [*table.preamble, *(" ".join(c.text for c in r if c.text)
                                for r in table.rows[:header.row_index])]
    above = [t for t in above if t]
    preamble_date = header_status_date(above) or header_status_date(
        [" ".join(above[i:i + 2]) for i in range(len(above) - 1)])
    date = given or header.status_date or preamble_date
    source = ("option" if given else "header" if header.status_date
              else "stand-line" if preamble_date else None)
    return date, source, above


def _plan_row(row: list[Cell], table: Table, header: Header, pick, col_dates,
              area: Cell | None, goal: Cell | None) -> PlanRow | None:
    measure = pick("measure")
    if not measure:
        return None
    source = row[0].source if row else SourceRef(table.file, 0)
    number = [c.text for c in pick("number")]
    areas = pick("area")
    if areas and number and areas[0] is pick("number")[0]:
        # One column "Handlungsfeld / Nr.": "Übergreifend Ü1" is an area and a number.
        areas[0], split = split_area_number(areas[0])
        number = [split] if split else []
    printed, title_cell = split_number(measure[0])
    if printed and (not number or number[0] == printed):
        number = [printed]
    statuses = _statuses({c: row[c] for c in header.columns("status") if c < len(row)},
                         header, col_dates)
    undated = [s for s in statuses if not s.date]
    dated = [s for s in statuses if s.date]
    # An undated status column is the current one; dated ones are its history.
    latest = undated[0] if undated else (dated[-1] if dated else None)
    earlier = dated if undated else dated[:-1]
    status_cell = None
    if latest is not None:
        status_cell = latest.cell if latest.text == latest.cell.text else replace(
            latest.cell, text=latest.text, title=None, description=None)
    timeframe = _timeframe_cells(pick, header)
    description = pick("description")
    return PlanRow(
        source=SourceRef(source.file, source.row, None, source.page, source.sheet),
        area=(areas or [area])[0], goal=(pick("goal") or [goal])[0],
        measure=title_cell, who=pick("who"), timeframe=timeframe,
        resources=[c for c in pick("resources") if c not in timeframe],
        status=status_cell, number=number[0] if number else None,
        description=description[0] if description else None,
        earlier_statuses=earlier, status_notes=[s.cell for s in undated[1:]],
        status_date=latest.date if latest is not None else None,
    )
