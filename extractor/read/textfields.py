"""Field labels at line starts in a text layer, also where they are glued to their value.

A measure sheet's text layer prints "Umsetzungsstandals Daueraufgabe etabliert",
"MaßnahmentypDaueraufgabe", "Verantwortliche Stelle Umwelt- und Arbeitsschutz" or
"Beginn: 06.2019": label and value with a colon, a space or nothing between them. A label
is a line start that names a column role (the vocabulary of :mod:`extractor.columns`,
which the sheet and row readers use too); where it ends is decided by the document:

- at a colon, when there is one;
- else the label is the shortest start naming the role (up to the end of the matched
  vocabulary word: "Umsetzungsstand"), grown word by word (at most one word beyond) while
  every line that starts so starts with the longer text too: "Verantwortliche Stelle"
  starts all its lines, "Verantwortliche Stelle Umwelt-" only some;
- a lower-case/upper-case seam ("MaßnahmentypDaueraufgabe", "Aktueller StandBeim") or a
  bullet ("Hindernisse▪Finanzielle") ends a label too.

A start counts as a label only when it opens two lines or more (or stands alone on its
line): a word of the vocabulary opening one line of prose is not a field.
"""

from __future__ import annotations

import re
from collections import Counter

from ..columns import _EXACT_ONLY, ROLE_SYNONYMS
from .sheets import label_roles

_MAX_LABEL_CHARS = 45
_MIN_REPEATS = 3  # lines a label without a colon must open
_COLON_LABEL_WORDS = 4
_MAX_INFLECTION = 3
_LONG_LABEL = 8  # letters a label word may have beyond its vocabulary word
_WORD_END = re.compile(r"[\s:]|$")
_SEAM = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])|(?=[▪•●■◦])")
_LINE_COLON = re.compile(r"^(?P<label>[^:]{2,45}?)\s*:\s*(?P<value>.*)$")
# Words that open prose, not a label, before a vocabulary word ("Das Projekt wird …").
FUNCTION_WORDS = {"der", "die", "das", "ein", "eine", "im", "in", "bei", "mit", "für", "zu",
                   "von", "des", "dem", "den", "zur", "zum", "auf", "aus", "über", "und",
                   "als", "am", "an", "es", "sie", "er", "wir", "dies", "diese", "dieser"}
_VOCABULARY = sorted({s for words in ROLE_SYNONYMS.values() for s in words if len(s) > 3},
                     key=len, reverse=True)


