"""Boxed measure sheets: a sheet drawn as a frame of ruled cells that begin with their label.

Climate programmes written by consultants often print each Maßnahmenblatt as one frame:
a head with the Handlungsfeld, the title and the measure's number ("AW1"), then cells
whose first words are their label, set larger, and whose value follows under it
("Projektträger" over "KLENKO, Stadtplanungsamt"; "Zeitrahmen" over "2021 – 2030"). The
text of such a cell is "Projektträger KLENKO, Stadtplanungsamt": the label is its first
words. A cell holding a label alone ("Handlungsfeld") takes its value from the unlabelled
cells under it in the same column ("Arbeiten und" / "Wirtschaft").

:func:`boxed_fields` turns one such frame into the label/value pairs and heading that
:mod:`.sheets` makes of any sheet table, so the sheets become one plan table as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..columns import ROLE_SYNONYMS, header_key, roles_of
from .pdf_words import join_lines
from .tables import RawGrid, lines_to_raw, plain

_MAX_LABEL_WORDS = 3
_MIN_FIELDS = 2
_TITLE_MAX_WORDS = 16  # longer unlabelled text is prose run over from the page before
# A measure's number alone in a cell of the frame's head: "AW1", "BS 4", "M 2.1".
_NUMBER_CELL = re.compile(r"[A-ZÄÖÜ]{1,4}[-‐ ]?\d{1,3}[a-z]?(?:\.\d{1,3})*")
_PHRASES = {s for synonyms in ROLE_SYNONYMS.values() for s in synonyms if " " in s}
# A label opened by an adjective goes on to its noun: "Finanzielle Auswirkungen".
_ADJECTIVE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:ll|ch|ig|nd|et|nt)e")


LabelRoles = Callable[[str], list[str]]


def split_label(text: str, label_roles: LabelRoles) -> tuple[str, str] | None:
    """A cell's leading label and the rest: "Akteure Stadtwerke, Handwerk" -> both parts.

    The label is the first word naming a role, extended by a following word only where
    the two form one label ("Verantwortliche Stelle", "Finanzielle Auswirkungen") — so
    "Gesamtkosten Insgesamt: 266.000 €" keeps "Insgesamt" in its value.
    """
    words = text.split()
    if not words or not words[0][:1].isupper():
        return None
    label_len = 0
    for n in range(1, min(_MAX_LABEL_WORDS, len(words)) + 1):
        head = " ".join(words[:n]).rstrip(":")
        if not label_roles(head):
            break
        # A following word joins the label only when it is a word, not the value's start
        # ("Zeitrahmen 2022 – 2030": a year names a column of amounts in a table); a role
        # word before a number is an office named by its number ("… Stelle Amt 61").
        numbered = n < len(words) and words[n][:1].isdigit()
        joins = n > 1 and words[n - 1][:1].isupper() and (
            header_key(head) in _PHRASES or roles_of(words[n - 1]) and not numbered
            or n == 2 and _ADJECTIVE.fullmatch(words[0]))
        if n == 1 or joins:
            label_len = n
        if words[n - 1].endswith(":"):
            break
    if not label_len:
        return None
    label = " ".join(words[:label_len]).rstrip(":").strip()
    return label, " ".join(words[label_len:]).lstrip(":").strip()


def _distinct_cells(grid: RawGrid) -> list[tuple[int, int, str]]:
    """(row, column, text) of each cell once: spans repeat their text over their grid."""
    seen: set[str] = set()
    cells = []
    for r, row in enumerate(grid.rows):
        for c, raw in enumerate(row):
            text = plain(raw).strip()
            if text and text not in seen:
                seen.add(text)
                cells.append((r, c, text))
    return cells


def boxed_fields(grid: RawGrid, label_roles: LabelRoles, allow_bare: bool = True
                 ) -> tuple[list[tuple[str, str]], str | None] | None:
    """The fields and heading of a boxed sheet, or None when ``grid`` is no such frame.

    ``label_roles`` tells the roles a short text names as a label (:mod:`.sheets`).
    Without ``allow_bare`` a cell holding a label alone makes the grid no frame: a
    two-column sheet table ("Federführung | Amt 61") is read as label | value instead.
    """
    cells = _distinct_cells(grid)
    labelled = {(r, c): split_label(text, label_roles) for r, c, text in cells}
    inline = {lv[0] for lv in labelled.values() if lv and lv[1]}
    bare = {lv[0] for lv in labelled.values() if lv and not lv[1]}
    # A table's header row is all bare labels over their columns; a frame's cells carry
    # their values, a bare label or two aside ("Handlungsfeld" over its name).
    if not inline or len(inline | bare) < _MIN_FIELDS or len(bare) > len(inline) or (
            bare and not allow_bare):
        return None
    pairs: list[tuple[str, str]] = []
    used: set[tuple[int, int]] = set()
    for r, c, _text in cells:
        found = labelled[(r, c)]
        if found is None or (r, c) in used:
            continue
        label, value = found
        if not value:  # the value sits in the cells under the label's cell
            below = []
            for r2, c2, t2 in cells:
                if c2 == c and r2 > r and (r2, c2) not in used:
                    if labelled[(r2, c2)] is not None:
                        break
                    below.append(t2)
                    used.add((r2, c2))
            value = " ".join(below)
        if value:
            pairs.append((label, lines_to_raw([value])))
    head = [(r, c, t) for r, c, t in cells if labelled[(r, c)] is None and (r, c) not in used]
    number = next((t for _, _, t in head if _NUMBER_CELL.fullmatch(t)), None)
    title = _title([(c, t) for _, c, t in head if t != number])
    heading = " ".join(t for t in (number, title) if t) or None
    return pairs, heading


def _title(cells: list[tuple[int, str]]) -> str | None:
    """The frame's title: its unlabelled head text, a title wrapped over rows joined.

    Prose that a page break carried into the frame ("tegie hilft, …", lower case, long)
    is no title.
    """
    by_column: dict[int, list[str]] = {}
    for column, text in cells:
        by_column.setdefault(column, []).append(text)
    titles = [joined for texts in by_column.values() for joined in join_lines(texts)
              if joined[:1].isupper() and len(joined.split()) <= _TITLE_MAX_WORDS
              and not joined.replace(" ", "").isdigit()]
    return max(titles, key=len) if titles else None
