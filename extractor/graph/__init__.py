"""Graph: extracted records as RDF in the contract's vocabulary, validated with SHACL."""

from .build import DEFAULT_BASE, build_dataset, normalise_title, status_iri
from .identity import AgentRegistry, KnownPerson
from .validate import ValidationReport, validate

__all__ = ["DEFAULT_BASE", "AgentRegistry", "KnownPerson", "ValidationReport", "build_dataset",
           "normalise_title", "status_iri", "validate"]