def _small_caps(text: str) -> str:
    # Small capitals come out of some text layers as lower-case "c" ("AUSBLIcK"): a word
    # in capitals but for one letter is read in capitals.
    words = []
    for word in text.split(" "):
        letters = [c for c in word if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        words.append(word.upper() if letters and upper >= len(letters) - 1 and upper >= 3
                     else word)
    return " ".join(words)


def _fold(text: str) -> str:
    return _small_caps(text).lower()  # not casefold: "ß" keeps its one character


class LabelFinder:
    """Splits lines into (label, value) with labels learnt from the whole document."""

    def __init__(self, lines: list[str]):
        self._counts: Counter[str] = Counter()
        starts: list[bool] = []
        texts = [line.strip() for line in lines if line.strip()]
        self._bare: set[str] = set()
        self._whole = Counter(texts)  # lines that recur whole: "Time horizon", "Kosten"
        for original, text in zip(texts, (_fold(t) for t in texts), strict=True):
            stem_end = _stem_end(text)
            after = original[stem_end:stem_end + 1] if stem_end is not None else "x"
            if stem_end is not None and not after.islower():
                self._bare.add(text[:stem_end])  # "Umsetzungsstand" seen ending here
            starts.append(stem_end is not None and _inflection(text, stem_end) <= _MAX_INFLECTION)
            if stem_end is not None:
                for end in range(2, min(len(text), _MAX_LABEL_CHARS + 10) + 1):
                    self._counts[text[:end]] += 1
        # Labels come in runs: two lines in a row that open with a vocabulary word are
        # fields even where a short document prints each label once.
        self._runs = {texts[i] for i in range(len(texts))
                      if starts[i] and ((i and starts[i - 1])
                                        or (i + 1 < len(texts) and starts[i + 1]))}

    def _count(self, folded_prefix: str) -> int:
        return self._counts.get(folded_prefix, 0)

    def split(self, text: str) -> tuple[str, str] | None:
        """``(label, value)`` when the line opens with a field label, else ``None``."""
        text = text.strip()
        m = _LINE_COLON.match(text)
        if m and colon_label(m.group("label")) and not _SEAM.search(m.group("label"), 1):
            return m.group("label").strip(), m.group("value").strip()
        found = self._split(text)
        if self._standing_label(text) and (found is None or self._always_followed(found, text)):
            return text, ""  # "Time horizon", not "Financial" + "expenditure"
        return found

    def _always_followed(self, found: tuple[str, str], text: str) -> bool:
        """Whether every line opened by the label goes on as this one does: then the
        rest is part of the label ("Financial expenditure"), not a value that varies
        ("Umsetzungsstand gestartet" / "… fortgeschritten")."""
        return self._count(_fold(found[0])) == self._count(_fold(text))

    def _split(self, text: str) -> tuple[str, str] | None:
        folded = _fold(text)
        stem_end = _stem_end(folded)
        if stem_end is None:
            return None
        end = self._label_end(text, folded, stem_end)
        if end is None:
            return None
        label = _small_caps(text[:end].strip(" :"))
        roles = label_roles(label)
        # Without a colon the measure's own words ("Maßnahmen für …", "Projekt …") open
        # too much prose to be read as labels.
        stem_word = re.search(r"\S+$", text[:stem_end])
        if not roles or "measure" in roles or not (stem_word and stem_word.group()[:1].isupper()):
            return None
        return label, text[end:].strip(" :")

    def _standing_label(self, text: str) -> bool:
        """A short line naming a role that recurs whole is a label with its value below
        ("Time horizon", "Financial expenditure"), whatever the case of its words."""
        words = text.split()
        return (1 < len(words) <= 3 and self._whole[text] >= _MIN_REPEATS
                and text[0].isupper() and not re.search(r"[\d:]", text)
                and words[0].casefold() not in FUNCTION_WORDS
                and bool(label_roles(text)) and "measure" not in label_roles(text))

    def _glued(self, stem: str) -> bool:
        """Whether lines go on from ``stem`` with different letters, as values do."""
        letters = [c for c in "abcdefghijklmnopqrstuvwxyzäöüß" if self._count(stem + c)]
        glued = sum(self._count(stem + c) for c in letters)
        if len(letters) >= 2 and glued >= _MIN_REPEATS:
            return True
        # A long label word seen ending on its own elsewhere ("UmsetzungsstandAls"): what
        # follows it in lower case is the value. Short ones ("Stand") open other words.
        word = stem.rsplit(" ", 1)[-1]
        return len(word) >= _LONG_LABEL and stem in self._bare

    def _label_end(self, text: str, folded: str, stem_end: int) -> int | None:
        seam = next((m.start() for m in _SEAM.finditer(text, stem_end) if m.start() > 0),
                    None)
        word_end = _WORD_END.search(folded, stem_end).start()
        if seam is not None and seam <= word_end:
            return seam
        base = self._count(folded[:stem_end])
        if word_end > stem_end and self._glued(folded[:stem_end]):
            return stem_end  # "Umsetzungsstand|als …": the rest of the word varies
        if word_end - stem_end > _MAX_INFLECTION:
            return None  # "Daueraufgabe" is a word of its own, not the label "Dauer"
        if folded[word_end:].strip(" :") == "":
            # The label alone on its line, its value below; "Bereich." closes a sentence.
            return None if text.rstrip().endswith(".") and word_end > 4 else len(text)
        if base < _MIN_REPEATS and (text not in self._runs or _prose_after(folded, word_end)):
            return None
        # One word more when every line so opened goes on with it ("… Stelle").
        nxt = re.match(r"\s+[A-ZÄÖÜ][a-zäöüß]+(?=\s|$)", text[word_end:])
        if nxt:
            longer = word_end + nxt.end()
            if self._count(folded[:longer]) == base and folded[longer:].strip(" :"):
                return longer
        return word_end


def _prose_after(folded: str, end: int) -> bool:
    """Whether the words after a label start read on as a sentence ("Bereich der …")."""
    nxt = folded[end:].split(maxsplit=1)
    return bool(nxt) and nxt[0] in FUNCTION_WORDS


def _inflection(folded: str, stem_end: int) -> int:
    return _WORD_END.search(folded, stem_end).start() - stem_end


def colon_label(label: str) -> bool:
    """A "Label:" is a few words naming a role, without digits, quotes or brackets."""
    words = label.split()
    if (not words or len(words) > _COLON_LABEL_WORDS or not label[0].isalpha()
            or re.search(r"[\d\"„“”()\[\]/]|https?$", label)
            or (label.endswith(".") and len(label) > 4)
            or words[0].casefold() in FUNCTION_WORDS):
        return False
    folded = _fold(label)
    stem_end = _stem_end(folded)
    if stem_end is None or _WORD_END.search(folded, stem_end).start() - stem_end > _MAX_INFLECTION:
        return False  # "Internationale CLOE-Cluster-Konferenz:" opens prose
    roles = label_roles(label)
    # "Abgeschlossene Projekte:" opens a list in a value; "Maßnahme:" names the measure.
    if "measure" in roles and not _starts_with_stem(_fold(label)):
        return False
    return bool(roles)


def _starts_with_stem(folded: str) -> bool:
    return any(folded.startswith(stem) for stem in _VOCABULARY)


def _stem_end(folded: str) -> int | None:
    """End of the vocabulary word that opens the label (in its first two words)."""
    words = list(re.finditer(r"\S+", folded[:_MAX_LABEL_CHARS]))[:2]
    for n, m in enumerate(words):
        if n == 1 and (words[0].group() in FUNCTION_WORDS or not words[0].group().isalpha()):
            return None
        for stem in _VOCABULARY:
            if folded.startswith(stem, m.start()) and (
                    stem not in _EXACT_ONLY
                    or not folded[m.start() + len(stem):m.start() + len(stem) + 1].isalpha()):
                return m.start() + len(stem)
    return None
