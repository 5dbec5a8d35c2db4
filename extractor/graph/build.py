"""Write an extracted document as RDF: one named graph per document, contract vocabulary.

IRIs are minted under a base (the configuration's ``base_iri``, default ``DEFAULT_BASE``):
documents by content hash (the same file twice is the same graph), measures by plan and
title, agents by municipality and name (see :mod:`.identity`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import XSD, Dataset, URIRef
from rdflib import namespace as ns

import ontology

from ..model import Agent, MeasureRecord, PlanDocumentRecord
from ..naming import slug
from ..references import WIKIDATA_ENTITY, References
from .identity import AgentRegistry
from .terms import DocumentGraph, Vocabulary, boolean, date, from_rdflib, integer, iri, typed
from .terms import text as lit

# The vocabularies as pyoxigraph terms: the graph is built straight as the store's quads.
RDF, RDFS, DCTERMS, FOAF, ORG, OWL, PROV, SKOS, TIME = (
    Vocabulary(v) for v in (ns.RDF, ns.RDFS, ns.DCTERMS, ns.FOAF, ns.ORG, ns.OWL, ns.PROV,
                            ns.SKOS, ns.TIME))
PK, PKR, PKS, PKT, SCHEMA = (Vocabulary(v) for v in (ontology.PK, ontology.PKR, ontology.PKS,
                                                     ontology.PKT, ontology.SCHEMA))
AGENT_CLASSES = {kind: iri(cls) for kind, cls in ontology.AGENT_CLASSES.items()}

DEFAULT_BASE = "https://w3id.org/plankg/id/"
LATEST_GRAPH_LOCAL = "graph/latest"


def _h(*parts: str, n: int = 12) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:n]


@lru_cache(maxsize=8192)  # a load asks it of each title several times (matching, minting)
def normalise_title(text: str) -> str:
    """What two spellings of one measure title share: letters and digits, lower case."""
    return " ".join(slug(text).split("-"))


@dataclass
class Minter:
    base: str
    plan_key: str
    municipality: str | None
    used: set[str] = field(default_factory=set)

    def document(self, sha256: str) -> URIRef:
        return URIRef(f"{self.base}document/{sha256[:20]}")

    def plan(self) -> URIRef:
        return URIRef(f"{self.base}plan/{self.plan_key}")

    def place(self) -> URIRef:
        return URIRef(f"{self.base}place/{slug(self.municipality or 'unbekannt')}")

    def area(self, label: str) -> URIRef:
        return URIRef(f"{self.base}area/{self.plan_key}/{slug(label)}")

    def goal(self, area: str, title: str) -> URIRef:
        key = _h(normalise_title(area), normalise_title(title))
        return URIRef(f"{self.base}goal/{self.plan_key}/{key}")

    def measure(self, m: MeasureRecord) -> URIRef:
        key = _h(normalise_title(m.goal_title), normalise_title(m.title))
        iri = f"{self.base}measure/{self.plan_key}/{key}"
        if iri in self.used:  # the same title twice under one goal: keep both rows apart
            iri = f"{iri}-{m.row.source.row}"
        self.used.add(iri)
        return URIRef(iri)

    def child(self, kind: str, *parts: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{_h(*parts, n=16)}")


def minter_for(record: PlanDocumentRecord, base: str = DEFAULT_BASE) -> Minter:
    return Minter(base, record.plan_key, record.municipality)


def build_dataset(record: PlanDocumentRecord, *, base: str = DEFAULT_BASE,
                  registry: AgentRegistry | None = None,
                  measure_iris: dict[int, URIRef] | None = None,
                  references: References | None = None) -> Dataset:
    """The document's named graph in an rdflib Dataset (see :func:`build_graph`)."""
    return build_graph(record, base=base, registry=registry, measure_iris=measure_iris,
                       references=references).to_dataset()


