"""The Träger at the start of a combined cell: "Träger/Standort/Projekt".

Lists of Kita, school or housing projects often have no who-column: the one cell that
names the project starts with its Träger ("Kath. Kirchengemeinde, St. Cyriakus,
Gänsbergstraße 3", "Netzwerk Mensch gGmbH, Betriebs-Kindertagesstätte …"). When the
cell's header names a Träger, the parts at the cell's start that read as an outside body
or a unit are the responsible parties; the first part that does not (a saint's name, an
address, the facility itself) ends them. A cell that names only its facility
("Kindertageseinrichtung „Am Wasserturm“") has no Träger.
"""

from __future__ import annotations

import re

from ..references import References
from .kinds import classify

_CARRIER_HEADER = re.compile(r"träger|betreiber|bauherr", re.IGNORECASE)
# Facilities a project builds or runs: never its Träger, whatever their ending says.
_FACILITIES = ("kindertageseinrichtung", "kindertagesstätte", "kindergarten", "kinderkrippe",
               "krippe", "kita", "kinderhaus", "hort", "schule", "einrichtung", "tagesstätte",
               "kinderhort", "haus", "zentrum", "neubau", "erweiterung", "umbau")


def names_carrier(header: str | None, combined: bool = False) -> bool:
    """Does a column header say that its cells start with a Träger (``combined``: and go
    on with something else, a place or the project: "Träger/Standort/Projekt")?"""
    if not header or not _CARRIER_HEADER.search(header):
        return False
    return not combined or bool(_OTHER_THINGS.search(header))


_OTHER_THINGS = re.compile(r"standort|projekt|adresse|anschrift|einrichtung|name|bezeichnung|"
                           r"maßnahme|objekt|ort\b", re.IGNORECASE)


def carrier_text(text: str, tables: References | None = None) -> str:
    """The leading parties of a combined cell, as written ("" when it names none).

    The cell is read chunk by chunk (commas, semicolons): a chunk with a legal form or a
    church word is a party whole ("SKF/St.-Vincentius-Kliniken gAG"); else one that reads
    as an outside body or a unit and names no facility; a known abbreviation before a
    facility's name ("KIT „KinderUni-Versum“") is the party alone.
    """
    tables = tables or References()
    kept: list[str] = []
    for chunk in _CHUNKS.split(text):
        chunk = chunk.strip()
        words = re.findall(r"[\wÄÖÜäöüß.\-]+", chunk)
        if not words:
            break
        if _has_own_name_marker(chunk):
            kept.append(chunk)
            continue
        kind = classify(chunk, tables=tables)
        facility = any(w.lower().endswith(_FACILITIES) for w in words)
        if kind is not None and kind.label in ("ORG", "UNIT") and not facility:
            kept.append(chunk)
            continue
        first = tables.abbreviation(words[0])
        if first is not None and first.kind == "ORG" and len(words) > 1:
            kept.append(words[0])
        break
    return ", ".join(kept)


_CHUNKS = re.compile(r"\s*[,;]\s*")


def _has_own_name_marker(piece: str) -> bool:
    """A legal form or a church word makes a name a Träger's ("… e. V.", "Kath. …")."""
    return bool(re.search(r"(?:\be\.\s?V\.|\bg?gmbh\b|\bg?ag\b|\bkath\.|\bevang\.|\bev\.|"
                          r"\bstiftung\b|kirche|gemeinde\b|seelsorgeeinheit)",
                          piece, re.IGNORECASE))
