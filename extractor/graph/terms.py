"""A document's named graph as pyoxigraph terms: built, checked and written without rdflib.

A report's graph (about 1,400 triples for 27 rows) built in rdflib's Python store cost
about a third of a load: its three indexes and term hashing, then N-Quads out and parsed
back for the store. Here a triple is a tuple of pyoxigraph terms in an insertion-ordered
dict (a set, as a graph is), with the lookups the builder asks. The SHACL check and the
store's update read it as one N-Triples text; ``to_dataset`` gives the rdflib Dataset to
callers that work in rdflib (the CLI's output, tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib import XSD

from ontology import bind_prefixes

Term = ox.NamedNode | ox.Literal
Triple = tuple[ox.NamedNode, ox.NamedNode, Term]

_XSD_DATE = ox.NamedNode(str(XSD.date))
_XSD_INTEGER = ox.NamedNode(str(XSD.integer))
_XSD_BOOLEAN = ox.NamedNode(str(XSD.boolean))
_XSD_STRING = ox.NamedNode(str(XSD.string))


class Vocabulary:
    """An rdflib namespace's terms as pyoxigraph NamedNodes, each made once:
    ``PK.title`` and ``PKS["Completed"]`` as with the rdflib ``Namespace``."""

    def __init__(self, namespace: str) -> None:
        self._namespace = str(namespace)
        self._made: dict[str, ox.NamedNode] = {}

    def __getitem__(self, local: str) -> ox.NamedNode:
        node = self._made.get(local)
        if node is None:
            node = self._made[local] = ox.NamedNode(self._namespace + local)
        return node

    def __getattr__(self, local: str) -> ox.NamedNode:
        if local.startswith("_"):
            raise AttributeError(local)
        node = self[local]
        setattr(self, local, node)  # later lookups are plain attribute reads
        return node


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def text(value: str, lang: str | None = None) -> ox.Literal:
    """A string literal, with a language tag when given (as rdflib's ``Literal(v, lang=)``)."""
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def date(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=_XSD_DATE)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_XSD_BOOLEAN)


def typed(value: object, datatype: rdflib.URIRef) -> ox.Literal:
    """A literal of ``datatype`` in the lexical form rdflib gives it ("P24M" is stored as
    "P2Y"): the few decimals, years and durations of a report keep the form they had."""
    return from_rdflib(rdflib.Literal(value, datatype=datatype))


def from_rdflib(term: rdflib.term.Identifier) -> Term:
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    raise TypeError(f"no pyoxigraph form for {term!r} in a document graph")


class DocumentGraph:
    """The triples of one document's named graph, ``name``, in the order they were added."""

    def __init__(self, name: str | ox.NamedNode) -> None:
        self.name = name if isinstance(name, ox.NamedNode) else ox.NamedNode(name)
        self._triples: dict[Triple, None] = {}
        self._objects: dict[tuple[ox.NamedNode, ox.NamedNode], list[Term]] = {}
        self._text: str | None = None  # N-Triples, written once for the check and the store

    def add(self, triple: Triple) -> None:
        """Add (subject, predicate, object); a triple already there is not added twice."""
        if triple not in self._triples:
            self._triples[triple] = None
            self._objects.setdefault(triple[:2], []).append(triple[2])
            self._text = None

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self._triples

    def objects(self, s: ox.NamedNode, p: ox.NamedNode) -> list[Term]:
        return list(self._objects.get((s, p), ()))

    def value(self, s: ox.NamedNode, p: ox.NamedNode) -> Term | None:
        found = self._objects.get((s, p))
        return found[0] if found else None

    def quads(self) -> list[ox.Quad]:
        g = self.name
        return [ox.Quad(s, p, o, g) for s, p, o in self._triples]

    def ntriples(self) -> str:
        """The triples as N-Triples, which is also SPARQL's syntax for them (INSERT DATA).
        ``str()`` of a pyoxigraph term is its N-Triples form; joining those is 5x faster
        than ``pyoxigraph.serialize`` of Triple objects made for it, with the same text."""
        if self._text is None:
            self._text = "".join(f"{s} {p} {o} .\n" for s, p, o in self._triples)
        return self._text

    def nquads(self) -> bytes:
        """The graph as N-Quads (a file of pre-built reports, for a bulk load)."""
        return ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS)

    def to_dataset(self) -> rdflib.Dataset:
        """The graph as an rdflib Dataset (one named graph, the project's prefixes bound)."""
        ds = rdflib.Dataset()
        bind_prefixes(ds)
        graph = ds.graph(rdflib.URIRef(self.name.value))
        graph.addN((*self._rdflib_triple(t), graph) for t in self._triples)
        return ds

    def to_graph(self) -> rdflib.Graph:
        """The triples as a plain rdflib Graph (for messages that need rdflib lookups)."""
        graph = rdflib.Graph()
        bind_prefixes(graph)
        graph.addN((*self._rdflib_triple(t), graph) for t in self._triples)
        return graph

    @staticmethod
    def _rdflib_triple(triple: Triple) -> tuple:
        return tuple(_to_rdflib(term) for term in triple)


@lru_cache(maxsize=4096)  # predicates, classes and the document recur on every line
def _to_rdflib(term: Term) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
