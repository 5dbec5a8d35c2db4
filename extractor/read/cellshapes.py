"""The shape of a table cell printed on lines of its own: when, money, counts, addresses.

A linearised table (:mod:`.linearised`) loses its column boundaries; what is left to tell
one cell from the next is what each cell looks like. These predicates know the shapes
German plan tables print, never the words of one document:

- a when-cell: months and years ("09/2010", "11/ 2011", "Herbst 2012", "Ende 2012"),
  with the words that go with them ("neu:", "eröffnet", "Eröffnung", "Schließung", "ab");
- a count cell: a number and a code of capitals ("1 KK 10", "0,5 GT/VÖ", "-1 VÖ -2");
- an amount in euros ("75.000 €", "- €");
- a street address closing a title cell ("Gänsbergstraße 3", "Am Sportpark 5");
- a totals line ("16 Gesamt Projekte 2012 …", "8 Projekte 2012 realisierbar … 7,5 60 30");
- a unit glued to the title by the text layer ("HauptamtReduzierung …");
- the organisations named at the start of a title cell ("Kath. Kirchengemeinde, Kindergarten
  St. Cyriakus, Gänsbergstraße 3" → "Kath. Kirchengemeinde").
"""

from __future__ import annotations

import re

from ..status_terms import status_term

_MONTH_YEAR = r"(?:\d{1,2}\s?/\s?(?:19|20)\d\d|(?:19|20)\d\d)"
_WHEN_WORD = (r"(?:neu|eröffnet|Eröffnung|Schließung|Inbetriebnahme|ab|bis|ca\.|voraussichtlich"
              r"|Herbst|Frühjahr|Frühling|Sommer|Winter|Anfang|Mitte|Ende|weitere|\d\s+Gruppen)")
WHEN_LINE = re.compile(rf"^(?:{_WHEN_WORD}:?\s*)*{_MONTH_YEAR}?(?:\s*{_WHEN_WORD}:?)*$",
                       re.IGNORECASE)
_HAS_WHEN = re.compile(rf"{_MONTH_YEAR}|\b(?:eröffnet|Eröffnung|Schließung)\b", re.IGNORECASE)
COUNT_LINE = re.compile(r"^(?:-?\d+(?:,\d+)?\s*[A-ZÄÖÜ]{2}(?:[/-][A-ZÄÖÜ]{2})*\b|---)"
                        r"[\s\d,./+\-–]*(?:[A-ZÄÖÜ]{2}(?:[/-][A-ZÄÖÜ]{2})*[\s\d,.\-]*)*$")
NUMBERS_LINE = re.compile(r"^[\d\s,.+\-–]+$")
AMOUNT = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?\s*€|(?<!\S)-\s*€")
# "Gänsbergstraße 3", "Speyerer Str. 26", "Am Sportpark 5", "Zeppelinstr. 56 a", and a
# street whose number the text layer put on a line of its own.
ADDRESS_END = re.compile(
    r"(?:(?:straße|str\.|weg|allee|platz|ring|gasse|damm|ufer|markt|park|berg|tor)"
    r"(?:\s+\d{1,4}\s?[a-z]?)?|\s\d{1,4}\s?[a-z]?)$", re.IGNORECASE)
_TOTALS_WORD = re.compile(r"\b(?:Gesamt|Summe|Insgesamt|Total)\b", re.IGNORECASE)
_TRAILING_NUMBERS = re.compile(r"(?:\s+-?\s?\d+(?:,\d+)?){3}\s*$")
# Where the text layer glued a cell to the next one: "DezernateReduzierungen",
# "Stabsstelle SAMReduzierung" (a word, or a run of capitals, then a capitalised word).
_GLUE = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ][a-zäöüß])|(?<=[A-ZÄÖÜ]{2})(?=[A-ZÄÖÜ][a-zäöüß]{2})")
_OPEN_ENDED = re.compile(r"(?:\bund|\boder|,|-|/|–)$")
# Names of facilities, not of who runs them: a title part that starts with one names no
# organisation ("Kindertageseinrichtung im „Baden-Carré“", "Städt. Kita Wolfartsweier").
_FACILITY = re.compile(
    r"^(?:Städt\.|Städtische[rs]?\b|(?:Betriebs-)?Kinder(?:tages)?(?:einrichtung|garten|haus)"
    r"|Kita\b|Kindergarten|Außengruppen?|Schule\b|Grundschule|Gebäude)", re.IGNORECASE)
