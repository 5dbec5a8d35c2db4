"""The ontology defines the contract's vocabulary, and the shapes accept good graphs and
reject the bad ones at the right resource."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV

from ontology import (
    CAUSES,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    PK,
    PKS,
    PKT,
    SHAPES_PATH,
    STATUS_CATEGORIES,
    TIMING_CONCEPTS,
    load_ontology,
    load_shapes,
)

CONTRACT = Path(__file__).parents[2] / "shared/spec/contract.md"
SH = Namespace("http://www.w3.org/ns/shacl#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/plankg/id/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

# Terms of /work/notes/vocab.md (contract terms plus project extensions), kept here so the
# test still guards them when the contract file is not beside the repository.
VOCAB_TERMS = [
    *(
        PK[n]
        for n in (
            "PlanDocument Plan ActionArea Goal Measure Responsibility Group StatusObservation "
            "Municipality sha256 statusDate ofPlan omitsMeasure planKey title description inArea "
            "servesGoal responsibleAgent timeframe budget hasStatus latestStatus whoText "
            "resourcesText sourceRow measureNumber matchMethod matchScore measure agent roleText "
            "honorific ofMeasure statusCategory statusText asOf cause eventDate statusCue "
            "statusRemark mentions startDate endDate timing budgetYear municipalityKey regionalKey "
            "geonamesId rank"
        ).split()
    ),
    *(PKS[n] for n in STATUS_CATEGORIES + CAUSES + ("StatusScheme", "CauseScheme")),
    *(PKT[n] for n in TIMING_CONCEPTS + ("TimingScheme",)),
]

PREFIXES = {"pk": PK, "pks": PKS, "pkt": PKT}


def contract_terms() -> set[URIRef]:
    text = CONTRACT.read_text(encoding="utf-8")
    terms = set()
    for span in re.findall(r"`([^`]+)`", text):
        for prefix, local in re.findall(r"\b(pkt|pks|pk):([A-Za-z][A-Za-z0-9_]*)", span):
            terms.add(PREFIXES[prefix][local])
    return terms


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def assert_defined(graph: Graph, term: URIRef) -> None:
    assert (term, RDF.type, None) in graph, f"{term} is not declared"
    if str(term).startswith(str(PK)):
        assert {"de", "en"} <= languages(graph, term, RDFS.label), f"{term} lacks de/en labels"
        assert {"de", "en"} <= languages(graph, term, RDFS.comment), f"{term} lacks comments"
    else:
        assert {"de", "en"} <= languages(graph, term, SKOS.prefLabel), f"{term} lacks prefLabels"
        assert {"de", "en"} <= languages(graph, term, SKOS.definition), f"{term} lacks definition"


# --------------------------------------------------------------------------- ontology


def test_files_parse_and_ontology_header() -> None:
    assert ONTOLOGY_PATH.is_file() and SHAPES_PATH.is_file()
    onto = load_ontology()
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    for predicate in (OWL.versionInfo, DCTERMS.license):
        assert onto.value(header, predicate) is not None, predicate
    assert {"de", "en"} <= languages(onto, header, DCTERMS.title)
    assert {"de", "en"} <= languages(onto, header, DCTERMS.description)
    targets = set(load_shapes().objects(None, SH.targetClass))
    assert {PK.PlanDocument, PK.Measure, PK.StatusObservation, TIME.ProperInterval} <= targets


@pytest.mark.parametrize("term", VOCAB_TERMS, ids=lambda t: t.n3(load_ontology().namespace_manager))
def test_vocab_term_is_defined(term: URIRef) -> None:
    assert_defined(load_ontology(), term)


@pytest.mark.skipif(not CONTRACT.is_file(), reason=f"contract not found at {CONTRACT}")
def test_every_contract_term_is_defined() -> None:
    terms = contract_terms()
    assert PK.PlanDocument in terms and PKS.CausePandemic in terms and PKT.Ongoing in terms
    onto = load_ontology()
    for term in sorted(terms):
        assert_defined(onto, term)


@pytest.mark.skipif(not CONTRACT.is_file(), reason=f"contract not found at {CONTRACT}")
def test_status_rule_order_follows_contract_table() -> None:
    table_order = re.findall(r"^\| `pks:(\w+)` \|", CONTRACT.read_text(encoding="utf-8"), re.M)
    assert tuple(table_order) == STATUS_CATEGORIES


def test_every_pk_term_has_bilingual_label_and_comment_and_typing() -> None:
    onto = load_ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    pk_terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(PK)}
    assert {t for t in VOCAB_TERMS if t.startswith(PK)} <= pk_terms
    for term in pk_terms:
        assert_defined(onto, term)
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        assert (prop, RDF.type, OWL.DatatypeProperty) not in onto, prop


def test_subclass_axioms_of_the_contract() -> None:
    onto = load_ontology()
    for sub, sup in [
        (PK.PlanDocument, PROV.Entity),
        (PK.PlanDocument, FOAF.Document),
        (PK.ActionArea, SKOS.Concept),
        (PK.Group, FOAF.Group),
        (PK.Municipality, SCHEMA.AdministrativeArea),
    ]:
        assert (sub, RDFS.subClassOf, sup) in onto, (sub, sup)
    # Reused vocabularies are only declared, never relabelled.
    assert not list(onto.objects(FOAF.Person, RDFS.label))
    assert onto.value(ORG.OrganizationalUnit, RDFS.isDefinedBy) == URIRef(str(ORG))


def test_status_concepts_rank_scheme_and_notation() -> None:
    onto = load_ontology()
    ranked = sorted(
        (int(onto.value(c, PK.rank)), c) for c in onto.subjects(SKOS.inScheme, PKS.StatusScheme)
    )
    assert [rank for rank, _ in ranked] == list(range(1, 10))
    assert tuple(str(c).removeprefix(str(PKS)) for _, c in ranked) == STATUS_CATEGORIES
    for _, concept in ranked:
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert str(onto.value(concept, SKOS.notation)) == str(concept).removeprefix(str(PKS))
    timing = {str(c).removeprefix(str(PKT)) for c in onto.subjects(SKOS.inScheme, PKT.TimingScheme)}
    assert timing == set(TIMING_CONCEPTS)
    causes = {str(c).removeprefix(str(PKS)) for c in onto.subjects(SKOS.inScheme, PKS.CauseScheme)}
    assert causes == set(CAUSES)


def test_loaders_are_cached() -> None:
    assert load_ontology() is load_ontology()
    assert load_shapes() is load_shapes()


# --------------------------------------------------------------------------- shapes

VALID_DOCUMENT = """
@prefix pk: <https://w3id.org/plankg/ontology#> .
@prefix pks: <https://w3id.org/plankg/status/> .
@prefix pkt: <https://w3id.org/plankg/timing/> .
@prefix id: <https://w3id.org/plankg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:doc a pk:PlanDocument ;
    dcterms:title "Integrationskonzept Mössingen, Sachstand"@de ;
    dcterms:source "moessingen-integrationskonzept-status-2021-03-01.tsv" ;
    pk:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    pk:statusDate "2021-03-01"^^xsd:date .

