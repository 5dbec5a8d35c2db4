"""Load an extracted report into the store so that the graph keeps its history.

A later report of the same plan does not replace the earlier one: its rows are matched
to the measures already known (same title, or a title within a small edit — rapidfuzz),
keep their IRIs and get a new StatusObservation beside the old ones. Measures the new
report no longer mentions stay, noted with ``pk:omitsMeasure``. Persons and units are
resolved against those already known in the town. Everything one load writes goes to
the store in one SPARQL Update request, which the store applies atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz
from rdflib import XSD, Dataset, Literal, URIRef

from extractor.graph.build import (
    Minter,
    build_dataset,
    minter_for,
    normalise_title,
    status_iri,
)
from extractor.graph.identity import AgentRegistry, KnownPerson, label_key
from extractor.model import PlanDocumentRecord
from ontology import PK

from . import counts
from .backend import GraphStore, dataset_quads, replace_graphs_update
from .queries import _rows, iri, latest_graph

log = logging.getLogger(__name__)
_LATEST_P = PK.latestStatus.n3()
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100) above which two titles are one measure


@dataclass
class LoadReport:
    document: str
    source: str
    status: str  # "loaded" or "unchanged"
    measures: int = 0
    matched_exact: int = 0
    matched_fuzzy: list[tuple[str, str, float]] = field(default_factory=list)
    new_measures: list[str] = field(default_factory=list)
    omitted_measures: list[str] = field(default_factory=list)
    triples: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "document": self.document, "source": self.source, "status": self.status,
            "measures": self.measures, "matched_exact": self.matched_exact,
            "matched_fuzzy": [{"old": o, "new": n, "score": s} for o, n, s in self.matched_fuzzy],
            "new_measures": self.new_measures, "omitted_measures": self.omitted_measures,
            "triples": self.triples, "warnings": self.warnings,
        }

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.source}: already loaded as {self.document}, nothing changed"
        return (f"{self.source}: loaded {self.measures} measures ({self.triples} triples): "
                f"{self.matched_exact} known, {len(self.matched_fuzzy)} matched with edits, "
                f"{len(self.new_measures)} new, {len(self.omitted_measures)} no longer mentioned")


@dataclass
class _Known:
    iri: str
    title: str
    goal: str


def load_record(store: GraphStore, record: PlanDocumentRecord, *, base: str,
                check: Callable[[PlanDocumentRecord, Dataset], None] | None = None) -> LoadReport:
    """Write one extracted report; raise before writing anything if ``check`` fails."""
    mint = minter_for(record, base)
    doc = str(mint.document(record.sha256))
    if store.has_graph(doc):
        return LoadReport(doc, record.path.name, "unchanged", measures=len(record.measures))
    known = _known_measures(store, str(mint.plan()))
    report = LoadReport(doc, record.path.name, "loaded", measures=len(record.measures))
    measure_iris, methods = _match(record, known, mint, report)
    registry = _registry(store, base, record.municipality)
    ds = build_dataset(record, base=base, registry=registry, measure_iris=measure_iris)
    g = ds.graph(URIRef(doc))
    for m_iri, (method, score) in methods.items():
        g.add((m_iri, PK.matchMethod, Literal(method)))
        g.add((m_iri, PK.matchScore, Literal(Decimal(f"{score:.3f}"), datatype=XSD.decimal)))
    if check is not None:
        check(record, ds)
    # Omitted measures are described in earlier reports' graphs, so they are added after
    # the shapes have checked this report on its own.
    matched = {str(i) for i in measure_iris.values()}
    for k in known.values():
        if k.iri not in matched:
            g.add((URIRef(doc), PK.omitsMeasure, URIRef(k.iri)))
            report.omitted_measures.append(k.iri)
    quads = dataset_quads(ds)
    report.triples = len(quads)
    update = replace_graphs_update(quads, [doc]) + " ;\n" + _latest_update(
        store, base, record, measure_iris)
    counted = counts.load_update(store, base, ds, URIRef(doc), record.status_date)
    update += " ;\n" + counted if counted else ""
    store.update(update)
    log.info(report.summary())
    return report


def _known_measures(store: GraphStore, plan: str) -> dict[str, _Known]:
    rows = _rows(store, f"""SELECT ?m ?title ?goalTitle ?d WHERE {{
  GRAPH ?doc {{ ?doc pk:ofPlan {iri(plan)} . OPTIONAL {{ ?doc pk:statusDate ?d }}
               ?m a pk:Measure ; pk:title ?title ; pk:servesGoal ?goal .
               ?goal pk:title ?goalTitle }} }} ORDER BY ?d""")
    known: dict[str, _Known] = {}
    for row in rows:  # later reports come last and give the current title
        known[row["m"]] = _Known(row["m"], row["title"], row["goalTitle"])
    return known


def _match(record: PlanDocumentRecord, known: dict[str, _Known], mint, report: LoadReport
           ) -> tuple[dict[int, URIRef], dict[URIRef, tuple[str, float]]]:
    """Row index -> measure IRI for rows that continue a known measure; others are new."""
    measure_iris: dict[int, URIRef] = {}
    methods: dict[URIRef, tuple[str, float]] = {}
    free = dict(known)
    candidates = []
    for index, m in enumerate(record.measures):
        fresh = str(mint.measure(m))
        if fresh in free:
            measure_iris[index] = URIRef(fresh)
            methods[URIRef(fresh)] = ("exact", 1.0)
            report.matched_exact += 1
            del free[fresh]
            continue
        title = normalise_title(m.title)
        goal = normalise_title(m.goal_title)
        for k in free.values():
            score = 0.8 * fuzz.ratio(title, normalise_title(k.title)) + 0.2 * fuzz.ratio(
                goal, normalise_title(k.goal))
            if score >= FUZZY_CUTOFF:
                candidates.append((score, index, k.iri, fresh))
    for score, index, k_iri, _fresh in sorted(candidates, reverse=True):
        if index in measure_iris or k_iri not in free:
            continue  # best pairs first, each side used once
        measure_iris[index] = URIRef(k_iri)
        methods[URIRef(k_iri)] = ("fuzzy", score / 100)
        report.matched_fuzzy.append((free[k_iri].title, record.measures[index].title,
                                     round(score / 100, 3)))
        del free[k_iri]
    mint.used.clear()
    for index, m in enumerate(record.measures):
        if index not in measure_iris:
            new = mint.measure(m)
            measure_iris[index] = new
            methods[new] = ("new", 1.0)
            if known:
                report.new_measures.append(str(new))
    return measure_iris, methods


def _registry(store: GraphStore, base: str, municipality: str | None) -> AgentRegistry:
    """The town's agents already in the store, read from the town's documents only."""
    prefix = AgentRegistry(base, municipality).prefix
    agents = """VALUES ?kind { foaf:Person org:OrganizationalUnit org:Organization pk:Group }
    ?a a ?kind ; rdfs:label ?label .
    OPTIONAL { ?a foaf:familyName ?family } OPTIONAL { ?a foaf:givenName ?given }
    OPTIONAL { ?a pk:honorific ?honorific } OPTIONAL { ?a org:memberOf ?unit }"""
    # Single-pattern OPTIONALs only: "?a org:memberOf ?u . ?u rdfs:label ?l" as one OPTIONAL
    # was planned as a hash join over every memberOf of the store (5.7 s of a load at 10 M
    # triples); the units' labels are in these same rows, as the town's agents. And the
    # town's documents are named first: with GRAPH ?g the store starts from every agent.
    if municipality:
        place = _place_iri(base, municipality)
        docs = [row["g"] for row in _rows(
            store, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g dcterms:spatial {place.n3()} }} }}")]
        if not docs:
            return AgentRegistry(base, municipality)
        blocks = " UNION ".join(f"{{ GRAPH {iri(g)} {{ {agents} }} }}" for g in docs)
        rows = _rows(store, f"SELECT * WHERE {{ {blocks} }}")
    else:
        rows = _rows(store, f"""SELECT * WHERE {{ GRAPH ?g {{ {agents}
    FILTER(STRSTARTS(STR(?a), {Literal(prefix).n3()})) }} }}""")
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["a"], set()).add(row["label"])
    persons: dict[str, KnownPerson] = {}
    others: dict[tuple[str, str], str] = {}
    kinds = {"Person": "person", "OrganizationalUnit": "unit", "Organization": "organization",
             "Group": "group"}
    for row in rows:
        if not row["a"].startswith(prefix):
            continue  # an agent of another town named in this town's report
        kind = kinds[row["kind"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]]
        if kind != "person":
            others[(kind, label_key(row["label"]))] = row["a"]
            continue
        p = persons.setdefault(row["a"], KnownPerson(row["a"], row.get("family") or row["label"]))
        p.given = p.given or row.get("given")
        p.honorific = p.honorific or row.get("honorific")
        for unit_label in labels.get(row.get("unit") or "", ()):
            p.units.add(label_key(unit_label))
    return AgentRegistry(base, municipality, list(persons.values()), others)


def _place_iri(base: str, municipality: str) -> URIRef:
    return Minter(base, "", municipality).place()


def _latest_update(store: GraphStore, base: str, record: PlanDocumentRecord,
                   measure_iris: dict[int, URIRef]) -> str:
    """Point pk:latestStatus at this report's observation where it is the newest one."""
    latest = latest_graph(base)
    if record.status_date is None:
        return f"INSERT DATA {{ GRAPH <{latest}> {{ }} }}"
    values = " ".join(m.n3() for m in measure_iris.values())
    current = {row["m"]: row.get("asOf") for row in _rows(store, f"""SELECT ?m ?asOf WHERE {{
  VALUES ?m {{ {values} }}
  GRAPH <{latest}> {{ ?m pk:latestStatus ?obs }} GRAPH ?g {{ ?obs pk:asOf ?asOf }} }}""")}
    deletes, inserts = [], []
    for index, m in enumerate(record.measures):
        if m.status is None:
            continue
        measure = measure_iris[index]
        before = current.get(str(measure))
        if not counts.supersedes(before, record.status_date):
            continue  # an older report loaded late does not hide the newer status
        obs = status_iri(base, measure, record.sha256)
        deletes.append(f"DELETE WHERE {{ GRAPH <{latest}> {{ {measure.n3()} {_LATEST_P} ?o }} }}")
        inserts.append(f"{measure.n3()} {_LATEST_P} {obs.n3()} .")
    insert = f"INSERT DATA {{ GRAPH <{latest}> {{ {' '.join(inserts)} }} }}"
    return " ;\n".join([*deletes, insert])
