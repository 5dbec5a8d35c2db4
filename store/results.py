"""Query results: the formats the backends speak, and :class:`QueryResult`, which keeps a
result as a serialized payload in a standard format and decodes it on demand.

That keeps both backends alike, lets the web service pass a payload on untouched when the
client asks for the format it already has, and leaves decoding to pyoxigraph's parsers.
Rows reach callers as rdflib terms only, so no backend type leaks out; or, through
:meth:`QueryResult.values`, as plain Python values, read straight from a JSON payload (the
questions' answers, where building rdflib terms cost more than the query itself).
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

from store.errors import StoreError

ResultKind = TypingLiteral["solutions", "boolean", "graph"]

# Short names accepted wherever a format is asked for; media types work too.
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "srj": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "srx": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
}
# The formats whose payloads pyoxigraph can read back (CSV loses term types).
READABLE_RESULTS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.TSV,
)


def results_format(name: str) -> ox.QueryResultsFormat:
    """Resolve a SPARQL results format from a short name (json, xml, csv, tsv) or media type."""
    fmt = RESULTS_FORMATS.get(name.lower()) or ox.QueryResultsFormat.from_media_type(name)
    if fmt is None:
        raise ValueError(f"unknown SPARQL results format {name!r}; use one of json, xml, csv, tsv")
    return fmt


def rdf_format(name: str) -> ox.RdfFormat:
    """Resolve an RDF syntax from a short name ("turtle", "ntriples", "rdfxml", "jsonld",
    "nquads", "trig") or media type."""
    fmt = RDF_FORMATS.get(name.lower()) or ox.RdfFormat.from_media_type(name)
    if fmt is None:
        raise ValueError(
            f"unknown RDF format {name!r}; "
            "use one of turtle, ntriples, rdfxml, jsonld, nquads, trig"
        )
    return fmt


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Identifier:
    """Convert a pyoxigraph term to the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            # rdflib treats "x" and "x"^^xsd:string as different terms; RDF 1.1 does not.
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise StoreError(f"RDF-star triple terms are not supported in results: {term}")