def build_graph(record: PlanDocumentRecord, *, base: str = DEFAULT_BASE,
                registry: AgentRegistry | None = None,
                measure_iris: dict[int, URIRef] | None = None,
                references: References | None = None) -> DocumentGraph:
    """The document's named graph.

    ``registry`` and ``measure_iris`` (row index -> IRI) hand in identities already known
    from earlier reports; without them, IRIs are minted afresh. ``references`` are the
    tables towns and organisations are linked from (default: the shipped ones).
    """
    mint = minter_for(record, base)
    registry = registry or AgentRegistry(mint.base, record.municipality)
    refs = references or References()
    doc = iri(mint.document(record.sha256))
    g = DocumentGraph(doc)
    _document(g, record, mint, doc, refs)
    iris = []
    for index, m in enumerate(record.measures):
        measure = iri((measure_iris or {}).get(index) or mint.measure(m))
        iris.append(measure)
        _measure(g, m, measure, mint, registry, record, doc, refs)
    _continuations(g, record, iris)
    return g


def _continuations(g: DocumentGraph, record: PlanDocumentRecord,
                   iris: list[ox.NamedNode]) -> None:
    """"aufgegangen in Maßnahme 3.2": link to the measure of the same document so numbered."""
    by_number = {_number_key(m.row.number): measure for m, measure
                 in zip(record.measures, iris, strict=True) if m.row.number}
    for m, measure in zip(record.measures, iris, strict=True):
        for ref in (m.status.continued_in if m.status else []):
            target = by_number.get(_number_key(ref))
            if target is not None and target != measure:
                g.add((measure, PK.continuedIn, target))


def _number_key(number: str) -> str:
    return "".join(ch for ch in number.casefold() if ch.isalnum())


def _document(g: DocumentGraph, record: PlanDocumentRecord, mint: Minter, doc: ox.NamedNode,
              refs: References) -> None:
    plan = iri(mint.plan())
    g.add((doc, RDF.type, PK.PlanDocument))
    g.add((doc, DCTERMS.title, lit(record.title)))
    g.add((doc, DCTERMS.source, lit(record.path.name)))
    g.add((doc, PK.sha256, lit(record.sha256)))
    if record.media_type:
        g.add((doc, DCTERMS.format, lit(record.media_type)))
    if record.status_date:
        g.add((doc, PK.statusDate, date(record.status_date)))
        if record.status_date_source:
            g.add((doc, PK.statusDateSource, lit(record.status_date_source)))
    g.add((doc, PK.ofPlan, plan))
    g.add((plan, RDF.type, PK.Plan))
    g.add((plan, PK.planKey, lit(record.plan_key)))
    g.add((plan, RDFS.label, lit(record.plan_key)))
    if record.municipality:
        place = iri(mint.place())
        g.add((doc, DCTERMS.spatial, place))
        g.add((plan, DCTERMS.spatial, place))
        g.add((place, RDF.type, PK.Municipality))
        g.add((place, RDFS.label, lit(record.municipality, "de")))
        known = refs.find_municipality(record.municipality)
        if known:
            if known.ags:
                g.add((place, PK.municipalityKey, lit(known.ags)))
            if known.ars:
                g.add((place, PK.regionalKey, lit(known.ars)))
            if known.wikidata:
                g.add((place, OWL.sameAs, iri(WIKIDATA_ENTITY + known.wikidata)))
            if known.geonames:
                g.add((place, PK.geonamesId, lit(known.geonames)))


