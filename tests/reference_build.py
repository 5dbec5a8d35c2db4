"""The graph builder as it was before the load path built pyoxigraph terms (commit
bea58bb, extractor/graph/build.py): rdflib terms in rdflib's store. Kept as the oracle of
tests/test_build_quads.py, which checks that the corpus loads to the same quads either
way; change it only together with a deliberate change of what the builder writes."""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, SKOS, TIME

from extractor.graph.build import DEFAULT_BASE, Minter, minter_for, status_iri
from extractor.graph.identity import AgentRegistry
from extractor.model import Agent, MeasureRecord, PlanDocumentRecord
from extractor.references import WIKIDATA_ENTITY, References
from ontology import AGENT_CLASSES, PK, PKR, PKS, PKT, SCHEMA, bind_prefixes


def build_dataset(record: PlanDocumentRecord, *, base: str = DEFAULT_BASE,
                  registry: AgentRegistry | None = None,
                  measure_iris: dict[int, URIRef] | None = None,
                  references: References | None = None) -> Dataset:
    """The document's named graph in a Dataset.

    ``registry`` and ``measure_iris`` (row index -> IRI) hand in identities already known
    from earlier reports; without them, IRIs are minted afresh. ``references`` are the
    tables towns and organisations are linked from (default: the shipped ones).
    """
    mint = minter_for(record, base)
    registry = registry or AgentRegistry(mint.base, record.municipality)
    refs = references or References()
    ds = Dataset()
    doc = mint.document(record.sha256)
    g = ds.graph(doc)
    bind_prefixes(ds)
    _document(g, record, mint, doc, refs)
    iris = []
    for index, m in enumerate(record.measures):
        iri = (measure_iris or {}).get(index) or mint.measure(m)
        iris.append(iri)
        _measure(g, m, iri, mint, registry, record, doc, refs)
    _continuations(g, record, iris)
    return ds


def _continuations(g: Graph, record: PlanDocumentRecord, iris: list[URIRef]) -> None:
    """"aufgegangen in Maßnahme 3.2": link to the measure of the same document so numbered."""
    by_number = {_number_key(m.row.number): iri for m, iri in zip(record.measures, iris,
                                                                  strict=True) if m.row.number}
    for m, iri in zip(record.measures, iris, strict=True):
        for ref in (m.status.continued_in if m.status else []):
            target = by_number.get(_number_key(ref))
            if target is not None and target != iri:
                g.add((iri, PK.continuedIn, target))


def _number_key(number: str) -> str:
    return "".join(ch for ch in number.casefold() if ch.isalnum())


def _document(g: Graph, record: PlanDocumentRecord, mint: Minter, doc: URIRef,
              refs: References) -> None:
    plan = mint.plan()
    g.add((doc, RDF.type, PK.PlanDocument))
    g.add((doc, DCTERMS.title, Literal(record.title)))
    g.add((doc, DCTERMS.source, Literal(record.path.name)))
    g.add((doc, PK.sha256, Literal(record.sha256)))
    if record.media_type:
        g.add((doc, DCTERMS.format, Literal(record.media_type)))
    if record.status_date:
        g.add((doc, PK.statusDate, Literal(record.status_date, datatype=XSD.date)))
        if record.status_date_source:
            g.add((doc, PK.statusDateSource, Literal(record.status_date_source)))
    g.add((doc, PK.ofPlan, plan))
    g.add((plan, RDF.type, PK.Plan))
    g.add((plan, PK.planKey, Literal(record.plan_key)))
    g.add((plan, RDFS.label, Literal(record.plan_key)))
    if record.municipality:
        place = mint.place()
        g.add((doc, DCTERMS.spatial, place))
        g.add((plan, DCTERMS.spatial, place))
        g.add((place, RDF.type, PK.Municipality))
        g.add((place, RDFS.label, Literal(record.municipality, lang="de")))
        known = refs.find_municipality(record.municipality)
        if known:
            if known.ags:
                g.add((place, PK.municipalityKey, Literal(known.ags)))
            if known.ars:
                g.add((place, PK.regionalKey, Literal(known.ars)))
            if known.wikidata:
                g.add((place, OWL.sameAs, URIRef(WIKIDATA_ENTITY + known.wikidata)))
            if known.geonames:
                g.add((place, PK.geonamesId, Literal(known.geonames)))


