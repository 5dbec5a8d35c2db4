"""Linearised rows whose who-column names persons: "Leitprojekt | Verantwortliche | Status".

Tables of projects with the persons who lead them come out of text layers cell after
cell, and often two or three cells on one line ("Neukonzeption Verwaltungsflächen Ulrich
Marx / Katrin Fritz (HGW) Wegen wegfallender …"). Each row has one firm point: where its
who-cell starts, a given name (:func:`~extractor.name_tables.given_names`, "Dr." before it
allowed) followed by a family name. The who-cell runs on over the names joined by "/",
"und" or "," and the units in brackets after them ("(alle IT)", "(bis Sept. 2021)"); what
follows it is the status cell, up to the next row's title. The title is what stands before
the who-cell on its line, else the short lines right above it (at most three, back to one
that closes the cell above: a date, a full stop).

A table runs from a header block naming a who- and a status-column to the next numbered
heading ("2. Resümee zum Korridorthema"); the numbered heading above the header
("2.2.1. Zukunft Innenstadt") is the rows' area.
"""

from __future__ import annotations

import re

from ..columns import roles_of
from ..name_tables import given_names
from .cellshapes import join_cell
from .linearised_rows import Found, LinearRow
from .textclean import TextLine

_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_NAME = rf"(?:Dr\.\s+)?{_WORD}\s+{_WORD}"
_PAREN = r"\s*\([^()]{1,80}\)"
_WHO = re.compile(rf"{_NAME}(?:{_PAREN})*(?:\s*(?:/|,|\bund\b)\s*{_NAME}(?:{_PAREN})*)*")
# "2. Resümee", "2.2.1. Zukunft Innenstadt"; not "11.10.21 Expertenkolloquium" nor
# "9. Mai 2022: …" in a status cell.
_MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
           "|Dezember")
_HEADING = re.compile(
    rf"^[1-9](?:\.[1-9]\d?)*\.?\s+(?!(?:{_MONTHS})\b)(?P<title>[A-ZÄÖÜ].{{1,80}})$")
_AREA = re.compile(r"^[1-9](?:\.[1-9]\d?)+\.?\s+(?P<title>[A-ZÄÖÜ].{1,80})$")
_BROKEN_TITLE = re.compile(r"[–\-/]$|\b(?:und|oder|für|mit|der|des)$")
_WORD_START = re.compile(r"(?<!\S)(?=(?:Dr\.\s+)?[A-ZÄÖÜ])")
_HEADER_LINES = 6
_TITLE_LINES = 3
_WHO_LINES = 8
_TITLE_LINE_CHARS = 36
_MIN_ROWS = 3


def person_rows(lines: list[TextLine]) -> Found | None:
    """Rows anchored at the start of their who-cell, under who/status headers."""
    content = [ln for ln in lines if ln.text]
    rows: list[LinearRow] = []
    preamble: list[str] = []
    i = 0
    while i < len(content):
        end = _header_end(content, i)
        if end is None:
            i += 1
            continue
        if not rows:
            preamble = [ln.text for ln in content[:i]]
        stop = next((k for k in range(end, len(content)) if _HEADING.match(content[k].text)),
                    len(content))
        rows.extend(_rows(content[end:stop], _area_above(content, i)))
        i = stop
    if len(rows) < _MIN_ROWS:
        return None
    return rows, None, preamble


def _header_end(content: list[TextLine], i: int) -> int | None:
    """Where the header block starting at line ``i`` ends, if one starts there."""
    if "who" not in roles_of(content[i].text) and "measure" not in roles_of(content[i].text):
        return None
    roles: set[str] = set()
    for k in range(i, min(i + _HEADER_LINES, len(content))):
        text = content[k].text
        if len(text) > 45 or _anchor(text) is not None:
            break
        roles.update(roles_of(text))
        if {"who", "status"} <= roles:
            while k + 1 < len(content) and content[k].text.endswith("/"):
                k += 1  # "Status /" + "Aktuelle GR-Beteiligung"
            return k + 1
    return None


def _area_above(content: list[TextLine], i: int) -> str | None:
    for k in range(i - 1, max(i - 40, -1), -1):
        m = _AREA.match(content[k].text)
        if m:
            return m.group("title").strip()
    return None


def _anchor(text: str) -> re.Match[str] | None:
    """The start of a who-cell in a line: a list of persons led by a given name."""
    names = given_names()
    for start in _WORD_START.finditer(text):
        m = _WHO.match(text, start.start())
        if m is None:
            continue
        first = m.group(0).removeprefix("Dr.").split()[0]
        if all(part.casefold() in names for part in first.split("-")):
            return m
    return None


def _rows(body: list[TextLine], area: str | None) -> list[LinearRow]:
    cells: list[tuple[int, int, int, str, str]] = []  # (line, start, last line, who, rest)
    k = 0
    while k < len(body):
        m = _anchor(body[k].text)
        if m is None:
            k += 1
            continue
        last, who, rest = _who(body, k, m.start())
        cells.append((k, m.start(), last, who, rest))
        k = last + 1
    titles = [_title(body, k, start, cells[n - 1][2] if n else -1)
              for n, (k, start, *_) in enumerate(cells)]
    rows: list[LinearRow] = []
    for n, (_k, _start, last, who, rest) in enumerate(cells):
        first, title = titles[n]
        stop = titles[n + 1][0] if n + 1 < len(cells) else len(body)
        row = LinearRow(body[first].number, body[first].page, None, area, title=title,
                        who=[who])
        row.status = [t for t in [rest, *(ln.text for ln in body[last + 1:stop])] if t]
        rows.append(row)
    return [r for r in rows if r.title]


def _title(body: list[TextLine], k: int, start: int, previous: int) -> tuple[int, str]:
    """(first line, text) of the title cell before the who-cell at line ``k``."""
    prefix = body[k].text[:start].strip()
    first = k
    lines = [prefix] if prefix else []
    back = k - 1
    while back > previous and k - back <= _TITLE_LINES and (
            not prefix or _BROKEN_TITLE.search(body[back].text)):
        text = body[back].text
        if len(text) > _TITLE_LINE_CHARS or re.search(r"\d\.\d{2,4}$|[.:;,]$", text):
            break  # a date or a full stop closes the cell above
        lines.insert(0, text)
        first = back
        back -= 1
    while len(lines) > 1 and not prefix and lines[0][:1].islower():
        lines.pop(0)  # "geplant in … 2022" ends the status above: a title starts upper case
        first += 1
    return first, join_cell(lines)


def _who(body: list[TextLine], k: int, start: int) -> tuple[int, str, str]:
    """(last line of the who-cell, its text, the text after it on that line)."""
    joined, starts = "", []
    for line in body[k:k + _WHO_LINES]:
        starts.append(len(joined))
        joined += line.text + "\n"
    match = _WHO.match(joined, start)
    end = match.end() if match else start
    line = max(n for n, s in enumerate(starts) if s <= end)
    line_end = starts[line + 1] if line + 1 < len(starts) else len(joined)
    who = " ".join(joined[start:end].split())
    return k + line, who, joined[end:line_end].strip()