_LEGAL_FORM = re.compile(r"\b(?:e\.\s?V\.|gGmbH|GmbH|gAG|AG|eG|KG|Stiftung)(?=\s|,|$)")
_QUOTED_NAME = re.compile(r"\s+„")
# After the first part, only a part that names a body is one ("Kirchengemeinde Hagsfeld";
# not "St. Cyriakus", the facility's name).
_BODY = re.compile(r"gemeinde|kirche|einheit|verein|verband|initiative|institut|kliniken"
                   r"|werk\b|zentrum|e\.\s?V\.|gGmbH|GmbH|\bgAG\b|\bAG\b|Stiftung", re.IGNORECASE)


def is_when(text: str) -> bool:
    """A line of a when-cell: a month or year, or a word that goes with one."""
    return bool(text) and WHEN_LINE.fullmatch(text) is not None


def names_when(text: str) -> bool:
    """A line that can open a when-cell: it names a month, a year or an opening."""
    return is_when(text) and _HAS_WHEN.search(text) is not None


def is_count(text: str) -> bool:
    """A cell of counts ("1 KK 10", "0,5 GT/VÖ", "---") or of bare numbers."""
    return is_coded_count(text) or NUMBERS_LINE.fullmatch(text) is not None


def is_coded_count(text: str) -> bool:
    """Counts with their codes ("1 KK 10"): a bare "2013" may still be a year."""
    return COUNT_LINE.fullmatch(text) is not None


# "jes-Projekt (Jugend engagiert sich)": a compound led by a lower-case abbreviation
LOWER_COMPOUND = re.compile(r"^[a-zäöü]{1,5}-[A-ZÄÖÜ]")


def status_opening(text: str) -> tuple[str, str] | None:
    """(status term, the rest) where a line opens with a status column's term and the
    next column's prose follows on the same line: "laufend Das Programm 2009 …"."""
    words = text.split()
    for n in range(min(3, len(words)), 0, -1):
        rest = " ".join(words[n:])
        if status_term(" ".join(words[:n])) and (not rest or rest[:1].isupper()
                                                  or rest[:1] in "„\"("
                                                  or LOWER_COMPOUND.match(rest)):
            return " ".join(words[:n]), rest
    return None


def join_cell(lines: list[str]) -> str:
    """A cell's lines as one text: "Betriebs-" + "Kindertageseinrichtung" keep their
    hyphen without a space (the word continues with a capital: a compound)."""
    out = ""
    for line in lines:
        if out.endswith("-") and out[-2:-1].isalpha() and line[:1].isupper():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def is_totals(text: str) -> bool:
    """A line that sums the rows above: it says so, or it ends in three numbers."""
    return bool(_TOTALS_WORD.search(text)) or (
        bool(_TRAILING_NUMBERS.search(text)) and re.search(r"[a-zäöüß]{3}", text) is not None)


def ends_address(text: str) -> bool:
    return ADDRESS_END.search(text) is not None and re.search(r"[A-Za-zÄÖÜäöüß]{3}", text) \
        is not None


def open_ended(text: str) -> bool:
    """Whether a cell's line reads on: it ends in "und", a comma, a hyphen or a slash, or
    its last word is lower case ("Südstadt – östlicher" / "Teil")."""
    words = text.split()
    return bool(_OPEN_ENDED.search(text)) or (bool(words) and words[-1][:1].islower())


def amounts(text: str) -> tuple[list[str], str]:
    """The euro amounts of a line, and the line without them."""
    found = [m.group(0).strip() for m in AMOUNT.finditer(text)]
    return found, " ".join(AMOUNT.sub(" ", text).split())


def unglue(text: str) -> tuple[str, str] | None:
    """(first cell, rest) where the text layer glued two cells: "HauptamtReduzierung …"."""
    m = _GLUE.search(text)
    if m is None or m.start() < 3:
        return None
    return text[:m.start()].strip(), text[m.start():].strip()


def leading_organisations(title: str) -> list[str]:
    """The bodies a title cell names before the facility and its address.

    "Kath. Kirchengemeinde, Kindergarten St. Cyriakus, Gänsbergstraße 3" →
    ["Kath. Kirchengemeinde"]; "SKF/St.-Vincentius-Kliniken gAG, …" → both; a cell that
    starts with the facility ("Kindertageseinrichtung im „Baden-Carré“, …") names none.
    """
    parts = [p.strip() for p in title.split(", ") if p.strip()]
    names: list[str] = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1 and (n or ends_address(part)):
            break  # the address
        if _FACILITY.match(part) or part.startswith(("(", "„")) or (
                n and not _BODY.search(part)):
            break
        legal = _LEGAL_FORM.search(part)
        if legal and part[legal.end():].strip():
            part = part[:legal.end()]  # "Kind und Beruf e. V. Sport- und …"
        part = _QUOTED_NAME.split(part)[0]  # "KIT „KinderUni-Versum“"
        names.extend(p.strip() for p in re.split(r"(?<=\w)/(?=[A-ZÄÖÜ])", part) if p.strip())
        if legal or len(names) >= 3:
            break
    return names
