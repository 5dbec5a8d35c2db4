"""Check a document graph against the project's SHACL shapes (pyshacl).

A failure is told the way a user can act on it: the file, the row of the table the
offending resource came from, the property and the value ("moessingen.tsv, row 27:
skos:prefLabel 'KleverIQ': more than one value per language").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from ontology import PK, load_ontology, load_shapes


@dataclass
class ValidationReport:
    conforms: bool
    text: str
    failures: list[str] = field(default_factory=list)  # "file, row N: path value: message"

    def __bool__(self) -> bool:
        return self.conforms

    def describe(self, limit: int = 3) -> str:
        shown = self.failures[:limit]
        more = len(self.failures) - len(shown)
        return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")


def validate(data: Graph | Dataset) -> ValidationReport:
    """Validate each named graph of ``data`` (or one graph) against the shapes.

    No inference: the ontology is given as ``ont_graph`` so that subclass axioms hold for
    ``sh:class``, while wrong objects are still reported where they are used.
    """
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
        advanced=True, allow_warnings=True,
    )
    failures = [] if conforms else _failures(results, data)
    return ValidationReport(bool(conforms), str(text), failures)


def _failures(results: Graph, data: Graph | Dataset) -> list[str]:
    graph = Graph()
    for triple in (data.triples((None, None, None)) if not isinstance(data, Dataset)
                   else data.quads((None, None, None, None))):
        graph.add(triple[:3])
    file = next((str(o) for o in graph.objects(None, DCTERMS.source)), "the document")
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage) or "fails a shape"
        row = _row_of(graph, focus)
        where = f"{file}, row {row}" if row is not None else file
        what = _short(graph, path) if path is not None else "value"
        shown = _value_text(graph, value if value is not None else focus)
        out.append(f"{where}: {what} {shown}: {message}")
    return sorted(set(out))


def _row_of(graph: Graph, node) -> int | None:
    """The source row of the measure the node belongs to (directly or one step away)."""
    if node is None:
        return None
    rows = [graph.value(node, PK.sourceRow)]
    for _, _, other in graph.triples((node, None, None)):
        rows.append(graph.value(other, PK.sourceRow))
    for subject, _, _ in graph.triples((None, None, node)):
        rows.append(graph.value(subject, PK.sourceRow))
        for _, _, measure in graph.triples((subject, PK.measure, None)):
            rows.append(graph.value(measure, PK.sourceRow))
    found = sorted(int(r) for r in rows if r is not None)
    return found[0] if found else None


def _short(graph: Graph, term) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)
    except ValueError:
        return str(term)


def _value_text(graph: Graph, value) -> str:
    if isinstance(value, Literal):
        return repr(str(value))
    labels = [str(o) for o in graph.objects(value, URIRef(
        "http://www.w3.org/2004/02/skos/core#prefLabel"))]
    return f"{_short(graph, value)} ({', '.join(repr(v) for v in labels)})" if labels else \
        _short(graph, value)
