"""Rows: find the header of a plan table, give its columns roles, and yield PlanRows.

Towns name their columns in many ways ("Wer?", "Zuständigkeit", "Federführung"…). A
header row is the first row in which at least three cells name a known role, one of
them the measure. The status column's header usually carries the report date
("Status 01.03.2021", "Sachstand März 2024"); a "Stand: …" line above the table is the
next place to look.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .model import Cell, PlanReadError, PlanRow, SourceRef, Table

# Role -> header words (lower case, matched at the start of a header word).
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("nr", "nummer", "lfd", "id"),
    "area": ("bereich", "handlungsfeld", "themenfeld", "themenbereich", "handlungsbereich",
             "thema", "säule"),
    "goal": ("ziel", "ziele", "leitziel", "teilziel", "zielsetzung", "handlungsziel"),
    "measure": ("maßnahme", "massnahme", "maßnahmen", "massnahmen", "projekt", "aktivität"),
    "who": ("wer", "zuständig", "verantwortlich", "federführung", "federführend", "beteiligte",
            "kooperationspartner", "partner", "akteure", "ansprechpartner", "träger",
            "umsetzung durch"),
    "timeframe": ("zeithorizont", "zeitraum", "zeitplan", "umsetzung bis", "zeitrahmen",
                  "termin", "wann", "zeit", "frist", "bis wann", "laufzeit"),
    "resources": ("ressourcen", "kosten", "finanzierung", "mittel", "budget", "haushalt"),
    "status": ("status", "stand", "sachstand", "umsetzungsstand", "stand der umsetzung",
               "bearbeitungsstand"),
}
_WORD = re.compile(r"[a-zäöüß]+(?: bis| der umsetzung| durch)?")
_MAX_HEADER_SEARCH = 40


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


def roles_of(header_text: str) -> list[str]:
    """The roles a header cell names: "Zeithorizont, Ressourcen" names two."""
    text = header_text.lower().replace("?", " ").replace("(", " ").replace(")", " ")
    words = _WORD.findall(text)
    found: list[str] = []
    for role, synonyms in ROLE_SYNONYMS.items():
        for word in words:
            if any(word == s or (len(s) > 3 and word.startswith(s)) for s in synonyms):
                found.append(role)
                break
    if "status" in found and "timeframe" in found and text.strip().startswith(("status", "stand",
                                                                                "sachstand")):
        found.remove("timeframe")
    return found


def find_header(table: Table) -> Header:
    for index, row in enumerate(table.rows[:_MAX_HEADER_SEARCH]):
        roles = {col: roles_of(cell.text) for col, cell in enumerate(row) if cell.text}
        roles = {col: r for col, r in roles.items() if r}
        named = {r for rs in roles.values() for r in rs}
        if "measure" in named and len(named) >= 3:
            return Header(index, [c.text for c in row], roles)
    seen = [" | ".join(c.text for c in row if c.text) for row in table.rows[:8]]
    seen = [s for s in seen if s][:5]
    raise PlanReadError(
        table.file,
        "no plan table recognised: no row names a measure column and two more of "
        "area, goal, who, time frame, resources, status. Headers found: "
        + ("; ".join(repr(s[:120]) for s in seen) or "none"),
    )


def header_status_date(texts: list[str]) -> dt.date | None:
    """The report date named in a status header or a "Stand: …" line."""
    from .language.dates import find_time_expressions

    for text in texts:
        if not re.search(r"status|stand|sachstand", text, re.I):
            continue
        found = [e for e in find_time_expressions(text) if e.end]
        if found:
            return found[0].end
    return None


def plan_rows(table: Table, status_date: dt.date | None = None) -> RowsResult:
    """Sort the cells of each measure row into roles."""
    header = find_header(table)
    warnings: list[str] = []
    status_cols = header.columns("status")
    header.status_date = header_status_date([header.texts[c] for c in status_cols])
    date = status_date or header.status_date or header_status_date(table.preamble)
    width = len(header.texts)
    rows: list[PlanRow] = []
    area: Cell | None = None
    goal: Cell | None = None
    header_norm = [t.lower() for t in header.texts]
    for row in table.rows[header.row_index + 1:]:
        if not any(c.text for c in row):
            continue
        if [c.text.lower() for c in row[:width]] == header_norm:
            continue  # the header repeated on a new page
        cells = {col: row[col] for col in range(min(width, len(row)))}
        if len(row) > width and any(c.text for c in row[width:]):
            warnings.append(f"{row[width].source}: cells beyond the header's {width} columns "
                            "were ignored")

        def pick(role: str, cells: dict[int, Cell] = cells) -> list[Cell]:
            return [cells[c] for c in header.columns(role) if c in cells and cells[c].text]

        measure = pick("measure")
        source = row[0].source if row else SourceRef(table.file, 0)
        if not measure:
            warnings.append(f"{source}: row without a measure was skipped")
            continue
        area = (pick("area") or [area])[0]
        goal = (pick("goal") or [goal])[0]
        number = pick("number")
        status = pick("status")
        rows.append(PlanRow(
            source=SourceRef(source.file, source.row, None, source.page, source.sheet),
            area=area, goal=goal, measure=measure[0], who=pick("who"),
            timeframe=pick("timeframe"), resources=[c for c in pick("resources")
                                                    if c not in pick("timeframe")],
            status=status[0] if status else None, status_notes=status[1:],
            number=number[0].text if number else None,
        ))
    if not rows:
        raise PlanReadError(table.file, "the plan table has a header but no measure rows",
                            row=header.row_index + 1)
    return RowsResult(header=header, rows=rows, status_date=date, warnings=warnings)
