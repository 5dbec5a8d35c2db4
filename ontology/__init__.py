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

from rdflib import Graph, Namespace

__all__ = [
    "CAUSES",
    "ONTOLOGY_IRI",
    "ONTOLOGY_PATH",
    "PK",
    "PKS",
    "PKR",
    "PKT",
    "ROLES",
    "SHAPES_PATH",
    "STATUS_CATEGORIES",
    "TIMING_CONCEPTS",
    "load_ontology",
    "load_shapes",
]

PK = Namespace("https://w3id.org/plankg/ontology#")
PKS = Namespace("https://w3id.org/plankg/status/")
PKT = Namespace("https://w3id.org/plankg/timing/")
PKR = Namespace("https://w3id.org/plankg/role/")
ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"

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