id:area a pk:ActionArea ;
    skos:prefLabel "Bildung und Betreuung"@de ;
    prov:wasDerivedFrom id:doc .

id:goal a pk:Goal ;
    pk:title "Übergang KiTa - Schule: Zusammenarbeit stärken"@de ;
    pk:description "Eine systematische Zusammenarbeit erleichtert den Übergang."@de ;
    pk:inArea id:area ;
    prov:wasDerivedFrom id:doc .

id:measure a pk:Measure ;
    pk:title "Fachtag"@de ;
    pk:servesGoal id:goal ;
    pk:inArea id:area ;
    pk:responsibleAgent id:kuehn ;
    pk:timeframe id:interval ;
    pk:budget id:amount ;
    pk:hasStatus id:obs ;
    pk:sourceRow 2 ;
    pk:matchMethod "new" ;
    pk:matchScore 1.0 ;
    prov:wasDerivedFrom id:doc .

id:resp a pk:Responsibility ;
    pk:measure id:measure ;
    pk:agent id:kuehn ;
    pk:roleText "lädt ein"@de ;
    prov:wasDerivedFrom id:doc .

# Typed only foaf:Person / org:OrganizationalUnit: sh:class foaf:Agent must see the
# subclass axioms that the ontology graph supplies.
id:kuehn a foaf:Person ;
    foaf:familyName "Kühn" ;
    foaf:name "Kühn" ;
    pk:honorific "Herr" ;
    rdfs:label "Kühn" ;
    org:memberOf id:unit ;
    prov:wasDerivedFrom id:doc .

id:unit a org:OrganizationalUnit ;
    skos:prefLabel "Sachgebiet 1-4"@de ;
    rdfs:label "Sachgebiet 1-4" ;
    prov:wasDerivedFrom id:doc .

id:obs a pk:StatusObservation ;
    pk:ofMeasure id:measure ;
    pk:statusCategory pks:OnHold ;
    pk:statusText "Corona-bedingt verschoben."@de ;
    pk:asOf "2021-03-01"^^xsd:date ;
    pk:cause pks:CausePandemic ;
    pk:statusCue "verschoben" ;
    prov:wasDerivedFrom id:doc .

id:interval a time:ProperInterval ;
    rdfs:label "Fachtag 2. Halbjahr 2020" ;
    pk:startDate "2020-07-01"^^xsd:date ;
    pk:endDate "2020-12-31"^^xsd:date ;
    prov:wasDerivedFrom id:doc .

id:vague a time:ProperInterval ;
    rdfs:label "mittelfristig" ;
    pk:timing pkt:MediumTerm ;
    prov:wasDerivedFrom id:doc .

id:amount a schema:MonetaryAmount ;
    schema:value 8000.00 ;
    schema:currency "EUR" ;
    pk:budgetYear "2020"^^xsd:gYear ;
    prov:wasDerivedFrom id:doc .
