"""spaCy pipeline components, registered by name, that wrap the domain rules.

``doc._.cell_role`` (set before the components run) tells each component whether the
cell is its business, so that a status phrase is never looked for in a "Wer?" cell;
``pipeline.run_cells`` calls only the components a role needs (``ROLE_COMPONENTS``).
Roles: "who", "timeframe", "resources", "status" (actors and status at once), "mentions"
(a status cell's organisations), "state" (a cell's status alone); None runs everything.
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import cache, lru_cache
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorRecognizer
from .budgets import find_budgets
from .dates import find_time_expressions, timeframe_from_text
from .mentions import agent_of, forget
from .status import classify_status

for _name, _default in (("cell_role", None), ("responsibilities", None), ("is_comment", False),
                        ("timeframe", None), ("status", None), ("budgets", None),
                        ("mentioned", None), ("asof", None), ("legend", None),
                        ("header", None), ("references", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory("plankg_actors", default_config={"use_ner": True})
def make_actors(nlp: Language, name: str, use_ner: bool) -> ActorComponent:
    return ActorComponent(nlp, use_ner)


class ActorComponent:
    """Sets ``doc._.responsibilities`` for "who" cells and ``doc._.mentioned`` for status."""

    def __init__(self, nlp: Language, use_ner: bool):
        self.recognizer = ActorRecognizer(nlp, use_ner=use_ner)

    def __call__(self, doc: Doc) -> Doc:
        role = doc._.cell_role
        if role in ("who", None):
            mentions, doc._.is_comment, doc._.responsibilities = self.recognizer.read(doc)
            doc.spans["actors"] = [m.span for m in mentions]
        if role in ("status", "mentions"):
            # Organisations a status names ("Kooperation mit MBE (Caritas)") are partners
            # worth linking, not responsible agents.
            doc._.mentioned = [agent_of(m) for m in self.recognizer.mentions(doc)
                               if m.label == "ORG"]
            forget(doc)
        return doc


@Language.component("plankg_dates")
def dates_component(doc: Doc) -> Doc:
    if doc._.cell_role in ("timeframe", None):
        doc._.timeframe = timeframe_from_text(doc.text)
        spans = [doc.char_span(*e.span, label="DATE", alignment_mode="expand")
                 for e in find_time_expressions(doc.text)]
        doc.spans["dates"] = [s for s in spans if s is not None]
    return doc


@Language.component("plankg_status")
def status_component(doc: Doc) -> Doc:
    if doc._.cell_role in ("status", "state", None):
        assessment = classify_status(doc.text, doc._.asof, legend=doc._.legend)
        doc._.status = assessment
        spans = []
        if assessment.cue_span:
            spans.append(doc.char_span(*assessment.cue_span, label=assessment.category,
                                       alignment_mode="expand"))
        doc.spans["status"] = [s for s in spans if s is not None]
    return doc


@Language.component("plankg_budgets")
def budgets_component(doc: Doc) -> Doc:
    if doc._.cell_role in ("timeframe", "resources", None):
        doc._.budgets = find_budgets(doc.text, bare=doc._.cell_role == "resources")
    return doc


@Language.factory("plankg_hanta", default_config={"cache_size": 50_000})
def make_hanta(nlp: Language, name: str, cache_size: int) -> HantaTagger:
    return HantaTagger(cache_size)


class HantaTagger:
    """Optional STTS tags and lemmas from HanTa (GPLv3, installed as an extra)."""

    def __init__(self, cache_size: int):
        from HanTa import HanoverTagger

        self.tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        # HanTa analyses every word afresh in every sentence (most of its time); both
        # steps are pure functions of their arguments, so each word is analysed once.
        self.tagger._tag_word = lru_cache(maxsize=cache_size)(self.tagger._tag_word)
        self.tagger._analyze = lru_cache(maxsize=cache_size)(self.tagger._analyze)
        self._tag = lru_cache(maxsize=cache_size)(self._tag_tokens)

    def _tag_tokens(self, words: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        return tuple(self.tagger.tag_sent(list(words), taglevel=1))

    def __call__(self, doc: Doc) -> Doc:
        # Only the actor rules read tags, and they read who and status cells.
        if not len(doc) or doc._.cell_role not in ("who", "status", "mentions", None):
            return doc
        tagged = self._tag(tuple(t.text for t in doc))
        for token, (_, lemma, tag) in zip(doc, tagged, strict=True):
            token.tag_ = tag
            token.lemma_ = lemma
        return doc


@Language.factory("plankg_lemmas")
def make_lemmas(nlp: Language, name: str) -> LookupLemmas:
    return LookupLemmas(nlp.lang)


class LookupLemmas:
    """The lemmas of spaCy's lookup lemmatizer (spacy-lookups-data's ``lemma_lookup``),
    read into a plain dict: spaCy's own ``Table`` hashes its 355,000 keys one by one and
    finds the file through every package's entry points, 2.5 s of a 3 s pipeline load."""

    def __init__(self, lang: str):
        self.table = lemma_table(lang)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lemma == 0:  # as spaCy's lemmatizer: a lemma already set stays
                token.lemma_ = self.table.get(token.text, token.text)
        return doc


@cache
def lemma_table(lang: str) -> dict[str, str]:
    """The lookup table of ``lang`` (KeyError: none, or spacy-lookups-data missing)."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        raise KeyError(f"spacy-lookups-data is not installed (lemmas for {lang!r})")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    path = data / f"{lang}_lemma_lookup.json.gz"
    if not path.is_file():
        raise KeyError(f"no lemma lookup table for {lang!r} in {data}")
    with gzip.open(path, "rb") as fh:
        table = srsly.json_loads(fh.read())
    # Values are strings; spaCy takes the first of a list, should a table ever hold one.
    return {k: v if isinstance(v, str) else v[0] for k, v in table.items()}