def _measure(g: Graph, m: MeasureRecord, iri: URIRef, mint: Minter, registry: AgentRegistry,
             record: PlanDocumentRecord, doc: URIRef, refs: References) -> None:
    area = mint.area(m.area)
    goal = mint.goal(m.area, m.goal_title)
    derived = (PROV.wasDerivedFrom, doc)
    for s, cls in ((area, PK.ActionArea), (goal, PK.Goal), (iri, PK.Measure)):
        g.add((s, RDF.type, cls))
        g.add((s, *derived))
    g.add((area, SKOS.prefLabel, Literal(m.area, lang="de")))
    g.add((area, RDFS.label, Literal(m.area, lang="de")))
    g.add((goal, PK.title, Literal(m.goal_title, lang="de")))
    if m.goal_description:
        g.add((goal, PK.description, Literal(m.goal_description, lang="de")))
    g.add((goal, PK.inArea, area))
    g.add((iri, PK.title, Literal(m.title, lang="de")))
    g.add((iri, RDFS.label, Literal(m.title, lang="de")))
    if m.description:
        g.add((iri, PK.description, Literal(m.description, lang="de")))
    g.add((iri, PK.servesGoal, goal))
    g.add((iri, PK.inArea, area))
    g.add((iri, PK.sourceRow, Literal(m.row.source.row)))
    if m.row.number:
        # The number the document prints ("A1.1") is the measure's identifier across reports.
        g.add((iri, PK.measureNumber, Literal(m.row.number)))
        g.add((iri, DCTERMS.identifier, Literal(m.row.number)))
    if m.row.who:
        g.add((iri, PK.whoText, Literal(" ".join(c.text for c in m.row.who))))
    if m.row.resources:
        g.add((iri, PK.resourcesText, Literal(" ".join(c.text for c in m.row.resources))))
    for resp in m.responsibilities:
        agent = _agent(g, resp.agent, registry, derived, refs)
        node = mint.child("responsibility", str(iri), str(agent))
        g.add((node, RDF.type, PK.Responsibility))
        g.add((node, PK.measure, iri))
        g.add((node, PK.agent, agent))
        g.add((node, *derived))
        if resp.role:
            g.add((node, PK.roleText, Literal(resp.role, lang="de")))
        for role in resp.roles:
            g.add((node, PK.role, PKR[role]))
        g.add((iri, PK.responsibleAgent, agent))
    if m.timeframe is not None:
        node = mint.child("timeframe", str(iri), record.sha256)
        _interval(g, node, m.timeframe.label, m.timeframe.start, m.timeframe.end, derived)
        for timing in m.timeframe.timing:
            g.add((node, PK.timing, PKT[timing]))
        if m.timeframe.duration:
            g.add((node, TIME.hasXSDDuration, Literal(m.timeframe.duration,
                                                      datatype=XSD.duration)))
        g.add((iri, PK.timeframe, node))
    _budgets(g, m, iri, mint, record, derived)
    _status(g, m, iri, mint, registry, record, doc, derived, refs)


def _budgets(g: Graph, m: MeasureRecord, iri: URIRef, mint: Minter, record: PlanDocumentRecord,
             derived: tuple) -> None:
    for n, budget in enumerate(m.budgets):
        node = mint.child("budget", str(iri), record.sha256, str(n))
        g.add((node, RDF.type, SCHEMA.MonetaryAmount))
        g.add((node, SCHEMA.value, Literal(f"{budget.value:.2f}", datatype=XSD.decimal)))
        g.add((node, SCHEMA.currency, Literal(budget.currency)))
        if budget.year:
            g.add((node, PK.budgetYear, Literal(str(budget.year), datatype=XSD.gYear)))
        if budget.per_year:
            g.add((node, PK.perYear, Literal(True)))
        g.add((node, RDFS.label, Literal(budget.text)))
        g.add((node, *derived))
        g.add((iri, PK.budget, node))


