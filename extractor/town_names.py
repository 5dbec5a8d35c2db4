"""Which town a document is from, read from its own words: "Stadt Karlsruhe", a title.

A table of every German municipality has names that are also common words ("Essen",
"Weil", "Hof", "Lage") and names that several towns share ("Neustadt"). So a name counts
in two ways only:

- after a word that says "this is a town" ("Stadt", "Landeshauptstadt", "Gemeinde",
  "Stadtverwaltung", "City of" …), which also decides between towns of one short name by
  the longer written name ("Stadt Freiburg im Breisgau");
- bare (in the file name, the title, a heading) when the name is no common word, is at
  least four letters long, and names exactly one town of the table; its adjective counts
  too ("Karlsruher Klimaanpassungsstrategie", "Dresdner").

The texts are read in the order given (file name, title, the lines above the table): the
first that names a town decides, a marked name before a bare one within one text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .naming import slug

_MARKER = re.compile(
    r"(?:\b(?:Landeshauptstadt|Hansestadt|Universitätsstadt|Wissenschaftsstadt|Kreisstadt|"
    r"Große[n]? Kreisstadt|Stadtverwaltung|Gemeindeverwaltung|Stadt|Gemeinde|Markt|"
    r"Stadtgemeinde|Kommune|Ortsgemeinde|Verbandsgemeinde|Bürgermeisteramt|Rathaus)"
    r"|\bCity of|\bMunicipality of|\bTown of|\bder Stadt|\bdie Stadt)\s+",
    re.IGNORECASE)
# Up to four words of a name after the marker: "Freiburg im Breisgau", "Halle (Saale)".
_NAME_WORDS = re.compile(r"[A-ZÄÖÜ][\wÄÖÜäöüß.\-]*|\([\wÄÖÜäöüß. ]+\)|am|an|der|im|in|ob|bei|"
                         r"vor|auf|a\.|i\.|v\.|d\.")
# Town names that are also everyday words: never recognised bare.
COMMON_WORDS = frozenset({
    "essen", "weil", "hof", "lage", "au", "berg", "wald", "bad", "burg", "horn", "laufen",
    "linden", "stein", "zell", "elz", "loh", "ost", "west", "nord", "sud", "mitte", "bruck",
    "feld", "haus", "hausen", "kirchen", "garten", "schwaben", "bayern", "hessen", "sachsen",
    "bergen", "werben", "wiesen", "wegen", "rain", "ebene", "tal", "heide", "hagen", "sonne",
    "lauf", "leer", "treffen", "bremen-stadt", "kappeln", "brand", "sand", "mark", "moor",
    "damm", "dorf", "stadt", "land", "kreis", "bahn", "ried", "hochdorf", "forst", "weiden",
    "senden", "selb", "roth", "bingen", "winden", "halle", "wolfen", "ahlen", "olpe",
    "plan", "ziel", "stand", "projekt", "bauen", "planen", "energie", "klima", "boden",
    "stelle", "bescheid", "karl", "aue", "grund", "zeit", "gut", "see", "wiese", "quelle",
    "anger", "born", "holz", "rade", "schwarz", "weiler", "mulde", "lohe", "trebur",
})


_STREETS = ("straße", "strasse", "str", "weg", "allee", "platz", "ring", "tor", "brücke",
            "landstraße", "chaussee", "damm", "ufer")


@lru_cache(maxsize=8)
def _index(names: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    """Slug of every name and alias → the table names it can mean."""
    index: dict[str, set[str]] = {}
    for name, aliases in names:
        for written in (name, *aliases):
            index.setdefault(slug(written), set()).add(name)
    return {k: frozenset(v) for k, v in index.items()}


def _candidates(words: Sequence[str]) -> Iterable[str]:
    """The longest run of name words first, down to the first word alone."""
    for n in range(min(len(words), 4), 0, -1):
        yield " ".join(words[:n])


def _after_markers(text: str, index: dict[str, frozenset[str]]) -> str | None:
    for m in _MARKER.finditer(text):
        words: list[str] = []
        cursor = m.end()
        for w in _NAME_WORDS.finditer(text, m.end()):
            if text[cursor:w.start()].strip(" ,") or (not words and not w.group()[:1].isupper()):
                break
            words.append(w.group())
            cursor = w.end()
            if len(words) == 4:
                break
        for candidate in _candidates(words):
            found = index.get(slug(candidate), frozenset())
            if len(found) == 1:
                return next(iter(found))
    return None


def _stems(word: str) -> list[str]:
    """The town a capitalised "-er" adjective names: "Karlsruher" → "Karlsruhe",
    "Dresdner" → "Dresden", "Münchner" → "München"."""
    if len(word) < 5 or not word[:1].isupper() or not word.endswith("er"):
        return []
    stems = [word[:-1], word[:-2]]
    if word.endswith("ner"):
        stems.append(word[:-3] + "en")
    return stems


def _bare(text: str, index: dict[str, frozenset[str]], any_case: bool) -> str | None:
    words = re.findall(r"[\wÄÖÜäöüß]+", text)
    for i in range(len(words)):
        if not (any_case or words[i][:1].isupper()):
            continue  # "müssen" is a verb, "Müssen" the town
        runs = [" ".join(words[i:i + n]) for n in range(min(4, len(words) - i), 0, -1)]
        street = i + 1 < len(words) and words[i + 1].lower().startswith(_STREETS)
        stems = [] if street else _stems(words[i])  # "Karlsruher Straße" is any town's
        for written in [*runs, *stems]:
            key = slug(written)
            if len(key) < (3 if written in stems else 4) or key in COMMON_WORDS:
                continue
            found = index.get(key, frozenset())
            if len(found) == 1:
                return next(iter(found))
    return None


def recognise(texts: Sequence[str], names: tuple[tuple[str, tuple[str, ...]], ...]
              ) -> str | None:
    """The table name of the town the texts are from, or None; see the module's rules."""
    index = _index(names)
    for n, text in enumerate(texts):
        # the file name (first) is often lower case; in prose a town is capitalised
        found = _after_markers(text or "", index) or _bare(text or "", index, n == 0)
        if found:
            return found
    return None
