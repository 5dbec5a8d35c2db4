"""The plankg ontology (OWL, Turtle) and its SHACL shapes, with their namespaces.

Validate a document graph with::

    pyshacl.validate(data, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                     inference="none", advanced=True)

``ont_graph`` is needed: it carries the subclass axioms (e.g. org:OrganizationalUnit under
foaf:Agent) that ``sh:class`` relies on. ``inference="rdfs"`` works as well but is slower.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

__all__ = [
    "AGENT_CLASSES",
    "AGENT_KINDS",
    "CAUSES",
    "ONTOLOGY_IRI",
    "ONTOLOGY_PATH",
    "PK",
    "PKS",
    "PKR",
    "PKT",
    "PREFIXES",
    "ROLES",
    "SCHEMA",
    "SHAPES_PATH",
    "STATUS_CATEGORIES",
    "TIMING_CONCEPTS",
    "agent_kind",
    "bind_prefixes",
    "local_name",
    "sparql_prefixes",
    "load_ontology",
    "load_shapes",
]

PK = Namespace("https://w3id.org/plankg/ontology#")
PKS = Namespace("https://w3id.org/plankg/status/")
PKT = Namespace("https://w3id.org/plankg/timing/")
PKR = Namespace("https://w3id.org/plankg/role/")
ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
SCHEMA = Namespace("https://schema.org/")  # https, as the contract and context.jsonld have it

# Every prefix plankg writes, queries with or shows: one table for the graph builder, the
# store's queries, the linked-data pages and the exports.
PREFIXES: dict[str, str] = {
    "pk": str(PK), "pks": str(PKS), "pkt": str(PKT), "pkr": str(PKR),
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL),
    "skos": str(SKOS), "foaf": str(FOAF), "org": str(ORG), "prov": str(PROV),
    "dcterms": str(DCTERMS), "time": str(TIME), "schema": str(SCHEMA),
}

# The kinds of agent the extractor tells apart, and the class each is written as.
AGENT_CLASSES: dict[str, URIRef] = {
    "person": FOAF.Person,
    "unit": ORG.OrganizationalUnit,
    "organization": ORG.Organization,
    "group": PK.Group,
}
AGENT_KINDS: tuple[str, ...] = tuple(AGENT_CLASSES)
_KIND_OF_CLASS = {str(cls): kind for kind, cls in AGENT_CLASSES.items()}

# The Turtle files ship as package data (see pyproject's package-data), so resolve them
# through importlib.resources rather than __file__ to work from wheels too.
_PACKAGE_FILES = files(__name__)
ONTOLOGY_PATH = _PACKAGE_FILES / "plankg.ttl"
SHAPES_PATH = _PACKAGE_FILES / "shapes.ttl"

# Rule order of the contract: the first category whose rule matches wins.
STATUS_CATEGORIES: tuple[str, ...] = (
    "Cancelled",
    "Rejected",
    "OnHold",
    "Completed",
    "Delayed",
    "InProgress",
    "Planned",
    "NotStarted",
    "Unknown",
)
TIMING_CONCEPTS: tuple[str, ...] = ("ShortTerm", "MediumTerm", "LongTerm", "Ongoing", "Unspecified")
CAUSES: tuple[str, ...] = ("CausePandemic", "CauseResources", "CauseStaff", "CauseMoney",
                           "CauseOthers", "CauseMarket", "CauseOther")
ROLES: tuple[str, ...] = ("Lead", "Coordinator", "Partner", "Participant", "Contact")


def local_name(iri: str | None) -> str | None:
    """The last segment of an IRI (after '#' or '/'): a status category, a class name."""
    if not iri:
        return None
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def agent_kind(class_iri: str | None) -> str | None:
    """"person", "unit", "organization" or "group" for an agent class IRI, else None."""
    return _KIND_OF_CLASS.get(str(class_iri)) if class_iri else None


def sparql_prefixes(names: tuple[str, ...] | None = None) -> str:
    """PREFIX lines for SPARQL text (all prefixes, or the ones named)."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in chosen)


def bind_prefixes(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns))


def _parse(resource) -> Graph:
    graph = Graph()
    with as_file(resource) as path:
        graph.parse(Path(path), format="turtle")
    graph.bind("pk", PK)
    graph.bind("pks", PKS)
    graph.bind("pkt", PKT)
    graph.bind("pkr", PKR)
    return graph


@lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """The ontology graph, parsed once. Callers must not modify it (copy it first)."""
    return _parse(ONTOLOGY_PATH)


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The SHACL shapes graph, parsed once. Callers must not modify it (copy it first)."""
    return _parse(SHAPES_PATH)
