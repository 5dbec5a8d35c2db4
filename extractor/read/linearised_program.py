"""Linearised work programmes: "Ziff. | Katalog-Ziffer | Maßnahme | Zeitraum |
Federführung | Weitere Beteiligte | Bemerkungen", one cell after another in the text layer.

A layout of :mod:`.linearised` for tables whose rows open with a numbered catalogue cell
("1.1.2 Bilanz," / "Indikatoren-systeme") and whose own measure code ("M 4") the text
layer prints on the line before that cell. The lines of a row are given to the cells in
the header's order, by shape:

- the catalogue cell runs on while its line ends open ("Bilanz,", "Personal-");
- the title runs up to the line that starts with a year ("2009", "Ab 2010 UA",
  "20092010"), which is the time cell, the lead glued to it or on the next short line;
- a line that lists parties ("UA, weitere" / "Dienststellen") is the further parties'
  cell; what follows is a remark, not recorded.
"""

from __future__ import annotations

import re

from ..columns import roles_of
from .linearised_rows import Found, LinearRow, _header_at
from .textclean import TextLine

_OPENER = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\s+\S")
_CODE = re.compile(r"^[A-ZÄÖÜ]{1,3}\s?\d{1,3}[a-z]?$")
_WHEN = re.compile(r"^(?P<when>(?:(?:ab|bis|seit|ca\.)\s+)?(?:19|20)\d\d(?:\s*[-–/]?\s*"
                   r"(?:19|20)?\d{2,3}\d?)*)(?:\s+(?P<rest>[A-ZÄÖÜ]\S*(?:\s\S+){0,3}))?$",
                   re.IGNORECASE)
_GLUED_YEARS = re.compile(r"^((?:19|20)\d\d)\s?((?:19|20)\d\d)$")
_TITLE_LINES = 6
_LEAD_CHARS = 40
_PARTY_CHARS = 80
_MIN_ROWS = 3
_REQUIRED = {"measure", "timeframe", "who"}


def program_rows(lines: list[TextLine]) -> Found | None:
    """Rows opened by a numbered catalogue cell under a header naming measure, time and
    lead; None when the text has no such table."""
    content = [ln for ln in lines if ln.text]
    start = next((i for i, ln in enumerate(content) if _OPENER.match(ln.text)
                  and _names_program(content, i)), None)
    if start is None:
        return None
    # The header block too: its first line may carry the date ("Stand: 10.08.2009Ziff.").
    preamble = [ln.text for ln in content[:start]]
    rows: list[LinearRow] = []
    body: list[str] = []
    code = content[start - 1].text if start and _CODE.match(content[start - 1].text) else None
    area: str | None = None
    for n in range(start, len(content)):
        text = content[n].text
        if _OPENER.match(text):
            _close(rows, body)
            rows.append(LinearRow(content[n].number, content[n].page, code, area))
            body, code = [text], None
        elif _CODE.match(text) and n + 1 < len(content) and _OPENER.match(content[n + 1].text):
            code = text  # the next row's own code, printed before its catalogue cell
        elif re.match(r"^Ma(?:ß|ss)nahmenbereich\b.*:\s*\S", text):
            area = text.split(":", 1)[1].strip()
        else:
            body.append(text)
    _close(rows, body)
    rows = [r for r in rows if r.title]
    return (rows, None, preamble) if len(rows) >= _MIN_ROWS else None


def _names_program(content: list[TextLine], i: int) -> bool:
    header = _header_at(content, i)
    if header is None:
        return False
    roles = {r for ln in content[header:i] for r in roles_of(ln.text)}
    return _REQUIRED <= roles


def _close(rows: list[LinearRow], body: list[str]) -> None:
    if not rows or not body:
        return
    row = rows[-1]
    n = 1
    while n < len(body) and re.search(r"[,\-]$", body[n - 1]) and len(body[n]) <= _LEAD_CHARS:
        n += 1  # the catalogue cell goes on: "1.1.2 Bilanz," / "Indikatoren-systeme"
    when_at = next((k for k in range(n, min(len(body), n + _TITLE_LINES))
                    if k > n and _WHEN.match(body[k])), None)
    if when_at is None:
        return
    row.title = " ".join(body[n:when_at])
    m = _WHEN.match(body[when_at])
    row.when = [_GLUED_YEARS.sub(r"\1–\2", m.group("when").strip())]
    rest = body[when_at + 1:]
    if m.group("rest"):
        row.who.append(m.group("rest"))
    elif rest and _lead(rest[0]):
        row.who.append(rest.pop(0))
    row.who += _parties(rest)


def _lead(text: str) -> bool:
    return len(text) <= _LEAD_CHARS and text[:1].isupper() and not re.search(r"[.:]$", text)


def _parties(lines: list[str]) -> list[str]:
    """The further parties' cell at the head of ``lines``: a list, broken over lines
    that end open ("weitere", "Dienststellen/")."""
    first = lines[0] if lines else ""
    if not first or ":" in first or len(first) > _PARTY_CHARS or not (
            first[:1].isupper() or re.search(r"[,/]", first)):
        return []
    cell = [lines[0]]
    for text in lines[1:]:
        if not re.search(r"[,/\-]$|\s[a-zäöüß.]+$", cell[-1]) or len(text) > _PARTY_CHARS:
            break
        cell.append(text)
    joined = " ".join(cell)
    listed = "," in joined or "/" in joined or len(joined.split()) <= 3
    return [joined] if listed and not joined.endswith(".") else []