def _measure(g: DocumentGraph, m: MeasureRecord, measure: ox.NamedNode, mint: Minter,
             registry: AgentRegistry, record: PlanDocumentRecord, doc: ox.NamedNode,
             refs: References) -> None:
    area = iri(mint.area(m.area))
    goal = iri(mint.goal(m.area, m.goal_title))
    derived = (PROV.wasDerivedFrom, doc)
    for s, cls in ((area, PK.ActionArea), (goal, PK.Goal), (measure, PK.Measure)):
        g.add((s, RDF.type, cls))
        g.add((s, *derived))
    g.add((area, SKOS.prefLabel, lit(m.area, "de")))
    g.add((area, RDFS.label, lit(m.area, "de")))
    g.add((goal, PK.title, lit(m.goal_title, "de")))
    if m.goal_description:
        g.add((goal, PK.description, lit(m.goal_description, "de")))
    g.add((goal, PK.inArea, area))
    g.add((measure, PK.title, lit(m.title, "de")))
    g.add((measure, RDFS.label, lit(m.title, "de")))
    if m.description:
        g.add((measure, PK.description, lit(m.description, "de")))
    g.add((measure, PK.servesGoal, goal))
    g.add((measure, PK.inArea, area))
    g.add((measure, PK.sourceRow, integer(m.row.source.row)))
    if m.row.number:
        # The number the document prints ("A1.1") is the measure's identifier across reports.
        g.add((measure, PK.measureNumber, lit(m.row.number)))
        g.add((measure, DCTERMS.identifier, lit(m.row.number)))
    if m.row.who:
        g.add((measure, PK.whoText, lit(" ".join(c.text for c in m.row.who))))
    if m.row.resources:
        g.add((measure, PK.resourcesText, lit(" ".join(c.text for c in m.row.resources))))
    for resp in m.responsibilities:
        agent = _agent(g, resp.agent, registry, derived, refs)
        node = iri(mint.child("responsibility", measure.value, agent.value))
        g.add((node, RDF.type, PK.Responsibility))
        g.add((node, PK.measure, measure))
        g.add((node, PK.agent, agent))
        g.add((node, *derived))
        if resp.role:
            g.add((node, PK.roleText, lit(resp.role, "de")))
        for role in resp.roles:
            g.add((node, PK.role, PKR[role]))
        g.add((measure, PK.responsibleAgent, agent))
    if m.timeframe is not None:
        node = iri(mint.child("timeframe", measure.value, record.sha256))
        _interval(g, node, m.timeframe.label, m.timeframe.start, m.timeframe.end, derived)
        for timing in m.timeframe.timing:
            g.add((node, PK.timing, PKT[timing]))
        if m.timeframe.duration:
            g.add((node, TIME.hasXSDDuration, typed(m.timeframe.duration, XSD.duration)))
        g.add((measure, PK.timeframe, node))
    _budgets(g, m, measure, mint, record, derived)
    _status(g, m, measure, mint, registry, record, derived, refs)


def _budgets(g: DocumentGraph, m: MeasureRecord, measure: ox.NamedNode, mint: Minter,
             record: PlanDocumentRecord, derived: tuple) -> None:
    for n, budget in enumerate(m.budgets):
        node = iri(mint.child("budget", measure.value, record.sha256, str(n)))
        g.add((node, RDF.type, SCHEMA.MonetaryAmount))
        g.add((node, SCHEMA.value, typed(f"{budget.value:.2f}", XSD.decimal)))
        g.add((node, SCHEMA.currency, lit(budget.currency)))
        if budget.year:
            g.add((node, PK.budgetYear, typed(str(budget.year), XSD.gYear)))
        if budget.per_year:
            g.add((node, PK.perYear, boolean(True)))
        g.add((node, RDFS.label, lit(budget.text)))
        g.add((node, *derived))
        g.add((measure, PK.budget, node))


def _status(g: DocumentGraph, m: MeasureRecord, measure: ox.NamedNode, mint: Minter,
            registry: AgentRegistry, record: PlanDocumentRecord, derived: tuple,
            refs: References) -> None:
    for earlier in m.earlier_statuses:  # the same document's older dated statuses
        old = iri(status_iri(mint.base, measure.value, record.sha256,
                             earlier.date.isoformat()))
        _observation(g, old, measure, earlier.assessment.category, earlier.text, earlier.date,
                     derived)
        if earlier.assessment.cue:
            g.add((old, PK.statusCue, lit(earlier.assessment.cue, "de")))
        for cause in earlier.assessment.causes:
            g.add((old, PK.cause, PKS[cause]))
    as_of = m.status_date or record.status_date
    if m.status is None or (as_of is None and not m.status_text.strip()
                            and not m.status_remark):
        return
    # Without a date the observation is kept and said to be undated: a status is never
    # dropped for want of one. A plan without any status says nothing to keep.
    node = iri(status_iri(mint.base, measure.value, record.sha256))
    _observation(g, node, measure, m.status.category, m.status_text, as_of, derived)
    if m.status.cue:
        g.add((node, PK.statusCue, lit(m.status.cue, "de")))
    if m.status_remark:
        g.add((node, PK.statusRemark, lit(m.status_remark, "de")))
    for cause in m.status.causes:
        g.add((node, PK.cause, PKS[cause]))
    for n, interval in enumerate(m.status.event_dates):
        event = iri(mint.child("event", node.value, str(n)))
        _interval(g, event, interval.text, interval.start, interval.end, derived)
        g.add((node, PK.eventDate, event))
    for org in m.mentioned:
        g.add((node, PK.mentions, _agent(g, org, registry, derived, refs)))


