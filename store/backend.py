"""The graph store interface shared by the local (embedded Oxigraph) and remote (SPARQL) backends.

Query results travel as serialized bytes in a standard format (SPARQL results JSON/XML/TSV or an
RDF syntax). That keeps both backends alike, lets the web service pass a payload on untouched when
the client asks for the format it already has, and leaves decoding to pyoxigraph's fast parsers.
Rows reach callers as rdflib terms only, so no backend type leaks out.
"""

from __future__ import annotations

import abc
import itertools
import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

from store.errors import BadRequestError, StoreError

log = logging.getLogger(__name__)

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


def _check_iri(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise BadRequestError(f"invalid graph IRI {iri!r}: {err}") from err


DatasetInput = rdflib.Dataset | rdflib.ConjunctiveGraph | bytes | str


def dataset_quads(data: DatasetInput) -> list[ox.Quad]:
    """Read the quads of an rdflib Dataset or of N-Quads text, validating every term strictly
    so that bad data fails here, before anything is written."""
    if isinstance(data, rdflib.Graph):
        if not data.context_aware:
            raise TypeError("add_dataset needs an rdflib Dataset (quads), not a plain Graph")
        try:
            data = data.serialize(format="nquads", encoding="utf-8")
        except Exception as err:  # rdflib raises bare Exception for unserialisable IRIs
            raise BadRequestError(f"dataset cannot be written as N-Quads: {err}") from err
    try:
        return list(ox.parse(data, ox.RdfFormat.N_QUADS))
    except SyntaxError as err:
        raise BadRequestError(f"invalid N-Quads: {err}") from err


def replace_graphs_update(quads: Iterable[ox.Quad], replace_graphs: Iterable[str]) -> str:
    """One SPARQL Update request that drops the given graphs and inserts the quads.

    A single request is what makes the replacement atomic on Oxigraph (embedded or server)
    and on any store that runs each update request in one transaction.
    """
    operations = [f"DROP SILENT GRAPH {_check_iri(iri)}" for iri in replace_graphs]
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise BadRequestError(f"RDF-star quads are not supported: {quad}")
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    if by_graph:
        blocks = []
        for graph, lines in by_graph.items():
            body = "\n".join(lines)
            blocks.append(f"GRAPH {graph} {{\n{body}\n}}" if graph else body)
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)


class GraphStore(abc.ABC):
    """A persistent RDF dataset with SPARQL 1.1 query and update."""

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        result_format: str | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query. ``result_format`` is a hint (e.g. "xml")
        so that ``serialize`` in that format needs no re-encoding. ``default_graph`` and
        ``named_graphs`` set the RDF dataset as the SPARQL Protocol's ``default-graph-uri`` and
        ``named-graph-uri`` do (they override FROM / FROM NAMED in the query). With
        ``max_rows``, at most that many solutions or triples are kept (``truncated`` tells).
        Raises QueryTimeoutError after ``timeout`` seconds."""

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Apply one SPARQL 1.1 Update request atomically."""

    def add_dataset(self, data: DatasetInput, *, replace_graphs: Iterable[str] = ()) -> None:
        """Atomically drop the named graphs in ``replace_graphs`` and insert all quads of ``data``
        (an rdflib Dataset or N-Quads bytes)."""
        replace = list(replace_graphs)
        quads = dataset_quads(data)
        request = replace_graphs_update(quads, replace)
        if not request:
            return
        log.debug("adding %d quads, replacing %d graphs", len(quads), len(replace))
        self.update(request)

    @abc.abstractmethod
    def bulk_load(
        self, source: Path | str | bytes, format: str, *, graph: str | None = None
    ) -> None:
        """Fast, non-transactional load of a file (Path/str) or bytes; triples go to ``graph``
        (default graph when None)."""

    def optimize(self) -> None:  # noqa: B027  (a no-op is right for servers that compact)
        """Compact the store after bulk loads, where the backend can; else nothing."""

    @abc.abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs."""

    @abc.abstractmethod
    def has_graph(self, iri: str) -> bool:
        """Whether a named graph with this IRI exists."""

    @abc.abstractmethod
    def triple_count(self, graph: str | None = None) -> int:
        """Triples in ``graph``; with None, all quads of the store (default and named graphs)."""

    @abc.abstractmethod
    def dump(self, format: str, graph: str | None = None) -> bytes:
        """Serialize one graph, or with None the whole dataset (needs nquads or trig).
        A graph that does not exist dumps as empty."""

    @abc.abstractmethod
    def describe(self) -> str:
        """Where the data lives, for logs and messages."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store; further use is an error."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


def dump_format(format: str, graph: str | None) -> ox.RdfFormat:
    """Resolve a dump format and check it can hold what is asked for."""
    fmt = rdf_format(format)
    if graph is None and not fmt.supports_datasets:
        raise ValueError(
            f"{fmt.name} cannot hold named graphs: name a graph or dump as nquads or trig"
        )
    return fmt
