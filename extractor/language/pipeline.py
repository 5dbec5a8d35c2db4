"""Load the German pipeline: a statistical spaCy model when one is installed or
configured, else ``spacy.blank("de")`` with lookup lemmas; the project's own
components run in both.

The model is chosen by argument (the configuration's ``spacy_model``: a package name or
a directory), else the usual package names. ``hanta=False`` turns the optional HanTa
tagger off in the rule-based pipeline.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..model import Agent, Budget, Responsibility, StatusAssessment, Timeframe
from . import components  # noqa: F401  (registers the components)
from .budgets import find_budgets
from .dates import timeframe_from_text
from .mentions import remember_text
from .status import classify_status

log = logging.getLogger(__name__)
DEFAULT_MODELS = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm")
DOMAIN_COMPONENTS = ("plankg_actors", "plankg_dates", "plankg_status", "plankg_budgets")
# The project's components a cell of each role needs; every other one would only look at
# the role and return. "state" is a cell read for its status alone (a status cell, or a time
# or costs column that may say "abgeschlossen"): no actors, no tags; "mentions" a status
# cell read for the organisations it names. Only who and status cells have their tags and
# entities read, so only they pass the tagger or a model.
ROLE_COMPONENTS = {
    "who": ("plankg_hanta", "plankg_actors"),
    "status": ("plankg_hanta", "plankg_actors", "plankg_status"),
    "mentions": ("plankg_hanta", "plankg_actors"),
    "state": ("plankg_status",),
    "timeframe": ("plankg_dates", "plankg_budgets"),
    "resources": ("plankg_budgets",),
}
TAGGED_ROLES = frozenset({"who", "status", "mentions"})
# Roles whose rules read the text alone (no tokens, tags or entities): they are read
# without a spaCy Doc, by the same functions their components call.
TEXT_ROLES = frozenset({"state", "timeframe", "resources"})


@dataclass
class CellReading:
    """What the rules read in one cell (the ``doc._`` values its components set)."""

    responsibilities: list[Responsibility] | None = None
    is_comment: bool = False
    timeframe: Timeframe | None = None
    status: StatusAssessment | None = None
    budgets: list[Budget] | None = None
    mentioned: list[Agent] | None = field(default=None)


@dataclass(frozen=True)
class PipelineInfo:
    mode: str  # "statistical" or "rule-based"
    name: str
    components: tuple[str, ...]
    load_seconds: float

    def __str__(self) -> str:
        return f"{self.mode} pipeline {self.name} ({', '.join(self.components)})"


def load_pipeline(model: str | None = None, *, hanta: bool = True,
                  statistical: bool = True) -> tuple[Language, PipelineInfo]:
    """Return the German pipeline and what it is. ``statistical=False`` forces the fallback."""
    started = time.perf_counter()
    nlp = _load_statistical(model) if statistical else None
    if nlp is not None:
        mode = "statistical"
        name = f"{nlp.meta.get('lang', 'de')}_{nlp.meta.get('name', 'model')}"
    else:
        mode, name = "rule-based", "blank:de"
        nlp = spacy.blank("de")
        if _want_hanta(hanta):
            nlp.add_pipe("plankg_hanta")
            name += "+hanta"
        else:
            _add_lookup_lemmatizer(nlp)
    for component in DOMAIN_COMPONENTS:
        nlp.add_pipe(component)
    info = PipelineInfo(mode, name, tuple(nlp.pipe_names), time.perf_counter() - started)
    log.info("German pipeline: %s, loaded in %.2f s", info, info.load_seconds)
    return nlp, info


def _load_statistical(model: str | None) -> Language | None:
    configured = model
    candidates = [configured] if configured else list(DEFAULT_MODELS)
    for candidate in candidates:
        try:
            # The parser and lemmatizer cost time and give these short cells nothing.
            return spacy.load(candidate, exclude=["parser", "lemmatizer"])
        except (OSError, ImportError) as exc:
            if configured:
                log.warning("cannot load spaCy model %r (%s); using the rule-based pipeline",
                            candidate, exc)
    if not configured:
        log.info("no statistical German spaCy model installed; using the rule-based pipeline")
    return None


def _want_hanta(hanta: bool) -> bool:
    if not hanta:
        return False
    try:
        import HanTa  # noqa: F401
    except ImportError:
        return False
    return True


def _add_lookup_lemmatizer(nlp: Language) -> None:
    # The kinds' plural rule reads lemmas ("Vereine" -> "Verein"); spaCy's lookup table,
    # read by the project's own component (the same lemmas, a quarter of the load time).
    try:
        nlp.add_pipe("plankg_lemmas", name="lemmatizer")
    except (KeyError, ValueError, OSError) as exc:  # spacy-lookups-data missing or broken
        log.warning("no German lemma tables (%s); lemmas stay empty", exc)


def run_cells(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """Run each cell (``doc._.cell_role`` set) through the components its role needs, in
    pipeline order and batched per component; a cell without a role passes them all.

    Same results as ``nlp.pipe(docs)``, without calling every component on every cell,
    and without touching ``nlp`` (a service may share one pipeline between threads).
    """
    by_role: dict[str | None, list[int]] = {}
    for i, doc in enumerate(docs):
        by_role.setdefault(doc._.cell_role, []).append(i)
    done: list[Doc] = list(docs)
    for role, indices in by_role.items():
        batch = [docs[i] for i in indices]
        for _, component in _components_for(nlp, role):
            if hasattr(component, "pipe"):
                batch = list(component.pipe(batch))
            else:
                batch = [component(doc) for doc in batch]
        for i, doc in zip(indices, batch, strict=True):
            done[i] = doc
    return done


def _components_for(nlp: Language, role: str | None) -> list[tuple[str, object]]:
    if role not in ROLE_COMPONENTS:
        return list(nlp.pipeline)
    own = set(DOMAIN_COMPONENTS) | {"plankg_hanta"}
    wanted = ROLE_COMPONENTS[role]
    return [(name, c) for name, c in nlp.pipeline
            if name in wanted or (name not in own and role in TAGGED_ROLES)]


def read_cells(nlp: Language, cells: list[tuple[str, str]], asof: dt.date | None,
               legend: dict[str, str], references: object = None) -> list[CellReading]:
    """Read each (role, text) cell as ``run_cells`` would, in order. A cell of a text
    role needs no Doc: making one (tokens, extension objects) cost more than its rules."""
    readings: list[CellReading | None] = [None] * len(cells)
    made, where = [], []
    for i, (role, text) in enumerate(cells):
        if role == "state":
            readings[i] = CellReading(status=classify_status(text, asof, legend=legend))
        elif role == "timeframe":
            readings[i] = CellReading(timeframe=timeframe_from_text(text),
                                      budgets=find_budgets(text, bare=False))
        elif role == "resources":
            readings[i] = CellReading(budgets=find_budgets(text, bare=True))
        else:
            doc = nlp.make_doc(text)
            remember_text(doc, text)
            extensions = doc._
            extensions.cell_role = role
            extensions.asof, extensions.legend = asof, legend
            extensions.references = references
            made.append(doc)
            where.append(i)
    for i, doc in zip(where, run_cells(nlp, made), strict=True):
        extensions = doc._
        readings[i] = CellReading(
            responsibilities=extensions.responsibilities, is_comment=extensions.is_comment,
            timeframe=extensions.timeframe, status=extensions.status,
            budgets=extensions.budgets, mentioned=extensions.mentioned)
    return readings  # type: ignore[return-value]