class QueryResult:
    """The result of one SPARQL query: solutions (SELECT), a boolean (ASK) or a graph
    (CONSTRUCT/DESCRIBE), kept as a serialized payload and decoded on demand."""

    def __init__(
        self,
        payload: bytes,
        payload_format: ox.QueryResultsFormat | ox.RdfFormat,
        *,
        truncated: bool = False,
    ) -> None:
        self._payload = payload
        self._format = payload_format
        self.truncated = truncated  # rows or triples beyond a max_rows were dropped
        self._rows: list[dict[str, rdflib.term.Identifier]] | None = None
        self.boolean: bool | None = None
        self.variables: list[str]
        if isinstance(payload_format, ox.RdfFormat):
            self.kind: ResultKind = "graph"
            self.variables = ["subject", "predicate", "object"]
            return
        if payload_format not in READABLE_RESULTS:
            raise ValueError(f"cannot decode query results in {payload_format.name}")
        try:
            parsed = ox.parse_query_results(payload, payload_format)
        except SyntaxError as err:
            raise StoreError(f"unreadable {payload_format.name} query results: {err}") from err
        if isinstance(parsed, ox.QueryBoolean):
            self.kind = "boolean"
            self.boolean = bool(parsed)
            self.variables = []
        else:
            self.kind = "solutions"
            self.variables = [v.value for v in parsed.variables]

    @property
    def payload_format(self) -> str:
        """Media type of the payload as received or produced by the backend."""
        return self._format.media_type

    def _decode_rows(self) -> list[dict[str, rdflib.term.Identifier]]:
        if self.kind == "boolean":
            return []
        if self.kind == "graph":
            return [
                {
                    "subject": to_rdflib(q.subject),
                    "predicate": to_rdflib(q.predicate),
                    "object": to_rdflib(q.object),
                }
                for q in ox.parse(self._payload, self._format)
            ]
        solutions = ox.parse_query_results(self._payload, self._format)
        names = [ox.Variable(v) for v in self.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name, var in zip(self.variables, names, strict=True):
                value = solution[var]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def values(self) -> list[dict[str, object]]:
        """Rows as dicts variable -> plain Python value (unbound variables are absent): an
        IRI or blank node as its string, a plain or language-tagged literal as its text, a
        typed literal as rdflib's ``toPython()`` gives it (a date, an int, ...). A JSON
        payload is read with :func:`json.loads`, without building terms."""
        if self.kind != "solutions" or self._format != ox.QueryResultsFormat.JSON:
            return [{k: plain_value(v) for k, v in row.items()} for row in self]
        try:
            bindings = json.loads(self._payload)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(f"unreadable JSON query results: {err}") from err
        return [{k: _plain_binding(v) for k, v in row.items()} for row in bindings]

    def __iter__(self) -> Iterator[dict[str, rdflib.term.Identifier]]:
        """Rows as dicts variable -> rdflib term (unbound variables are absent).
        A graph result yields one row per triple with keys subject/predicate/object;
        a boolean result yields nothing."""
        if self._rows is None:
            self._rows = self._decode_rows()
        return iter(self._rows)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        # As rdflib's Result: an ASK result is its answer, other results are true when non-empty.
        if self.kind == "boolean":
            return bool(self.boolean)
        return len(self) > 0

    def graph(self) -> rdflib.Graph:
        """The triples of a CONSTRUCT/DESCRIBE result as an rdflib Graph."""
        if self.kind != "graph":
            raise TypeError(f"a {self.kind} result has no graph")
        graph = rdflib.Graph()
        for row in self:
            graph.add((row["subject"], row["predicate"], row["object"]))
        return graph

    def media_type(self, format: str) -> str:
        """The media type for ``serialize(format)``, for HTTP Content-Type headers."""
        return self._target(format).media_type

    def _target(self, format: str) -> ox.QueryResultsFormat | ox.RdfFormat:
        if self.kind == "graph":
            return rdf_format(format)
        target = results_format(format)
        return target

    def serialize(self, format: str, *, prefixes: Mapping[str, str] | None = None) -> bytes:
        """Encode the result: json/xml/csv/tsv for solutions and booleans; turtle, ntriples,
        rdfxml, jsonld, nquads, trig for graphs. The backend's payload is returned as is
        when it is already in that format."""
        target = self._target(format)
        if target == self._format:
            return self._payload
        if isinstance(target, ox.RdfFormat):
            quads = ox.parse(self._payload, self._format)
            items: Iterable[ox.Quad] | Iterable[ox.Triple] = (
                quads
                if target.supports_datasets
                else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            )
            return ox.serialize(items, format=target, prefixes=dict(prefixes or {}))
        parsed = ox.parse_query_results(self._payload, self._format)
        return parsed.serialize(format=target)


    def cut(self, max_rows: int) -> QueryResult:
        """This result with at most ``max_rows`` solutions or triples (self if it has no
        more). Reads the payload as a stream and stops after ``max_rows + 1`` items."""
        if self.kind == "boolean":
            return self
        if self.kind == "graph":
            quads = ox.parse(self._payload, self._format)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            return capped_triples(triples, max_rows)
        solutions = ox.parse_query_results(self._payload, self._format)
        return capped_solutions(self.variables, solutions, max_rows)


def capped_solutions(
    variables: Sequence[str], solutions: Iterable[ox.QuerySolution], max_rows: int
) -> QueryResult:
    """At most ``max_rows`` solutions as SPARQL JSON, without reading further than one past
    the cap (a lazily evaluated result is not evaluated beyond it)."""
    first = list(itertools.islice(solutions, max_rows + 1))
    names = [str(v) for v in variables]
    bindings = []
    for solution in first[:max_rows]:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = _json_term(term)
        bindings.append(row)
    payload = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                         ensure_ascii=False).encode("utf-8")
    return QueryResult(payload, ox.QueryResultsFormat.JSON, truncated=len(first) > max_rows)


def capped_triples(triples: Iterable[ox.Triple], max_rows: int) -> QueryResult:
    """At most ``max_rows`` triples as N-Triples, reading one past the cap at most."""
    first = list(itertools.islice(triples, max_rows + 1))
    payload = ox.serialize(first[:max_rows], format=ox.RdfFormat.N_TRIPLES)
    return QueryResult(payload, ox.RdfFormat.N_TRIPLES, truncated=len(first) > max_rows)


_XSD_STRING = str(XSD.string)


def _plain_binding(term: dict) -> object:
    """One SPARQL JSON binding as a plain value (see QueryResult.values)."""
    datatype = term.get("datatype")
    if datatype is None or datatype == _XSD_STRING or term.get("type") in ("uri", "bnode"):
        return term["value"]
    return _typed(term["value"], datatype)


def plain_value(term: rdflib.term.Identifier) -> object:
    """An rdflib term as :meth:`QueryResult.values` gives it."""
    if isinstance(term, rdflib.Literal) and term.datatype is not None:
        return _typed(str(term), str(term.datatype))
    return str(term)


@functools.lru_cache(maxsize=4096)
def _typed(value: str, datatype: str) -> object:
    # rdflib's conversion, remembered: the same dates and numbers recur on every page, and
    # what it returns (dates, numbers, or the Literal itself) is immutable.
    return rdflib.Literal(value, datatype=rdflib.URIRef(datatype)).toPython()


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != str(XSD.string):
            out["datatype"] = term.datatype.value
        return out
    raise StoreError(f"RDF-star triple terms are not supported in results: {term}")
