"""The cheap pre-checks before the rules never hide a match.

``required_words`` lets the status and date rules skip a pattern whose needed words a
cell lacks; ``MatcherGate`` skips the actor matcher for a doc none of its patterns can
match. Both are checked against the full search on the real cells of the corpus file
and the synthetic reports, and must also skip something (else they are no use).
"""

from __future__ import annotations

import re

import pytest

from extractor.language.actors import _patterns
from extractor.language.date_patterns import PATTERNS
from extractor.language.matcher_gate import MatcherGate
from extractor.language.pipeline import load_pipeline
from extractor.language.required_words import folds_simply, required_words
from extractor.language.status_cues import STATUS_CUES
from extractor.read import read_table
from extractor.rows import plan_rows

from .conftest import MOESSINGEN


def _texts() -> list[str]:
    rows = plan_rows(read_table(MOESSINGEN)).rows
    texts = [c.text for r in rows for c in (*r.who, *r.timeframe, *r.resources)]
    texts += [r.status.text for r in rows if r.status]
    texts += ["Fällt aus.", "Projektstart im Juli 2020", "Stadtplanungsamt", "Frühjahr 2021",
              "KW 12/2022", "Ende des Jahres", "3. Quartal 2021", "verſchoben"]
    return list(dict.fromkeys(texts))


@pytest.mark.parametrize("patterns", [
    [(re.compile(c.pattern, re.IGNORECASE), 3) for _, cues in STATUS_CUES for c in cues],
    [(p, 2) for _, p, _ in PATTERNS]], ids=["status cues", "date patterns"])
def test_required_words_are_in_every_match(patterns):
    skipped = 0
    for text in _texts():
        for pattern, min_chars in patterns:
            needs = required_words(pattern.pattern, min_chars)
            present = not needs or not folds_simply(text) or any(
                w in text.lower() for w in needs)
            if pattern.search(text):
                assert present, (pattern.pattern, text)
            skipped += not present
    assert skipped > 0


def test_required_words_of_alternations_and_groups():
    assert required_words(r"\bentf(?:ällt|allen)\b") == ("entf",)
    assert required_words(r"\babgesagt\b|\bAbsage\b") == ("abgesagt", "absage")
    assert required_words(r"\bl(?:äuft|aufen)\b") == ("äuft", "aufen")
    assert required_words(r"\b(?:x|abc)\b") is None  # one branch holds no word of 3
    assert not folds_simply("verſchoben")


def test_matcher_gate_lets_every_matching_doc_through():
    nlp, _ = load_pipeline(statistical=False, hanta=False)
    recognizer = nlp.get_pipe("plankg_actors").recognizer
    gate = MatcherGate([p for patterns in _patterns().values() for p in patterns])
    refused = 0
    for text in _texts() + ["Hr. Kühn", "Amt für Umwelt", "Gemeinwesenarbeit-", "läuft"]:
        doc = nlp.make_doc(text)
        if recognizer.matcher(doc):
            assert gate.may_match(doc), text
        refused += not gate.may_match(doc)
    assert refused > 0