"""

INFERENCE_MODES = ["none", "rdfs"]


def valid_graph() -> Graph:
    return Graph().parse(data=VALID_DOCUMENT, format="turtle")


def validate(data: Graph, inference: str) -> tuple[bool, Graph, str]:
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference=inference,
        advanced=True,
        allow_warnings=False,
    )
    return conforms, results, text


def violations(results: Graph) -> set[tuple[URIRef, URIRef | None]]:
    return {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }


@pytest.mark.parametrize("inference", INFERENCE_MODES)
def test_valid_document_conforms(inference: str) -> None:
    conforms, _, text = validate(valid_graph(), inference)
    assert conforms, text


def _drop(s, p):
    return lambda g: g.remove((s, p, None))


def _add(s, p, o):
    return lambda g: g.add((s, p, o))


def _replace(s, p, o):
    return lambda g: g.set((s, p, o))


BROKEN = {
    "document without title": (_drop(ID.doc, DCTERMS.title), ID.doc, DCTERMS.title),
    "measure without title": (_drop(ID.measure, PK.title), ID.measure, PK.title),
    "two status categories": (
        _add(ID.obs, PK.statusCategory, PKS.Completed),
        ID.obs,
        PK.statusCategory,
    ),
    "unknown status category": (
        _replace(ID.obs, PK.statusCategory, PKS.Finished),
        ID.obs,
        PK.statusCategory,
    ),
    "start after end": (
        _replace(ID.interval, PK.startDate, Literal("2021-01-01", datatype=XSD_DATE)),
        ID.interval,
        None,
    ),
    "uppercase sha256": (_replace(ID.doc, PK.sha256, Literal("9F86D081" * 8)), ID.doc, PK.sha256),
    "short sha256": (_replace(ID.doc, PK.sha256, Literal("abc123")), ID.doc, PK.sha256),
    "status date not a date": (
        _replace(ID.doc, PK.statusDate, Literal("01.03.2021")),
        ID.doc,
        PK.statusDate,
    ),
    "measure serves a non-goal": (
        _replace(ID.measure, PK.servesGoal, ID.area),
        ID.measure,
        PK.servesGoal,
    ),
    "measure without goal": (_drop(ID.measure, PK.servesGoal), ID.measure, PK.servesGoal),
    "responsibility without agent": (_drop(ID.resp, PK.agent), ID.resp, PK.agent),
    "honorific not Herr/Frau": (
        _replace(ID.kuehn, PK.honorific, Literal("Dr.")),
        ID.kuehn,
        PK.honorific,
    ),
    "agent without label": (_drop(ID.unit, RDFS.label), ID.unit, RDFS.label),
    "unit without prefLabel": (_drop(ID.unit, SKOS.prefLabel), ID.unit, SKOS.prefLabel),
    "lowercase currency": (
        _replace(ID.amount, SCHEMA.currency, Literal("eur")),
        ID.amount,
        SCHEMA.currency,
    ),
    # Neither dated nor marked pk:undated: the node's one-of-two constraint fails.
    "observation without date": (_drop(ID.obs, PK.asOf), ID.obs, None),
    "unknown timing": (_replace(ID.vague, PK.timing, PKT.Soon), ID.vague, PK.timing),
    "not derived from a document": (
        _drop(ID.goal, PROV.wasDerivedFrom),
        ID.goal,
        PROV.wasDerivedFrom,
    ),
}


# Under RDFS inference a range axiom types the wrong object instead of flagging the link:
# pk:servesGoal's range makes the area a pk:Goal, which then lacks a title and an area.
RDFS_MOVES_VIOLATION = {
    "measure serves a non-goal": {(ID.area, PK.title), (ID.area, PK.inArea)},
}


@pytest.mark.parametrize("inference", INFERENCE_MODES)
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_document_fails_at_the_right_node(case: str, inference: str) -> None:
    break_it, focus, path = BROKEN[case]
    expected = {(focus, path)}
    if inference == "rdfs":
        expected = RDFS_MOVES_VIOLATION.get(case, expected)
    data = valid_graph()
    break_it(data)
    conforms, results, text = validate(data, inference)
    assert not conforms
    assert violations(results) == expected, text


@pytest.mark.parametrize("inference", INFERENCE_MODES)
def test_start_after_end_is_reported_by_the_sparql_constraint(inference: str) -> None:
    data = valid_graph()
    data.set((ID.interval, PK.startDate, Literal("2021-01-01", datatype=XSD_DATE)))
    _, results, _ = validate(data, inference)
    components = set(results.objects(None, SH.sourceConstraintComponent))
    assert components == {SH.SPARQLConstraintComponent}
    messages = " ".join(str(m) for m in results.objects(None, SH.resultMessage))
    assert "2021-01-01" in messages and "2020-12-31" in messages


def test_validation_leaves_the_cached_ontology_untouched() -> None:
    before = len(load_ontology())
    validate(valid_graph(), "rdfs")
    assert len(load_ontology()) == before
