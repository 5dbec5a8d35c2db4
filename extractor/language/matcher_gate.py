"""Whether a spaCy ``Matcher``'s patterns can match a doc at all, cheaply.

The actor patterns are tried on every who and status cell; spaCy's matcher walks every
token through every pattern's predicates. Each pattern has a token that every match
needs (no "?" or "*"); a doc that holds no token satisfying it for any pattern has no
match, and the matcher is not called. A needed token given by its lower-case form
("für", one of the honorifics) is looked up in the doc's set of lower-case words; one
given only by a regular expression is tested on the doc's words. Exact: the gate lets
through every doc the matcher could find something in.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# Operators under which a token spec must hold for some token of every match.
_NEEDED = (None, "+", "1")


class MatcherGate:
    def __init__(self, patterns: list[list[dict]]):
        self.words: set[str] = set()
        self.tests: list[tuple[str, re.Pattern[str]]] = []
        self.always = False
        for pattern in patterns:
            self._add(pattern)

    def _add(self, pattern: list[dict]) -> None:
        needed = [spec for spec in pattern if spec.get("OP") in _NEEDED]
        for spec in needed:
            lower = spec.get("LOWER")
            if isinstance(lower, str):
                self.words.add(lower)
                return
            if isinstance(lower, dict) and "IN" in lower:
                self.words.update(lower["IN"])
                return
        for spec in needed:
            for attr in ("LOWER", "TEXT"):
                value = spec.get(attr)
                if isinstance(value, dict) and "REGEX" in value:
                    self.tests.append((attr, re.compile(value["REGEX"])))
                    return
        self.always = True  # no needed token the gate can test: always call the matcher

    def may_match(self, doc: Doc, tokens=None) -> bool:
        if self.always:
            return True
        tokens = doc if tokens is None else tokens
        lowers = {t.lower_ for t in tokens}
        if not self.words.isdisjoint(lowers):
            return True
        texts = {t.text for t in tokens}
        return any(rx.search(value) for attr, rx in self.tests
                   for value in (lowers if attr == "LOWER" else texts))
