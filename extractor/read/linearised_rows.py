"""The rows of a linearised table (:mod:`.linearised`): where each starts, what it holds.

Two record openers, both printed by the document:

- **numbered rows**: a measure number at the line start ("1.16 Stupferich", "1.1.3",
  "1 Südwest-" under a header whose first column is a selection number), right under a
  header block — a run of short lines that name two column roles or more, repeated on
  every page — and up to a totals line. The number's style (dotted or plain) is the one
  of the first row under each header, so "2 Gruppen" inside a row of dotted numbers opens
  nothing.
- **coded rows**: a line of one recurring shape (letters, digits and separators in the
  same order, five times or more) that holds a measure code ("2022/2129HHS_V1I1000").

The lines of a row are given to its cells by shape (:mod:`.cellshapes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..columns import roles_of
from .cellshapes import (
    LOWER_COMPOUND,
    amounts,
    ends_address,
    is_coded_count,
    is_count,
    is_totals,
    is_when,
    join_cell,
    leading_organisations,
    names_when,
    open_ended,
    status_opening,
    unglue,
)
from .textclean import CONTROL, TextLine, join_broken_words

_PAGE_NUMBER = re.compile(r"\d{1,3}|(?:Seite|S\.)\s*\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?",
                          re.IGNORECASE)
_PAGE_BAR = re.compile(r"\||\d{1,3}\s*\|\s*\S.{0,110}|\S.{0,110}\s\|\s*\d{1,3}")
_REPEATS = 3
_OPENER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,3}){0,3})(?P<dot>\.?)(?:\s+(?P<rest>\S.*))?$")

_HEADER_LINE_CHARS = 45
_HEADER_MAX_LINES = 20
_HEADER_ROLES = {"number", "measure", "who", "status", "timeframe", "resources"}
_PLACE_CHARS = 40
_TITLE_LINES = 6
_CODE = re.compile(r"(?<![A-Za-z])(?P<code>[A-ZÄÖÜ]{1,4}[_-][A-Z]{0,3}\d{1,3})")
_YEARS = re.compile(r"^(?:(?:19|20)\d\d\s*){1,6}$")
_STATUS_LABEL = re.compile(
    r"\b(?:Sachstand|Status|Umsetzungsstand|Stand)\b(?:\s+Stand)?(?:\s+\d{1,2}\s?/\s?\d{4}"
    r"|\s+(?:19|20)\d\d)?", re.IGNORECASE)
_CODED_MIN = 5
_DAY_MONTH = re.compile(r"\d{1,2}\.\s*(?:Januar|Februar|März|April|Mai|Juni|Juli|August"
                        r"|September|Oktober|November|Dezember)\b")


@dataclass
class LinearRow:
    line: int
    page: int | None
    number: str | None = None
    area: str | None = None
    title: str = ""
    who: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    when: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    amount_years: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    section: int = 0  # the header block the row stands under
    addressed: bool = False  # a street address closed its title cell


Found = tuple[list[LinearRow], str | None, list[str]]


def raw_lines(text: str, page_numbers: bool = True) -> list[TextLine]:
    """The stripped lines, empty ones kept, page furniture out, broken words joined.

    Only page furniture goes — page numbers, "6 | Monitoring …", and a running header
    that follows most page numbers — not the repeated lines a text layer's cleaner takes
    for furniture ("09/2012", "1 KK 10"): they are cells here.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    out: list[TextLine] = []
    after_mark: list[bool] = []
    page, marked, bar = 1, False, False
    for number, raw in enumerate(CONTROL.sub(" ", text).split("\n"), start=1):
        stripped = " ".join(raw.replace("\u00ad", "").split())
        if (page_numbers and _PAGE_NUMBER.fullmatch(stripped)
                or _PAGE_BAR.fullmatch(stripped)):
            page += 1
            marked, bar = True, stripped == "|"
            continue
        if bar and stripped:  # "5" / "|" / "Monitoring …": a page bar broken over lines
            bar = False
            continue
        out.append(TextLine(number, stripped, page))
        after_mark.append(marked)
        marked = marked and not stripped
    running = _running_headers(out, after_mark)
    return join_broken_words([ln for ln in out if ln.text not in running])


def _running_headers(lines: list[TextLine], after_mark: list[bool]) -> set[str]:
    """Lines repeated three times or more, mostly right after a page number, that name no
    column (a header row repeated on each page is kept: it opens the rows)."""
    seen: dict[str, list[bool]] = {}
    for line, marked in zip(lines, after_mark, strict=True):
        if line.text:
            seen.setdefault(line.text, []).append(marked)
    return {text for text, marks in seen.items()
            if len(marks) >= _REPEATS and sum(marks) * 2 >= len(marks) and not roles_of(text)}


