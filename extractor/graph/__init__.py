"""Graph: extracted records as RDF in the contract's vocabulary, validated with SHACL."""

from .build import DEFAULT_BASE, build_dataset, build_graph, normalise_title, status_iri
from .identity import AgentRegistry, KnownPerson
from .terms import DocumentGraph
from .validate import ValidationReport, validate

__all__ = ["DEFAULT_BASE", "AgentRegistry", "DocumentGraph", "KnownPerson", "ValidationReport",
           "build_dataset", "build_graph", "normalise_title", "status_iri", "validate"]
