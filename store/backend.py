"""The graph store interface shared by the local (embedded Oxigraph) and remote (SPARQL) backends.

Query results travel as serialized bytes in a standard format (SPARQL results JSON/XML/TSV or an
RDF syntax): see :mod:`store.results`. This module holds the interface and the writing helpers.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyoxigraph as ox
import rdflib

from store.errors import BadRequestError
from store.results import (  # noqa: F401  (the backends and callers import them from here)
    RDF_FORMATS,
    READABLE_RESULTS,
    RESULTS_FORMATS,
    QueryResult,
    ResultKind,
    capped_solutions,
    capped_triples,
    rdf_format,
    results_format,
    to_rdflib,
)

log = logging.getLogger(__name__)


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
        self, source: Path | str | bytes | BinaryIO, format: str, *, graph: str | None = None
    ) -> None:
        """Fast, non-transactional load of a file (Path/str), bytes or a binary stream
        (read to its end, e.g. a pipe); triples go to ``graph`` (default graph when None)."""

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