def _header_at(lines: list[TextLine], i: int) -> int | None:
    """Start of the header block that ends right before line ``i``, if one does."""
    j = i
    roles: set[str] = set()
    while j > 0 and lines[j - 1].text and i - j < _HEADER_MAX_LINES:
        text = lines[j - 1].text
        if len(text) > _HEADER_LINE_CHARS:
            break
        roles.update(set(roles_of(text)) & _HEADER_ROLES)
        j -= 1
    return j if j < i and len(roles) >= 2 else None


def _style(match: re.Match[str]) -> str:
    """"1.2", "1." and "1.1." are dotted, "2 Gruppen" plain."""
    return "dotted" if "." in match.group("num") or match.group("dot") else "plain"


def _opener(text: str, style: str | None) -> re.Match[str] | None:
    m = _OPENER.match(text)
    if (m is None or is_totals(text) or re.search(r"(?:^|\.)0\d", m.group("num"))
            or m.group("dot") and _DAY_MONTH.match(text)):
        return None  # "09.07.21 Zukunftswerkstatt", "26. April 2010" are dates
    rest = m.group("rest") or ""
    if rest and (len(rest) > _PLACE_CHARS
                 or not (rest[0].isupper() or LOWER_COMPOUND.match(rest))
                 or not re.search(r"[a-zäöüß]", rest.split()[0])):
        return None
    if style is not None and _style(m) != style:
        return None
    return m


def numbered_rows(lines: list[TextLine]) -> Found | None:
    """Rows opened by a measure number right under a header block."""
    rows: list[LinearRow] = []
    body: list[TextLine] = []
    headers: list[str] = []
    header_texts: set[str] = set()
    style: str | None = None
    area: str | None = None
    inside = False
    status_column = False
    preamble: list[str] = []
    for i, line in enumerate(lines):
        text = line.text
        if not text or text in header_texts and not _OPENER.match(text):
            continue
        start = _header_at(lines, i) if _OPENER.match(text) else None
        if start is not None and _opener(text, None):
            block = [ln.text for ln in lines[start:i]]
            if not rows:
                preamble = [ln.text for ln in lines[:start] if ln.text]
            headers.append(" ".join(block))
            header_texts.update(block)
            area = _area_before(lines, start, area, inside)
            style = _style(_OPENER.match(text))
            status_column = _names_status(block)
        if style is None:
            continue
        opened = _opener(text, style)
        if opened:
            _close(rows, body, status_column)
            rows.append(LinearRow(line.number, line.page, opened.group("num"), area,
                                  section=len(headers)))
            body = [TextLine(line.number, opened.group("rest") or "", line.page)]
            inside = True
        elif is_totals(text):
            _close(rows, body, status_column)
            body, inside = [], False
        elif inside:
            body.append(line)
    _close(rows, body, status_column)
    if not rows:
        return None
    rows = _headings_to_areas(rows)
    _drop_repeated_numbers(rows)
    if not _well_formed(rows):
        return None
    return rows, _status_label(headers), preamble


def _well_formed(rows: list[LinearRow]) -> bool:
    """Rows, not prose cut at numbered headings: most titles end at an address, or every
    row has its own number and the numbers rise."""
    if sum(r.addressed for r in rows) * 2 >= len(rows):
        return True
    keys = [tuple(int(p) for p in r.number.split(".")) if r.number else None for r in rows]
    return None not in keys and all(a < b for a, b in zip(keys, keys[1:], strict=False))


def _drop_repeated_numbers(rows: list[LinearRow]) -> None:
    """Numbers that repeat under one header are a category ("Art" 1–4), not an id."""
    by_section: dict[int, list[LinearRow]] = {}
    for row in rows:
        by_section.setdefault(row.section, []).append(row)
    for section in by_section.values():
        numbers = [r.number for r in section]
        if len(set(numbers)) < len(numbers):
            for row in section:
                row.number = None


def _area_before(lines: list[TextLine], start: int, area: str | None, inside: bool) -> str | None:
    """The section heading above a header block; a header repeated on the next page
    keeps the section of the rows before it."""
    j = start - 1
    while j >= 0 and not lines[j].text:
        j -= 1
    if j < 0 or inside and not (j > 0 and lines[j - 1].text == "" and start - j > 1):
        return area
    text = lines[j].text
    if inside or len(text) > 150 or is_count(text) or is_when(text):
        return area
    return text


def _status_label(headers: list[str]) -> str | None:
    for header in headers:
        m = _STATUS_LABEL.search(header)
        if m:
            return m.group(0)
    return None


def _names_status(block: list[str]) -> bool:
    """A header of the measure, its status and a description only ("Maßnahme Stand
    Kurzbeschreibung"): the status cell follows the title on the row's lines."""
    roles = {role for text in block for role in roles_of(text)}
    return "status" in roles and roles <= {"number", "measure", "status", "description"}


