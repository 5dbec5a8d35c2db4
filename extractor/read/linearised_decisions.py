"""Decision lists: a linearised table whose rows open with a line that is only a code.

Budget packages put before a council ("Maßnahmenpaket … – Entscheidung Gemeinderat")
list each proposal under a code of measure and office ("M4_HA", "M10_StaDu", broken by the
text layer into "M5_" and "OVGrö"), then the Dezernat's number, the proposal's title, its
kind (Aufwandssenkung, Ertragssteigerung: the same few words in row after row), the
amounts per year and the vote ("mehrheitlich zugestimmt"), which closes the row: what
follows it up to the next code is the page's footer and the header repeated.

Letters the text layer set on lines of their own ("Be" / "g" / "e" / "g" / "nun" …) are
joined back into their word.
"""

from __future__ import annotations

import re
from collections import Counter

from ..status_terms import status_term
from .cellshapes import join_cell, status_opening
from .linearised_rows import Found, LinearRow
from .textclean import TextLine

_CODE_LINE = re.compile(r"[A-ZÄÖÜ]{1,3}\d{1,3}_(?:[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]{0,7})?")
_OFFICE = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]{0,7}")
_BARE_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?")
_YEAR_HEAD = re.compile(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:19|20)\d\d")
_MIN_ROWS = 5
_FRAGMENT_CHARS = 8
_KIND_ROWS = 3  # a short line in this many rows is a column of kinds, not a title
# Short words that stand on a wrapped line of their own: not a split-off word end.
_WORDS = {"und", "oder", "der", "die", "das", "des", "den", "dem", "von", "vom", "im", "in",
          "zu", "zur", "zum", "mit", "für", "bei", "auf", "an", "am", "aus", "bzw.", "sowie"}


def decision_rows(lines: list[TextLine]) -> Found | None:
    """Rows opened by a code line, closed by the vote; None when the text has too few."""
    opens = _openers(lines)
    if len(opens) < _MIN_ROWS:
        return None
    bodies = []
    for n, (start, code, skip) in enumerate(opens):
        stop = opens[n + 1][0] if n + 1 < len(opens) else len(lines)
        bodies.append((start, code, [ln.text for ln in lines[start + skip:stop] if ln.text]))
    kinds = _kinds([texts for _, _, texts in bodies])
    rows = []
    for start, code, texts in bodies:
        line = lines[start]
        row = LinearRow(line.number, line.page, code)
        _cells(row, texts, kinds)
        rows.append(row)
    if sum(bool(r.status) for r in rows) * 2 < len(rows):
        return None  # not a decision list: most rows must close with a vote
    preamble = [ln.text for ln in lines[:opens[0][0]] if ln.text]
    years = [t for t in preamble if _YEAR_HEAD.fullmatch(t)]
    for row in rows:
        row.amount_years = years
    return rows, _vote_label(lines), preamble


def _vote_label(lines: list[TextLine]) -> str | None:
    """The vote column's label with the date the pages print on a line of its own (in
    the footer of each): the decision's."""
    dates = Counter(ln.text for ln in lines if _DATE.fullmatch(ln.text))
    date = dates.most_common(1)[0][0] if dates else None
    return f"Abstimmungsergebnis Stand {date}" if date else None


def _openers(lines: list[TextLine]) -> list[tuple[int, str, int]]:
    """(line index, code, lines the code takes) of each code line."""
    found = []
    for n, line in enumerate(lines):
        if not _CODE_LINE.fullmatch(line.text):
            continue
        if line.text.endswith("_"):  # "M5_" / "OVGrö": the office on the next line
            after = next((m for m in range(n + 1, min(n + 3, len(lines))) if lines[m].text),
                         None)
            if after is None or not _OFFICE.fullmatch(lines[after].text):
                continue
            found.append((n, line.text + lines[after].text, after - n + 1))
        else:
            found.append((n, line.text, 1))
    return found


def _kinds(bodies: list[list[str]]) -> set[str]:
    """Short lines that recur in many rows: the kind column ("Aufwandssenkung")."""
    counts = Counter(t for texts in bodies for t in set(texts)
                     if len(t.split()) <= 2 and not _BARE_AMOUNT.fullmatch(t)
                     and not status_term(t))
    return {t for t, c in counts.items() if c >= _KIND_ROWS}


def _cells(row: LinearRow, texts: list[str], kinds: set[str]) -> None:
    title: list[str] = []
    for text in texts:
        opening = (text, "") if status_term(text) else status_opening(text)
        if opening:
            row.status = [t for t in (opening[0], opening[1]) if t]
            break  # the vote closes the row
        if _BARE_AMOUNT.fullmatch(text):
            if title or row.amounts:
                row.amounts.append(text)
            continue  # a number before the title is the Dezernat's
        if text in kinds:
            continue
        if not row.amounts:
            title.append(text)
    row.title = _join_fragments(title)


def _join_fragments(lines: list[str]) -> str:
    """Lines as one title, letters the text layer split off glued back to their word."""
    words: list[str] = []
    glue_next = False
    for text in lines:
        fragment = (text[:1].islower() and len(text) <= _FRAGMENT_CHARS
                    and text not in _WORDS) or glue_next
        if words and fragment:
            words[-1] += text
        else:
            words.append(text)
        glue_next = len(text) <= 2 and text[:1].isupper()  # "V" / "ermietun"
    return join_cell(words)
