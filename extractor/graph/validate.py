"""Check a document graph against the project's SHACL shapes.

A failure is told the way a user can act on it: the file, the row of the table the
offending resource came from, the property and the value ("moessingen.tsv, row 27:
skos:prefLabel 'KleverIQ': more than one value per language").

The engine is pyshacl-turbo, a Rust SHACL engine with pyshacl's interface: the shapes
are compiled once per process and each call only hands over the data. pyshacl itself
re-parsed the shapes' SPARQL constraint for every interval and cloned data and ontology
on every call (0.65 s of CPU per 30-row report against 15 ms here; benchmarks/README.md).
Of the ontology only what SHACL can see with inference off is mixed in: the
``rdfs:subClassOf`` axioms (so that ``sh:class foaf:Agent`` accepts an
``org:OrganizationalUnit``) and the ontology's own instances of the classes the shapes name.

A document graph of the load path (:class:`.terms.DocumentGraph`) goes to the engine as
N-Triples text in pyshacl-turbo's ``Input``, which its native parser reads without a
Python term per node (4-5 ms of a 30-row report's 15). Not as a pyoxigraph ``Store``: given
one, pyshacl-turbo 0.6.5 refuses even a valid report (plain literals against
``sh:in ("Herr" "Frau")``, tests/test_validate.py checks both forms agree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
import pyshacl_turbo
from pyshacl_turbo.rdf import Input
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH

from ontology import PK, load_ontology, load_shapes

from .terms import DocumentGraph, from_rdflib


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


# pyshacl-turbo words a few defaults as "XConstraintComponent violated at <node>".
_GENERIC = re.compile(r"^\w+ConstraintComponent violated at ")


@lru_cache(maxsize=1)
def _compiled() -> pyshacl_turbo.CompiledShapes:
    return pyshacl_turbo.compile_shapes(load_shapes(), advanced=True)


@lru_cache(maxsize=1)
def _visible_ontology() -> tuple[tuple, ...]:
    """The ontology triples that change a verdict when inference is off (see module doc)."""
    ontology, shapes = load_ontology(), load_shapes()
    axioms = list(ontology.triples((None, RDFS.subClassOf, None)))
    named = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    closure, grown = set(named), True
    while grown:
        below = {c for c, _, sup in axioms if sup in closure} - closure
        closure |= below
        grown = bool(below)
    instances = [(s, RDF.type, c) for c in closure for s in ontology.subjects(RDF.type, c)]
    return tuple(axioms + instances)


@lru_cache(maxsize=1)
def _visible_ontology_lines() -> tuple[tuple[tuple, str], ...]:
    """The same triples as pyoxigraph terms, each with its N-Triples line."""
    out = []
    for triple in _visible_ontology():
        terms = tuple(from_rdflib(t) for t in triple)
        line = ox.serialize([ox.Triple(*terms)], format=ox.RdfFormat.N_TRIPLES).decode()
        out.append((terms, line))
    return tuple(out)


@lru_cache(maxsize=1)
def _document_namespaces() -> dict[str, str]:
    """The prefixes a document's rdflib Dataset has (rdflib's and the project's): the
    engine shortens IRIs in its messages with them, so the text stays what it was."""
    return {prefix: str(ns) for prefix, ns in DocumentGraph("urn:x:prefixes").to_dataset()
            .namespaces()}


def validate(data: Graph | Dataset | DocumentGraph) -> ValidationReport:
    """Validate each named graph of ``data`` (or one graph) against the shapes, as
    pyshacl does with the ontology as ``ont_graph`` and inference off."""
    if isinstance(data, DocumentGraph):
        graphs: list = [data]
    else:
        graphs = ([g for g in data.graphs() if len(g)] or [data.default_graph]
                  if data.context_aware else [data])
    conforms, texts, failures = True, [], []
    for graph in graphs:
        ok, results, text = _validate_one(graph)
        if not ok:
            conforms = False
            texts.append(text)
            failures += _failures(results, graph.to_graph()
                                  if isinstance(graph, DocumentGraph) else graph)
    text = "\n".join(texts) if texts else "Validation Report\nConforms: True\n"
    return ValidationReport(conforms, text, sorted(set(failures)))


def _validate_one(graph: Graph | DocumentGraph) -> tuple[bool, Graph, str]:
    if isinstance(graph, DocumentGraph):
        extra = "".join(line for terms, line in _visible_ontology_lines() if terms not in graph)
        data = Input(graph.ntriples() + extra, "nt", None, {}, _document_namespaces())
        conforms, results, text = _compiled().validate(data, allow_warnings=True)
        return bool(conforms), results, str(text)
    # The ontology's few visible triples go in for the call and out again, rather than
    # copying the document into a fresh graph every time.
    added = [t for t in _visible_ontology() if t not in graph]
    for triple in added:
        graph.add(triple)
    try:
        conforms, results, text = _compiled().validate(graph, allow_warnings=True)
    finally:
        for triple in added:
            graph.remove(triple)
    return bool(conforms), results, str(text)


def _failures(results: Graph, data: Graph | Dataset) -> list[str]:
    graph = Graph()
    for triple in (data.triples((None, None, None)) if not isinstance(data, Dataset)
                   else data.quads((None, None, None, None))):
        graph.add(triple[:3])
    for prefix, namespace in load_shapes().namespaces():  # pk:, pks: … in messages
        graph.bind(prefix, namespace, override=False)
    file = next((str(o) for o in graph.objects(None, DCTERMS.source)), "the document")
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = str(results.value(result, SH.resultMessage) or "")
        if not message or _GENERIC.match(message):
            message = _default_message(results, result)
        row = _row_of(graph, focus)
        where = f"{file}, row {row}" if row is not None else file
        what = _short(graph, path) if path is not None else "value"
        shown = _value_text(graph, value if value is not None else focus)
        out.append(f"{where}: {what} {shown}: {message}")
    return sorted(set(out))


def _default_message(results: Graph, result) -> str:
    """pyshacl's wording for the constraints whose default message the engine leaves generic."""
    shapes = load_shapes()
    component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
    shape = results.value(result, SH.sourceShape)
    param = {"DatatypeConstraintComponent": SH.datatype, "InConstraintComponent": SH["in"],
             "MinInclusiveConstraintComponent": SH.minInclusive,
             "MaxInclusiveConstraintComponent": SH.maxInclusive,
             "MinExclusiveConstraintComponent": SH.minExclusive,
             "MaxExclusiveConstraintComponent": SH.maxExclusive}.get(component)
    bound = shapes.value(shape, param) if param is not None and shape is not None else None
    value = results.value(result, SH.value)
    shown = value.n3(shapes.namespace_manager) if value is not None else "value"
    if component == "DatatypeConstraintComponent" and bound is not None:
        return f"Value is not Literal with datatype {_short(shapes, bound)}"
    if component == "InConstraintComponent" and bound is not None:
        allowed = ", ".join(n.n3(shapes.namespace_manager) for n in Collection(shapes, bound))
        return f"Value {shown} not in list [{allowed}]"
    if bound is not None:
        relation = {"Min": ">=", "Max": "<="}[component[:3]]
        relation = relation.replace("=", "") if "Exclusive" in component else relation
        return f"Value is not {relation} {bound.n3(shapes.namespace_manager)}"
    if component == "UniqueLangConstraintComponent":
        return "More than one String shares the same Language"
    if component == "OrConstraintComponent":
        return f"Node {shown} must conform to one or more shapes of its sh:or"
    return "fails a shape"


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
