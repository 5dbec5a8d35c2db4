"""Plans in prose: the measures are bullets under a label line ("Mögliche Maßnahmen").

Integrationspläne, Aktionspläne Inklusion and similar concepts describe each field of
action in prose — Ausgangslage, Ziel, Indikatoren — and list what could be done as
bullets under a line of its own ("Mögliche Maßnahmen", "Maßnahmen:",
"Handlungsempfehlungen"), followed by the next label ("Strukturen und Netzwerke",
"Berichterstattung, Controlling"). Each bullet is a measure, its area the numbered
heading above ("4.1.1Vorschulische Bildung", the number glued on by the text layer), its
goal the text under the section's "Ziel". Indicator bullets are not measures: only a list
under a measures label is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..columns import roles_of
from ..model import Table
from .limits import ReadLimits
from .tables import RawGrid, grid_to_cells, lines_to_raw

_LABEL = re.compile(r"(?:mögliche|geplante|vorgeschlagene|empfohlene|konkrete)?\s*"
                    r"(?:maßnahmen|massnahmen|maßnahmenvorschläge|handlungsempfehlungen"
                    r"|mögliche maßnahme)\s*:?", re.IGNORECASE)
_GOAL = re.compile(r"(?:ziel|ziele|zielsetzung|leitziel)\s*:?", re.IGNORECASE)
_BULLET = re.compile(r"^[-–•▪●◦]\s*(?P<text>\S.*)$")
_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*(?P<title>[A-ZÄÖÜ][^.]{2,80})$")
_NUMBER_ONLY = re.compile(r"\d{1,3}")
# Labels that close a list or a goal in such plans, besides any line naming a column role
_SECTION_LABELS = {"ausgangslage", "indikator", "indikatoren", "strukturen und netzwerke",
                   "berichterstattung, controlling", "berichterstattung", "controlling",
                   "zielgruppe", "zielgruppen", "kennzahlen", "netzwerke", "ressourcen"}
_LABEL_WORDS = 4
_MIN_LISTS = 2
_MIN_BULLETS = 2


@dataclass
class _Item:
    line: int
    area: str
    goal: str
    text: str


def bullet_table(path: Path, text: str, limits: ReadLimits) -> Table | None:
    """The plan's bullets under measures labels as a table, or None when it has none."""
    lines = [" ".join(t.split()) for t in text.replace("\r\n", "\n").split("\n")]
    items: list[_Item] = []
    lists = 0
    area, goal = "", ""
    state: str | None = None  # "goal" or "measures" while inside one
    for number, line in enumerate(lines, start=1):
        if not line or _NUMBER_ONLY.fullmatch(line):
            continue  # blank lines, page numbers, footnote marks
        heading = _HEADING.match(line)
        if heading and "." in heading["num"] and not line.endswith("-"):
            area, goal, state = heading["title"].strip(), "", None
            continue
        if _LABEL.fullmatch(line):
            state, lists = "measures", lists + 1
            continue
        if _GOAL.fullmatch(line):
            state, goal = "goal", ""
            continue
        if _closes(line):
            state = None
            continue
        if state == "goal":
            goal = _join(goal, line.lstrip("-–• "))
        elif state == "measures":
            bullet = _BULLET.match(line)
            if bullet:
                items.append(_Item(number, area, goal, bullet["text"]))
            elif items and items[-1].line <= number:
                items[-1].text = _join(items[-1].text, line)
    if lists < _MIN_LISTS or len(items) < _MIN_BULLETS * _MIN_LISTS:
        return None
    header = ["Handlungsfeld", "Ziel", "Maßnahme"]
    rows = [[lines_to_raw([h]) for h in header]]
    rows += [[lines_to_raw([i.area]) if i.area else "", lines_to_raw([i.goal]) if i.goal else "",
              lines_to_raw([i.text])] for i in items]
    numbers = [items[0].line, *(i.line for i in items)]
    grid = RawGrid(rows, numbers)
    title = next((ln for ln in lines if ln and not _NUMBER_ONLY.fullmatch(ln)), None)
    return Table(file=path.name, rows=grid_to_cells(path, grid, limits),
                 preamble=[title] if title else [], title=title, layout="bullet lists")


def _closes(line: str) -> bool:
    """A label line that ends the list or goal above it."""
    key = line.casefold().rstrip(":").strip()
    if key in _SECTION_LABELS:
        return True
    words = line.split()
    return (len(words) <= _LABEL_WORDS and line[:1].isupper() and not line.endswith(("-", ","))
            and bool(roles_of(line)) and not _BULLET.match(line))


def _join(text: str, line: str) -> str:
    """A wrapped line appended: a word hyphenated at the line end is joined."""
    if not text:
        return line
    if text.endswith("-") and line[:1].islower():
        return text[:-1] + line
    return f"{text} {line}"
