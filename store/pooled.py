"""A LocalStore whose queries run in killable worker processes (store/pool.py).

Writes, dumps and graph listings stay in this process, on the store it owns; every query
goes to the pool under a time limit (the caller's, else ``default_timeout``), so no query
of the service can outlive its limit. Each write bumps ``generation``; a worker whose
read-only view is older opens the store again before its next query, so a query sees every
write that finished before it was asked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox

from store.backend import READABLE_RESULTS, GraphStore, QueryResult, rdf_format, results_format
from store.errors import BadRequestError, StoreError
from store.local import LocalStore
from store.pool import API, QUERY_CLIENT, QUERY_LANE, PoolLimits, QueryPool

log = logging.getLogger(__name__)
T = TypeVar("T")


class PooledStore(GraphStore):
    """``inner`` for writes and listings, a QueryPool over its directory for queries."""

    def __init__(self, inner: LocalStore, limits: PoolLimits, default_timeout: float) -> None:
        if inner.path is None:
            raise StoreError("a query pool needs an on-disk store")
        self.inner = inner
        self.pool = QueryPool(Path(inner.path), limits)
        self.default_timeout = default_timeout
        self.generation = 0
        self._generation_lock = threading.Lock()

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
        results_name, graph_name = _format_names(result_format)
        for graphs in (default_graph, named_graphs):
            for iri in graphs or ():
                try:
                    ox.NamedNode(iri)
                except ValueError as err:
                    raise BadRequestError(f"invalid graph IRI in the query dataset: {err}"
                                          ) from err
        job = ("sparql", self.generation, sparql, results_name, graph_name,
               list(default_graph) if default_graph is not None else None,
               list(named_graphs) if named_graphs is not None else None, max_rows)
        reply = self.pool.run(job, timeout if timeout is not None else self.default_timeout)
        if reply[0] == "syntax":
            raise BadRequestError(f"SPARQL query error: {reply[1]}")
        if reply[0] != "ok":
            raise StoreError(f"query failed on {self.describe()}: {reply[1]}")
        _, payload, kind, name, *cut = reply
        fmt = getattr(ox.RdfFormat if kind == "rdf" else ox.QueryResultsFormat, name)
        # With max_rows the worker stopped reading solutions past the cap (``cut`` says
        # whether it had to).
        return QueryResult(payload, fmt, truncated=bool(cut and cut[0]))

    def call(self, question: Callable[..., T], *args: Any, timeout: float | None = None,
             **kwargs: Any) -> T:
        """``question(store, *args, **kwargs)`` run whole in a worker, where ``store`` is
        the worker's read-only view: a question of the store layer (store.who,
        store.queries) that sends several queries costs one round trip to the pool, not
        one per query, and its rows are decoded inside the worker's limits. Arguments and
        answer travel pickled; the limit covers the whole question.

        Only in the API lane, whose workers have the store layer imported at start: a
        heavy client's question runs here as before, query by query in the low-priority
        lane, its work between queries paced (QueryPool._pace), and a worker that would
        first import the package (a second of CPU) answers no one."""
        module, name = question.__module__, question.__qualname__
        if not module.startswith("store.") or "." in name:
            raise StoreError(f"{module}.{name} is not a question of the store layer")
        if QUERY_LANE.get() != API or self.pool.is_heavy(QUERY_CLIENT.get()):
            return question(self, *args, **kwargs)
        job = ("call", self.generation, module, name, args, kwargs)
        reply = self.pool.run(job, timeout if timeout is not None else self.default_timeout)
        if reply[0] == "value":
            return reply[1]
        if reply[0] == "refused":
            raise BadRequestError(reply[1])
        raise StoreError(f"{name} failed on {self.describe()}: {reply[1]}")

    def _wrote(self) -> None:
        # Without a flush every worker would replay the whole write log when it opens
        # its view again: seconds per query after a large upload.
        self.inner.flush()
        with self._generation_lock:
            self.generation += 1

    def update(self, sparql: str) -> None:
        try:
            self.inner.update(sparql)
        finally:
            self._wrote()  # even a failed update may have been half-read: reopen to be sure

    def bulk_load(self, source: Path | str | bytes | BinaryIO, format: str, *,
                  graph: str | None = None) -> None:
        try:
            self.inner.bulk_load(source, format, graph=graph)
        finally:
            self._wrote()

    def named_graphs(self) -> list[str]:
        return self.inner.named_graphs()

    def has_graph(self, iri: str) -> bool:
        return self.inner.has_graph(iri)

    def triple_count(self, graph: str | None = None) -> int:
        return self.inner.triple_count(graph)

    def dump(self, format: str, graph: str | None = None) -> bytes:
        return self.inner.dump(format, graph)

    def describe(self) -> str:
        return f"{self.inner.describe()}, queries in up to {self.pool.limits.workers} workers"

    def close(self) -> None:
        """Stop the workers; the inner store belongs to its owner and stays open."""
        self.pool.close()


def _format_names(result_format: str | None) -> tuple[str, str]:
    """Format names the worker resolves on its side: results and graph serializations."""
    results, graph = ox.QueryResultsFormat.JSON, ox.RdfFormat.N_TRIPLES
    if result_format:
        try:
            wanted = results_format(result_format)
            results = wanted if wanted in READABLE_RESULTS else results
        except ValueError:
            pass
        try:
            graph = rdf_format(result_format)
        except ValueError:
            pass
    return _name(ox.QueryResultsFormat, results), _name(ox.RdfFormat, graph)


def _name(kind: type, value: object) -> str:
    return next(n for n in dir(kind) if not n.startswith("_") and getattr(kind, n) == value)
