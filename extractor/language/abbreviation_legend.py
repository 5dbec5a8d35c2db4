"""Abbreviations a document explains itself: "Klenko: Koordinierungsstelle für Klima und Energie".

Reports that name their parties by short forms often say what the short forms mean in a
legend above the table ("Folgende Bezeichnungen werden verwendet:", an
Abkürzungsverzeichnis). Each legend line "ABBR: meaning" (or "ABBR = meaning",
"ABBR – meaning") whose meaning reads as an actor gives the abbreviation the kind of its
meaning for that document: "SWM: Stadtwerke Münster GmbH" an organisation, "Amt 61: Amt für
Stadtentwicklung" a unit. Names stay as written; only the kind comes from the legend.
"""

from __future__ import annotations

import re

from ..name_tables import Abbreviation
from ..references import References
from .kinds import classify

# A bullet, then a short form: capitals ("SWM", "GB OBM II"), a capitalised word with a
# number ("Amt 61"), or one capitalised word of up to 8 letters ("Klenko", "Wifö").
_LINE = re.compile(
    r"^\s*(?:[o•·▪\-–*]\s+)?"
    r"(?P<abbr>[A-ZÄÖÜ][\wÄÖÜäöüß&./-]{0,11}(?:\s+(?:\d{1,3}(?:\.\d{1,2})?|[IVX]{1,4}))?)"
    r"\s*(?::|=|\s[–-])\s*(?P<meaning>[A-ZÄÖÜ].{3,150})$")
_NOT_ABBREVIATIONS = {"stand", "anlage", "seite", "hinweis", "quelle", "legende", "ziel",
                      "status", "priorität", "zuständigkeit", "beschreibung", "maßnahme",
                      "titel", "datum", "kosten", "zeitraum", "laufzeit", "stand:"}


def _explains(abbr: str, meaning: str) -> bool:
    """Does the short form plausibly stand for the meaning? Its first letter opens a word
    of the meaning ("SWM" ~ "Stadtwerke Münster"), and the meaning is the longer."""
    words = re.findall(r"[\wÄÖÜäöüß]+", meaning)
    first = abbr[0].casefold()
    return len(meaning) > len(abbr) + 3 and any(w[0].casefold() == first for w in words)


def abbreviations_from(lines: list[str], tables: References | None = None
                       ) -> tuple[Abbreviation, ...]:
    """The abbreviations a document's legend lines explain, each with its meaning's kind."""
    found: dict[str, Abbreviation] = {}
    for line in lines:
        m = _LINE.match(line or "")
        if m is None:
            continue
        abbr, meaning = m["abbr"].strip().rstrip(".:"), m["meaning"].strip()
        if abbr.casefold() in _NOT_ABBREVIATIONS or not _explains(abbr, meaning):
            continue
        kind = classify(meaning, tables=tables)
        if kind is not None and kind.label in ("UNIT", "ORG"):
            found.setdefault(abbr.casefold(), Abbreviation(abbr, meaning, kind.label))
    return tuple(found.values())
