"""Which row of a new report is which measure already known from earlier reports of a plan.

A row keeps the IRI of a known measure when both print the same number (dcterms:identifier,
unique on both sides) unless its title is another known measure's, else when its minted
IRI is the same (same goal and title), else when its title and goal are within a small
edit of one (rapidfuzz ratio, best pairs first, each side used once). Other rows are new
measures; known measures no row continues are "omitted". The store answers what is known;
this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz
from rdflib import XSD, URIRef

from ..model import PlanDocumentRecord
from .build import PK, Minter, normalise_title
from .terms import DocumentGraph, iri, typed
from .terms import text as lit

FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100) above which two titles are one measure


@dataclass(frozen=True)
class KnownMeasure:
    iri: str
    title: str
    goal: str
    identifier: str | None = None  # the number the document prints ("A1.1")


@dataclass
class MeasureMatches:
    """Row index -> measure IRI, with how each row was matched."""

    iris: dict[int, URIRef] = field(default_factory=dict)
    methods: dict[URIRef, tuple[str, float]] = field(default_factory=dict)
    exact: int = 0
    identifier: int = 0
    fuzzy: list[tuple[str, str, float]] = field(default_factory=list)  # old, new, score
    new: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)

    def annotate(self, graph: DocumentGraph) -> None:
        """pk:matchMethod / pk:matchScore on every measure of the report."""
        for m_iri, (method, score) in self.methods.items():
            measure = iri(m_iri)
            graph.add((measure, PK.matchMethod, lit(method)))
            graph.add((measure, PK.matchScore, typed(Decimal(f"{score:.3f}"), XSD.decimal)))

    def note_omissions(self, graph: DocumentGraph) -> None:
        """pk:omitsMeasure (of the document) for known measures the report no longer
        mentions."""
        for omitted in self.omitted:
            graph.add((graph.name, PK.omitsMeasure, iri(omitted)))


def identifier_key(number: str) -> str:
    """Compare printed numbers without case, spaces and dashes: "Ü-1" = "Ü 1" = "ü1"."""
    return "".join(ch for ch in number.casefold() if ch.isalnum() or ch == ".").rstrip(".")


def _by_identifier(record: PlanDocumentRecord, free: dict[str, KnownMeasure]) -> dict[int, str]:
    """Row index -> known IRI where both print the same number, unique on both sides —
    unless the row's title is another known measure's: lists renumbered between reports
    ("Hagsfeld" was 1.21 and is 1.19 now) give an old number to another measure."""
    known: dict[str, list[KnownMeasure]] = {}
    for k in free.values():
        if k.identifier:
            known.setdefault(identifier_key(k.identifier), []).append(k)
    numbers = [identifier_key(m.row.number) if m.row.number else "" for m in record.measures]
    titles = {k.iri: normalise_title(k.title) for k in free.values()}
    found = {}
    for i, n in enumerate(numbers):
        if not n or numbers.count(n) != 1 or len(known.get(n, [])) != 1:
            continue
        same = known[n][0]
        title = normalise_title(record.measures[i].title)
        if fuzz.ratio(title, titles[same.iri]) < FUZZY_CUTOFF and any(
                fuzz.ratio(title, other) >= FUZZY_CUTOFF
                for iri, other in titles.items() if iri != same.iri):
            continue
        found[i] = same.iri
    return found


def match_measures(record: PlanDocumentRecord, known: list[KnownMeasure],
                   mint: Minter) -> MeasureMatches:
    """Match the record's rows to ``known`` (later reports last: they give the title)."""
    by_iri = {k.iri: k for k in known}
    matches = MeasureMatches()
    free = dict(by_iri)
    for index, k_iri in _by_identifier(record, free).items():
        matches.iris[index] = URIRef(k_iri)
        matches.methods[URIRef(k_iri)] = ("identifier", 1.0)
        matches.identifier += 1
        del free[k_iri]
    candidates = []
    for index, m in enumerate(record.measures):
        if index in matches.iris:
            continue
        fresh = str(mint.measure(m))
        if fresh in free:
            matches.iris[index] = URIRef(fresh)
            matches.methods[URIRef(fresh)] = ("exact", 1.0)
            matches.exact += 1
            del free[fresh]
            continue
        title, goal = normalise_title(m.title), normalise_title(m.goal_title)
        for k in free.values():
            score = 0.8 * fuzz.ratio(title, normalise_title(k.title)) + 0.2 * fuzz.ratio(
                goal, normalise_title(k.goal))
            if score >= FUZZY_CUTOFF:
                candidates.append((score, index, k.iri))
    for score, index, k_iri in sorted(candidates, reverse=True):
        if index in matches.iris or k_iri not in free:
            continue  # best pairs first, each side used once
        matches.iris[index] = URIRef(k_iri)
        matches.methods[URIRef(k_iri)] = ("fuzzy", score / 100)
        matches.fuzzy.append((free[k_iri].title, record.measures[index].title,
                              round(score / 100, 3)))
        del free[k_iri]
    mint.used.clear()
    for index, m in enumerate(record.measures):
        if index not in matches.iris:
            new = mint.measure(m)
            matches.iris[index] = new
            matches.methods[new] = ("new", 1.0)
            if known:
                matches.new.append(str(new))
    matched = {str(i) for i in matches.iris.values()}
    matches.omitted = [k.iri for k in by_iri.values() if k.iri not in matched]
    return matches
