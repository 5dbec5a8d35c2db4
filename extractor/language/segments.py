"""A who-cell is a list: its parts, as character spans, before anything is classified.

Parts are separated, outside parentheses, by ";", ",", line breaks, bullets, "a) … b) …"
enumerations, and "und"/"sowie"/"bzw."/"oder" between two capitalised names. "Umwelt- und
Arbeitsschutz" is one part (the hyphen says the first word is cut short). Fillers at the
edges of a part ("u. a.", "ggf.") are trimmed; a part that is only a filler ("weitere",
"etc.") is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx

_OPEN, _CLOSE = "([{", ")]}"
_BULLETS = "•·▪►●◦‣■□➢"
# Lower-case words that open a new party after "und" ("FZK und weitere Einrichtungen").
_MODIFIERS = (r"(?:weitere|weiteren|andere|sonstige|alle|städtische|freie|externe|interessierte"
              r"|private|örtliche|lokale|einzelne|ehrenamtliche|zahlreiche|verschiedene|other|local)\b")
# A separator at depth 0; "enum" also eats the "a)" / "1." that opens the next part.
_SEPARATOR = re.compile(
    r"(?P<punct>\s*[;,\n]\s*)"
    rf"|(?P<bullet>\s*[{_BULLETS}]\s*)"
    r"|(?P<dash>(?:^|(?<=\n))\s*[-–—*>o]\s+)"
    r"|(?P<enum>(?:^|(?<=\s))(?:[a-h]|[1-9]|i{1,3}|iv)\)\s+)"
    r"|(?P<slash>(?<=[^\W_])\s*/\s*(?=[A-ZÄÖÜ]))"
    r"|(?P<word>(?<=[^\W_]|[.)])\s+(?:und|sowie|bzw\.|oder|u\.\s?a\.|u\.|mit|and)\s+"
    r"(?=[A-ZÄÖÜ0-9]|" + _MODIFIERS
    + r"))"
    r"|(?P<plus>\s+\+\s+)"
)
_FILLER_WORDS = sorted(lx.FILLERS, key=len, reverse=True)
_EDGE_FILLER = re.compile(
    r"^(?:\s*(?:" + "|".join(re.escape(f) for f in _FILLER_WORDS) + r")(?=\s|$|[^\w]))+\s*"
    r"|(?:\s+(?:" + "|".join(re.escape(f) for f in _FILLER_WORDS) + r"))+\s*$"
    r"|[\s:]+$|(?<=[a-zäöüß]{4})\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    separator: str | None  # what stood before it: "punct", "word", "bullet", … or None

    def text(self, cell: str) -> str:
        return cell[self.start:self.end]


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE and depth:
            depth -= 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) by whitespace and edge fillers until nothing changes."""
    while start < end:
        piece = text[start:end]
        m = _EDGE_FILLER.search(piece)
        stripped = len(piece) - len(piece.lstrip())
        if stripped:
            start += stripped
        elif m and m.start() == 0 and m.end() > 0:
            start += m.end()
        elif m and m.end() == len(piece) and m.start() < len(piece):
            end = start + m.start()
        else:
            break
    return start, end


def split_parts(text: str) -> list[Part]:
    """The parts of a who-cell, left to right, fillers trimmed, empty parts dropped."""
    depth = _depths(text)
    parts: list[Part] = []
    cursor, separator = 0, None
    for m in _SEPARATOR.finditer(text):
        if depth[m.start()] or (m.end() < len(text) and depth[m.end() - 1]):
            continue
        _add(parts, text, cursor, m.start(), separator)
        cursor, separator = m.end(), m.lastgroup
    _add(parts, text, cursor, len(text), separator)
    return parts


def _add(parts: list[Part], text: str, start: int, end: int, separator: str | None) -> None:
    start, end = trim(text, start, end)
    piece = text[start:end].strip().lower()
    if end > start and piece not in lx.FILLERS and any(c.isalnum() for c in piece):
        parts.append(Part(start, end, separator))