def _headings_to_areas(rows: list[LinearRow]) -> list[LinearRow]:
    """"1. Qualifizierungsmaßnahmen" with nothing but a title, right above "1.1": the
    heading of its sub-rows (their area), not a measure. Where the rows carry their own
    headings, the line above the table (the report's subject) is no row's area."""
    kept: list[LinearRow] = []
    heading: tuple[str, str] | None = None
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        if (after is not None and row.number and after.number
                and after.number.startswith(row.number + ".")
                and not (row.status or row.when or row.amounts or row.description)):
            heading = (row.number, row.title)
            continue
        kept.append(row)
    if heading is None:
        return rows
    headings = {r.number: r.title for r in rows if r not in kept and r.number}
    for row in kept:
        parent = (row.number or "").rpartition(".")[0]
        row.area = headings.get(parent)
    return kept


def _close(rows: list[LinearRow], body: list[TextLine], status_column: bool = False) -> None:
    if rows and body and not rows[-1].title:
        texts = [ln.text for ln in body if ln.text]
        if status_column and _status_first(rows[-1], texts):
            return
        _cells(rows[-1], texts)


def _status_first(row: LinearRow, texts: list[str]) -> bool:
    """Title lines up to the line that opens with the status column's term, the prose
    after it the description: "Lesepaten" / "laufend In 23 Schulen …"."""
    for n, text in enumerate(texts[1:], start=1):
        opening = status_opening(text)
        if opening:
            row.title = join_cell(texts[:n])
            row.status = [opening[0]]
            row.description = [t for t in (opening[1], *texts[n + 1:]) if t]
            return True
    return False


def _cells(row: LinearRow, texts: list[str]) -> None:
    """Place | title (to its address) | status | when | counts, by the shape of each line."""
    if not texts:
        return
    end = len(texts)
    for n, text in enumerate(texts[1:], start=1):
        if names_when(text) and n >= 2:
            end = n
            break
    head, tail = texts[:end], texts[end:]
    place = 1 if head[0] else 0
    while place < len(head) - 1 and (open_ended(head[place - 1]) or head[place].startswith("(")):
        place += 1
    address = next((n for n in range(place, min(len(head), place + _TITLE_LINES))
                    if ends_address(head[n])), None)
    if address is None:  # no address closes a title cell: the first cell is the title
        place, address = 0, 0
    row.addressed = bool(head[address]) and ends_address(head[address])
    row.title = join_cell(head[place:address + 1])
    row.who = leading_organisations(row.title)
    row.status = head[address + 1:]
    for text in tail:
        if is_coded_count(text) or not is_when(text):
            break
        row.when.append(text)


def coded_rows(lines: list[TextLine]) -> Found | None:
    """Rows opened by a recurring line that holds a measure code."""
    # A line of codes only: "Ü-1 Maßnahme 1" is a sheet's heading (:mod:`.textblocks`).
    shapes = Counter(_shape(ln.text) for ln in lines
                     if _CODE.search(ln.text) and not re.search(r"[a-zäöüß]", ln.text))
    if not shapes:
        return None
    shape, count = shapes.most_common(1)[0]
    if count < _CODED_MIN:
        return None
    opens = [n for n, ln in enumerate(lines)
             if _CODE.search(ln.text) and _shape(ln.text) == shape]
    years = next((ln.text for ln in lines[:opens[0]] if _YEARS.fullmatch(ln.text)), "")
    preamble = [ln.text for ln in lines[:opens[0]] if ln.text and ln.text != years]
    rows = []
    for n, start in enumerate(opens):
        stop = opens[n + 1] if n + 1 < len(opens) else len(lines)
        line = lines[start]
        row = LinearRow(line.number, line.page, _CODE.search(line.text).group("code"))
        row.amount_years = re.findall(r"(?:19|20)\d\d", years)
        _coded_cells(row, [ln.text for ln in lines[start + 1:stop] if ln.text])
        rows.append(row)
    return rows, None, preamble


def _shape(text: str) -> str:
    """Letters, digits and separators in order, each run once: "9/9A_A9A9"."""
    return re.sub(r"[A-ZÄÖÜ]+", "A", re.sub(r"[a-zäöüß]+", "a", re.sub(r"\d+", "9", text)))


def _coded_cells(row: LinearRow, texts: list[str]) -> None:
    """The unit (glued to the title or on lines of its own), the title, the amounts."""
    words: list[str] = []
    for text in texts:
        found, rest = amounts(text)
        row.amounts.extend(found)
        if rest:
            words.append(rest)
    if not words:
        return
    glued = unglue(words[0])
    if glued is not None:
        who, first = glued
        row.who, row.title = [who], " ".join([first, *words[1:]])
        return
    unit = 1
    while unit < len(words) - 1 and open_ended(words[unit - 1]):
        unit += 1
    if len(words) > unit:
        row.who = [" ".join(words[:unit])]
        row.title = " ".join(words[unit:])
    else:
        row.title = " ".join(words)
