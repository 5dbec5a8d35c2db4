"""Check a document graph against the project's SHACL shapes.

The engine is pyshacl-turbo, a Rust SHACL engine with pyshacl's interface: the shapes
are compiled once per process and each call only hands over the data. pyshacl itself
re-parsed the shapes' SPARQL constraint for every interval and cloned data and ontology
on every call (about 1 s per 30-row report against ~20 ms here; benchmarks/README.md).

Of the ontology only what SHACL can see in the data graph is mixed in: the
``rdfs:subClassOf`` axioms (so that ``sh:class foaf:Agent`` accepts an
``org:OrganizationalUnit``) and the ontology's own instances of the classes the shapes
name. That is what pyshacl's ``ont_graph`` contributes with inference off, without
copying 700 triples per call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl_turbo
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace
from rdflib.collection import Collection

from ontology import load_ontology, load_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")
# pyshacl-turbo words a few defaults as "XConstraintComponent violated at <node>".
_GENERIC = re.compile(r"^\w+ConstraintComponent violated at ")


@dataclass
class ValidationReport:
    conforms: bool
    text: str
    messages: list[str] = field(default_factory=list)  # one per violation: "focus path: why"

    def __bool__(self) -> bool:
        return self.conforms


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


def validate(data: Graph | Dataset) -> ValidationReport:
    """Validate each named graph of ``data`` (or one graph) against the shapes."""
    graphs = _graphs(data)
    conforms, texts, messages = True, [], []
    for graph in graphs:
        ok, results, text = _validate_one(graph)
        conforms = conforms and ok
        if not ok:
            texts.append(text)
            messages += _messages(results)
    text = "\n".join(texts) if texts else "Validation Report\nConforms: True\n"
    return ValidationReport(conforms, text, messages)


def _graphs(data: Graph | Dataset) -> list[Graph]:
    if not data.context_aware:
        return [data]
    # Each graph on its own, as pyshacl does; a Graph is also quicker to hand over than
    # the Dataset's quads.
    return [g for g in data.graphs() if len(g)] or [data.default_graph]


def _validate_one(graph: Graph) -> tuple[bool, Graph, str]:
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


def _messages(results: Graph) -> list[str]:
    shapes = load_shapes()
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus, path = results.value(result, SH.focusNode), results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "")
        if not message or _GENERIC.match(message):
            message = _default_message(results, result, shapes)
        where = " ".join(_short(shapes, n) for n in (focus, path) if n is not None)
        out.append(f"{where}: {message}")
    return sorted(out)


def _default_message(results: Graph, result, shapes: Graph) -> str:
    """pyshacl's wording for the constraints whose default message the engine leaves generic."""
    component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
    shape = results.value(result, SH.sourceShape)
    value = results.value(result, SH.value)
    shown = _short(shapes, value) if value is not None else "value"
    param = {"DatatypeConstraintComponent": SH.datatype, "InConstraintComponent": SH["in"],
             "MinInclusiveConstraintComponent": SH.minInclusive,
             "MaxInclusiveConstraintComponent": SH.maxInclusive,
             "MinExclusiveConstraintComponent": SH.minExclusive,
             "MaxExclusiveConstraintComponent": SH.maxExclusive}.get(component)
    bound = shapes.value(shape, param) if param is not None and shape is not None else None
    if component == "DatatypeConstraintComponent" and bound is not None:
        return f"Value is not Literal with datatype {_short(shapes, bound)}"
    if component == "InConstraintComponent" and bound is not None:
        allowed = ", ".join(_short(shapes, n) for n in Collection(shapes, bound))
        return f"Value {shown} not in list [{allowed}]"
    if bound is not None:
        relation = {"Min": ">=", "Max": "<="}[component[:3]]
        relation = relation.replace("=", "") if "Exclusive" in component else relation
        return f"Value {shown} is not {relation} {_short(shapes, bound)}"
    if component == "UniqueLangConstraintComponent":
        return "More than one String shares the same Language"
    if component == "OrConstraintComponent":
        return f"Node {shown} must conform to one or more shapes of its sh:or"
    return f"{component} violated"


def _short(shapes: Graph, node) -> str:
    if isinstance(node, Literal):
        return node.n3(shapes.namespace_manager)
    try:
        return shapes.namespace_manager.normalizeUri(node)
    except Exception:  # a blank node or an IRI with no prefix
        return node.n3()
