"""Check a document graph against the project's SHACL shapes (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Dataset, Graph

from ontology import load_ontology, load_shapes


@dataclass
class ValidationReport:
    conforms: bool
    text: str

    def __bool__(self) -> bool:
        return self.conforms


def validate(data: Graph | Dataset) -> ValidationReport:
    """Validate each named graph of ``data`` (or one graph) against the shapes.

    No inference: the ontology is given as ``ont_graph`` so that subclass axioms hold for
    ``sh:class``, while wrong objects are still reported where they are used.
    """
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
        advanced=True, allow_warnings=True,
    )
    return ValidationReport(bool(conforms), str(text))