def _observation(g: DocumentGraph, node: ox.NamedNode, measure: ox.NamedNode, category: str,
                 status_text: str, as_of: dt.date | None, derived: tuple) -> None:
    g.add((node, RDF.type, PK.StatusObservation))
    g.add((node, PK.ofMeasure, measure))
    g.add((node, PK.statusCategory, PKS[category]))
    g.add((node, PK.statusText, lit(status_text, "de")))
    if as_of is not None:
        g.add((node, PK.asOf, date(as_of)))
    else:
        g.add((node, PK.undated, boolean(True)))
    g.add((node, *derived))
    g.add((measure, PK.hasStatus, node))


def status_iri(base: str, measure: URIRef, sha256: str, *extra: str) -> URIRef:
    """The observation of ``measure`` in one document; ``extra`` tells a document's earlier
    dated statuses apart from its current one."""
    return URIRef(f"{base}status/{_h(str(measure), sha256, *extra, n=16)}")


def _interval(g: DocumentGraph, node: ox.NamedNode, label: str, start, end,
              derived: tuple) -> None:
    g.add((node, RDF.type, TIME.ProperInterval))
    g.add((node, RDFS.label, lit(label, "de")))
    if start:
        g.add((node, PK.startDate, date(start)))
    if end:
        g.add((node, PK.endDate, date(end)))
    g.add((node, *derived))


def _agent(g: DocumentGraph, agent: Agent, registry: AgentRegistry, derived: tuple,
           refs: References) -> ox.NamedNode:
    node = iri(registry.iri(agent))
    g.add((node, RDF.type, AGENT_CLASSES[agent.kind]))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, *derived))
    if agent.kind == "person":
        g.add((node, FOAF.familyName, lit(agent.family_name or agent.label)))
        g.add((node, FOAF.name, lit(agent.name)))
        g.add((node, RDFS.label, lit(agent.family_name or agent.label)))
        if agent.given_name:
            g.add((node, FOAF.givenName, lit(agent.given_name)))
        if agent.honorific:
            g.add((node, PK.honorific, lit(agent.honorific)))
        if agent.member_of is not None:
            g.add((node, ORG.memberOf, _agent(g, agent.member_of, registry, derived, refs)))
    else:
        _labels(g, node, [agent.label, *agent.alt_labels])
    for link in refs.links_for(agent):  # Wikidata / GND, only for unambiguous names
        g.add((node, OWL.sameAs, from_rdflib(link)))
    return node


def _labels(g: DocumentGraph, node: ox.NamedNode, labels: list[str]) -> None:
    """One skos:prefLabel per language (the first spelling seen), the others skos:altLabel.

    "Klever IQ" and "KleverIQ" are one resource; two prefLabels in one language would break
    SKOS (and the uniqueLang shape).
    """
    pref = g.value(node, SKOS.prefLabel)
    for label in labels:
        literal = lit(label, "de")
        if pref is None:
            g.add((node, SKOS.prefLabel, literal))
            g.add((node, RDFS.label, literal))
            pref = literal
        elif literal != pref:
            g.add((node, SKOS.altLabel, literal))


__all__ = ["DEFAULT_BASE", "LATEST_GRAPH_LOCAL", "Minter", "build_dataset", "build_graph",
           "minter_for", "normalise_title", "status_iri"]
