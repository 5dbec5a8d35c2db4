"""Amount lists: a linearised table whose rows end on the line of their amounts.

Consolidation reports of an office list their measures in a narrow table, "Bereich/Amt |
Maßnahme Name | Summe des Vorschlags (2024) | Erwartete Summe", with neither a number nor
a code: each row is the office ("Hauptamt"), the title's lines and one line of amounts
("75.000 € 75.000 €"); a short row prints all of it on one line ("Hauptamt Reduzierung
der Portokosten … 100.000 € 100.000 €"). A totals line ("Gesamt: …") closes the table;
the prose after it ("Maßnahme: …" paragraphs explaining each row) is not read as rows,
and the next header block opens the next table under its own heading.
"""

from __future__ import annotations

import re
from collections import Counter

from ..columns import roles_of
from .cellshapes import amounts, is_totals, join_cell
from .linearised_rows import Found, LinearRow
from .textclean import TextLine

_HEADER_LINE_CHARS = 45
_HEADER_MAX_LINES = 12
_ROW_MAX_LINES = 8
_MIN_ROWS = 3
_YEAR = re.compile(r"(?:19|20)\d\d")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


def amount_rows(lines: list[TextLine]) -> Found | None:
    """Rows under a header of measure and amounts that each end on their amounts."""
    sections: list[tuple[list[list[TextLine]], bool, str | None]] = []
    preamble: list[str] | None = None
    years: list[str] = []
    n = 0
    while n < len(lines):
        header = _header(lines, n)
        if header is None:
            n += 1
            continue
        end, who_first = header
        if preamble is None:
            preamble = [ln.text for ln in lines[:n] if ln.text]
            years = _YEAR.findall(" ".join(ln.text for ln in lines[n:end]))
        groups, after = _section(lines, end)
        if groups:
            sections.append((groups, who_first, _heading_above(lines, _block_start(lines, end))))
        n = after if groups else end
    if sum(len(groups) for groups, _, _ in sections) < _MIN_ROWS:
        return None
    # the office a row's first line names, wherever it opens two rows or more
    firsts = Counter(g[0].text.split()[0] for groups, _, _ in sections for g in groups)
    rows = []
    for groups, who_first, area in sections:
        for group in groups:
            row = _row(group, who_first, firsts)
            row.area = area
            rows.append(row)
    # "Summe des Vorschlags (2024) | Erwartete Summe": the year heads the first amount
    money = max(len(r.amounts) for r in rows)
    for row in rows:
        row.amount_years = (years + [""] * money)[:money] if years else []
    return rows, None, preamble or []


def _header(lines: list[TextLine], n: int) -> tuple[int, bool] | None:
    """(index after the header block starting at ``n``, whether its first column names
    who) when the short lines from ``n`` name the measure and amounts."""
    if n > 0 and lines[n - 1].text:
        return None  # a block starts after a blank line
    roles: list[set[str]] = []
    end = n
    while (end < len(lines) and lines[end].text and len(lines[end].text) <= _HEADER_LINE_CHARS
           and end - n < _HEADER_MAX_LINES and not amounts(lines[end].text)[0]):
        roles.append(set(roles_of(lines[end].text)))
        end += 1
    while roles and not roles[-1]:  # "Dezernate" under the header: the first row's office
        roles.pop()
        end -= 1
    found = set().union(*roles) if roles else set()
    if not ({"measure", "resources"} <= found) or "status" in found:
        return None
    return end, bool(roles and "who" in roles[0])


def _section(lines: list[TextLine], start: int) -> tuple[list[list[TextLine]] | None, int]:
    """The rows' lines from ``start`` to the totals line (or the blank line after a
    row), and the index after it."""
    groups: list[list[TextLine]] = []
    body: list[TextLine] = []
    n = start
    while n < len(lines):
        line = lines[n]
        n += 1
        if not line.text:
            if body or not groups:
                continue  # a row or the first row may run over a page break
            break  # the table's rows follow one another: a blank line ends them
        if is_totals(line.text):
            break
        body.append(line)
        if amounts(line.text)[0]:
            groups.append(body)
            body = []
        elif len(body) > _ROW_MAX_LINES:
            return None, n  # prose, not rows
    return groups or None, n


def _row(group: list[TextLine], who_first: bool, firsts: Counter[str]) -> LinearRow:
    row = LinearRow(group[0].number, group[0].page)
    texts: list[str] = []
    for line in group:
        found, rest = amounts(line.text)
        row.amounts.extend(found)
        if rest:
            texts.append(rest)
    if who_first and texts:
        first = texts[0].split()[0]
        if len(texts[0].split()) == 1 and len(texts) > 1:
            row.who = [texts.pop(0)]  # "Dezernate" / "Reduzierungen der Standards …"
        elif firsts[first] >= 2 and len(texts[0].split()) > 1:
            row.who = [first]  # "Hauptamt Reduzierung der Kopierkosten …"
            texts[0] = texts[0][len(first):].strip()
    row.title = join_cell(texts)
    return row


def _block_start(lines: list[TextLine], end: int) -> int:
    start = end
    while start > 0 and lines[start - 1].text:
        start -= 1
    return start


def _heading_above(lines: list[TextLine], start: int) -> str | None:
    """"2.1. Zuständigkeit Verwaltung" above the header block: the rows' area."""
    j = start - 1
    while j >= 0 and not lines[j].text:
        j -= 1
    if j < 0 or len(lines[j].text) > 80 or amounts(lines[j].text)[0]:
        return None
    return _SECTION_NUMBER.sub("", lines[j].text) or None