def _status(g: Graph, m: MeasureRecord, iri: URIRef, mint: Minter, registry: AgentRegistry,
            record: PlanDocumentRecord, doc: URIRef, derived: tuple, refs: References) -> None:
    for earlier in m.earlier_statuses:  # the same document's older dated statuses
        old = status_iri(mint.base, iri, record.sha256, earlier.date.isoformat())
        _observation(g, old, iri, earlier.assessment.category, earlier.text, earlier.date,
                     derived)
        if earlier.assessment.cue:
            g.add((old, PK.statusCue, Literal(earlier.assessment.cue, lang="de")))
        for cause in earlier.assessment.causes:
            g.add((old, PK.cause, PKS[cause]))
    date = m.status_date or record.status_date
    if m.status is None or (date is None and not m.status_text.strip()
                            and not m.status_remark):
        return
    # Without a date the observation is kept and said to be undated: a status is never
    # dropped for want of one. A plan without any status says nothing to keep.
    node = status_iri(mint.base, iri, record.sha256)
    _observation(g, node, iri, m.status.category, m.status_text, date, derived)
    if m.status.cue:
        g.add((node, PK.statusCue, Literal(m.status.cue, lang="de")))
    if m.status_remark:
        g.add((node, PK.statusRemark, Literal(m.status_remark, lang="de")))
    for cause in m.status.causes:
        g.add((node, PK.cause, PKS[cause]))
    for n, interval in enumerate(m.status.event_dates):
        event = mint.child("event", str(node), str(n))
        _interval(g, event, interval.text, interval.start, interval.end, derived)
        g.add((node, PK.eventDate, event))
    for org in m.mentioned:
        g.add((node, PK.mentions, _agent(g, org, registry, derived, refs)))


def _observation(g: Graph, node: URIRef, measure: URIRef, category: str, text: str,
                 date: dt.date | None, derived: tuple) -> None:
    g.add((node, RDF.type, PK.StatusObservation))
    g.add((node, PK.ofMeasure, measure))
    g.add((node, PK.statusCategory, PKS[category]))
    g.add((node, PK.statusText, Literal(text, lang="de")))
    if date is not None:
        g.add((node, PK.asOf, Literal(date, datatype=XSD.date)))
    else:
        g.add((node, PK.undated, Literal(True)))
    g.add((node, *derived))
    g.add((measure, PK.hasStatus, node))


def _interval(g: Graph, node: URIRef, label: str, start, end, derived: tuple) -> None:
    g.add((node, RDF.type, TIME.ProperInterval))
    g.add((node, RDFS.label, Literal(label, lang="de")))
    if start:
        g.add((node, PK.startDate, Literal(start, datatype=XSD.date)))
    if end:
        g.add((node, PK.endDate, Literal(end, datatype=XSD.date)))
    g.add((node, *derived))


def _agent(g: Graph, agent: Agent, registry: AgentRegistry, derived: tuple,
           refs: References) -> URIRef:
    iri = registry.iri(agent)
    g.add((iri, RDF.type, AGENT_CLASSES[agent.kind]))
    g.add((iri, RDF.type, FOAF.Agent))
    g.add((iri, *derived))
    if agent.kind == "person":
        g.add((iri, FOAF.familyName, Literal(agent.family_name or agent.label)))
        g.add((iri, FOAF.name, Literal(agent.name)))
        g.add((iri, RDFS.label, Literal(agent.family_name or agent.label)))
        if agent.given_name:
            g.add((iri, FOAF.givenName, Literal(agent.given_name)))
        if agent.honorific:
            g.add((iri, PK.honorific, Literal(agent.honorific)))
        if agent.member_of is not None:
            g.add((iri, ORG.memberOf, _agent(g, agent.member_of, registry, derived, refs)))
    else:
        _labels(g, iri, [agent.label, *agent.alt_labels])
    for link in refs.links_for(agent):  # Wikidata / GND, only for unambiguous names
        g.add((iri, OWL.sameAs, link))
    return iri


def _labels(g: Graph, iri: URIRef, labels: list[str]) -> None:
    """One skos:prefLabel per language (the first spelling seen), the others skos:altLabel.

    "Klever IQ" and "KleverIQ" are one resource; two prefLabels in one language would break
    SKOS (and the uniqueLang shape).
    """
    pref = g.value(iri, SKOS.prefLabel)
    for label in labels:
        literal = Literal(label, lang="de")
        if pref is None:
            g.add((iri, SKOS.prefLabel, literal))
            g.add((iri, RDFS.label, literal))
            pref = literal
        elif literal != pref:
            g.add((iri, SKOS.altLabel, literal))
