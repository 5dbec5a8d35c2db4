"""The kind of one part of a who-cell: person, unit, organisation or group.

A part is what segmentation leaves between separators ("Ausländerbehörde", "DRK
Kreisverband", "Amt für Grünflächen, Umwelt und Nachhaltigkeit"). German names a thing by
its head noun, so the kind follows from the head: the first noun before "für/der/des/von"
or else the last word, read by its ending ("-behörde" a unit, "-verband" an organisation,
"-innen" a group). Legal forms, known names and the abbreviation table win over endings.

``classify`` returns the mention label and whether the evidence is strong. Weak evidence
(a subject like "Arbeitsschutz") still makes a unit when the part stands alone, but lets
the part continue a longer name ("Amt für Umwelt, Arbeitsschutz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..references import References, name_key
from . import lexicon as lx

_WORD = re.compile(r"[\wÄÖÜäöüß*:/.\-]+")
_CAPS = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ0-9][A-ZÄÖÜa-z0-9äöü&\-]{1,7}$")
# Forms of abbreviations that name outside bodies: Stadtwerke ("SWM", "SwK"), federal
# ministries ("BMVI", "BMWK"), Hochschulen ("HfG", "HfM").
_OUTSIDE_ABBREVIATION = re.compile(r"^(?:S[Ww][A-ZÄÖÜ]{1,2}|BM[A-ZÄÖÜ][A-Za-z]{0,5}|Hf[A-Z]{1,2})$")
_ROMAN = re.compile(r"^(?:[IVX]{1,4}|\d{1,3}(?:[.\-/]\d{1,3})*)$")
_LINKERS = {"für", "der", "des", "von", "vom", "im", "in", "am", "zur", "zum", "bei", "nach",
            "mit", "aus", "zu", "auf", "ohne", "wie", "of", "for", "from", "with", "on"}
_GROUP_MODIFIERS = lx.GROUP_MODIFIERS | {"private", "städtische", "freie", "kirchliche",
                                         "externe", "externer", "externen", "sonstige",
                                         "sonst.", "verschiedene", "diverse", "weitere",
                                         "soziale", "lokalen", "örtlichen", "beteiligte",
                                         "betroffene", "zuständige", "zuständigen"}


_CITY_OWN = {"städtische", "städtischer", "städtisches", "städt."}


@dataclass(frozen=True)
class Kind:
    label: str  # PERSON, UNIT, ORG, GROUP
    strong: bool = True


@lru_cache(maxsize=1)
def _lexicon_names() -> frozenset[str]:
    return frozenset(_key(n) for n in lx.KNOWN_ORGANISATIONS)


def _known(text: str, tables: References) -> bool:
    """An outside organisation known by name: the lexicon or the organisation tables."""
    return _key(text) in _lexicon_names() or name_key(text) in tables.organisation_keys()


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _ending(word: str, suffixes: tuple[str, ...]) -> int:
    """Length of the longest suffix of ``suffixes`` that ``word`` ends with (0: none)."""
    return max((len(s) for s in suffixes if word.endswith(s)), default=0)


def head_word(words: list[str]) -> str:
    """The head noun: the last word before the first linker, or the last word."""
    for i, word in enumerate(words):
        if i > 0 and word.lower() in _LINKERS:
            return words[i - 1]
    return words[-1]


@lru_cache(maxsize=50_000)  # a pure function of the word, asked for every part's words
def _by_ending(word: str, lemma: str | None = None, tag: str | None = None) -> Kind | None:
    w = word.lower().rstrip(".,:")
    if w in lx.GROUP_NOUNS or w in lx.COLLECTIVE_NOUNS:
        return Kind("GROUP")
    if w in lx.UNIT_WORDS or w in lx.UNIT_HEADS or w in lx.SELF_WORDS:
        return Kind("UNIT")
    if w in lx.NOT_UNITS:
        return None
    scores = {
        "ORG": _ending(w, lx.ORGANISATION_SUFFIXES),
        "UNIT": _ending(w, lx.UNIT_SUFFIXES),
        "SUBJECT": _ending(w, lx.UNIT_SUBJECT_SUFFIXES),
        "GROUP": _ending(w, lx.GROUP_SUFFIXES),
    }
    best = max(scores, key=lambda k: scores[k])
    plural = tag in (None, "", "NN") and _plural(w, lemma)  # never a proper name's "plural"
    if scores[best] and best != "GROUP" and plural:
        return Kind("GROUP")  # "Kreditinstitute", "Wohnungsbaugesellschaften"
    if scores[best] == 0:
        return Kind("GROUP") if plural else None
    if best == "SUBJECT":
        return Kind("UNIT", strong=False)
    return Kind(best)


def _plural(word: str, lemma: str | None) -> bool:
    """A noun whose lemma is shorter and a stem of it: in a list of parties, a plural."""
    lemma = (lemma or "").lower()
    return (bool(lemma) and lemma != word and len(word) > len(lemma) and
            word.startswith(lemma[:max(3, len(lemma) - 2)]) and
            word.endswith(("e", "en", "er", "n", "s", "innen")))


_SHIPPED = References()


def _is_abbreviation(words: list[str]) -> bool:
    """"SPA", "GB OBM II", "FB 61": capitals, then capitals, numbers or roman numerals."""
    return bool(words) and bool(_CAPS.match(words[0])) and all(
        _CAPS.match(w) or _ROMAN.match(w) for w in words[1:])


def classify(text: str, tags: list[str] | None = None, lemmas: list[str] | None = None,
             tables: References | None = None) -> Kind | None:
    """The kind of a who-cell part, or None when nothing marks it as an actor.

    ``tags`` and ``lemmas`` are the STTS tags and lemmas of the part's words, where a
    tagger or lemmatizer ran; without them the word endings decide alone. ``tables`` are
    the reference tables in force (abbreviations, organisations, given names).
    """
    tables = tables or _SHIPPED
    words = _WORD.findall(text)
    if not words:
        return None
    lower = [w.lower() for w in words]
    if lower[0] in lx.HONORIFICS or lower[0] in lx.ACADEMIC_TITLES:
        return Kind("PERSON") if len(words) >= 2 else None
    if lower[0] in lx.OFFICES and len(words) >= 2 and words[1][:1].isupper():
        return Kind("PERSON")
    if _known(text, tables):
        return Kind("ORG")
    abbreviation = tables.abbreviation(text) or (tables.abbreviation(words[0])
                                                 if len(words) == 1 else None)
    if abbreviation is not None:
        return Kind(abbreviation.kind)
    if any(w in lx.LEGAL_FORMS for w in lower[1:]) or re.search(r"\be\.\s?V\.", text):
        return Kind("ORG")
    if lower[0] in lx.CHURCH_PREFIXES and len(words) >= 2 and words[1][:1].isupper():
        return Kind("ORG")  # "Kath. Kirchengemeinde Grötzingen", "Evang. Kirche in Karlsruhe"
    if lower[:2] == ["city", "of"] and len(words) >= 3:
        return Kind("UNIT")  # an English plan's "City of Mannheim": the town itself
    if " ".join(lower) in lx.SELF_WORDS or (lower[0] in lx.SELF_WORDS and len(words) <= 3
                                             and words[-1][:1].isupper()):
        return Kind("UNIT")  # the town itself: "Stadt", "Verwaltung", "Stadt Karlsruhe"
    if len(words) == 1 and lower[0] in lx.OFFICES:
        return Kind("UNIT")  # "Bürgermeister" alone names the office
    if lower[0] in lx.UNIT_HEADS or any(w in lx.UNIT_MARKERS for w in lower[1:]) or (
            tables.abbreviation(words[0]) is not None and len(words) > 1
            and _is_abbreviation(words)):
        first = tables.abbreviation(words[0])
        return Kind(first.kind if first else "UNIT")
    if lower[0] in lx.DELEGATE_NOUNS:
        return Kind("GROUP")  # "Vertreter des Gemeinderates"
    if _is_person_name(words, tags, tables.given_names()):
        return Kind("PERSON")
    return _by_head(words, lower, lemmas, tags)


def _is_person_name(words: list[str], tags: list[str] | None, given: frozenset[str]) -> bool:
    """"Alexander Zug": a known given name, or two or three proper nouns, then a name."""
    if not 2 <= len(words) <= 4 or not all(re.match(r"^[A-ZÄÖÜ][a-zäöüßé\-]+$", w)
                                           for w in words):
        return False
    if any(w.lower() in lx.NOT_NAMES or w.lower() in _LINKERS for w in words):
        return False
    if words[0].casefold() in given:
        return _by_ending(words[-1]) is None
    return bool(tags) and len(tags) == len(words) and all(t == "NE" for t in tags)


def _by_head(words: list[str], lower: list[str], lemmas: list[str] | None,
             tags: list[str] | None) -> Kind | None:
    head = head_word(words)
    aligned = bool(lemmas) and len(lemmas) == len(words)
    head_lemma = lemmas[words.index(head)] if aligned else None
    head_tag = tags[words.index(head)] if tags and len(tags) == len(words) else None
    kind = _by_ending(head, head_lemma, head_tag)
    if kind is not None and kind.label == "GROUP" and "für" in lower[1:]:
        return Kind("ORG")  # "Bürger für Bästehardt" names an association
    if kind is None and len(words) > 1:
        kind = _by_ending(words[-1], lemmas[-1] if lemmas and len(lemmas) == len(words)
                          else None)  # "DRK Kreisverband", "Umwelt- und Arbeitsschutz"
    if kind is None and len(words) > 1 and lower[0] in _CITY_OWN:
        return Kind("UNIT")  # "Städtische Galerie": a singular institution of the town
    if kind is None and len(words) > 1 and words[0][:1].isupper():
        kind = _by_ending(words[0])  # "Seelsorgeeinheit Karlsruhe Südwest": head, then place
    if kind is None and len(words) > 1 and lower[0] in _GROUP_MODIFIERS:
        return Kind("GROUP")
    if kind is not None:
        return kind
    if _is_abbreviation(words):
        # An office known only by its abbreviation, unless its form names an outside body.
        return Kind("ORG") if _OUTSIDE_ABBREVIATION.match(words[0]) else Kind("UNIT")
    return None
