"""The embedded backend: an Oxigraph (RocksDB) store in a local directory, or in memory.

Atomicity: every ``update`` call is one pyoxigraph ``Store.update``, which Oxigraph runs in a
single transaction, so ``add_dataset`` (DROP SILENT GRAPH … ; INSERT DATA …) is all-or-nothing.

Timeouts: pyoxigraph has no query timeout or cancellation in its Python API (the Rust API and
the HTTP server have one: oxigraph/oxigraph#1926). A query with a limit therefore runs in a
daemon thread (pyoxigraph releases the GIL while evaluating) and is *abandoned* when the limit
passes: the caller gets QueryTimeoutError at once, but the evaluation goes on burning one CPU
until it ends by itself, and it keeps the store open (and its directory locked) until then.

Locking: RocksDB lets one process open a directory for writing. A second opener gets
StoreBusyError; ``read_only=True`` opens without the lock (Oxigraph calls reading while another
process writes undefined behaviour, so use it for inspection, not alongside a live writer).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

import pyoxigraph as ox

from store.backend import (
    READABLE_RESULTS,
    GraphStore,
    QueryResult,
    capped_solutions,
    capped_triples,
    dump_format,
    rdf_format,
    results_format,
)
from store.errors import (
    BadRequestError,
    QueryTimeoutError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


def _is_lock_error(err: OSError) -> bool:
    text = str(err).lower()
    return "lock" in text and ("resource temporarily unavailable" in text or "lock hold" in text)


def _busy_message(path: Path) -> str:
    return (
        f"the store at {path} is in use by another process (for example a running "
        "`plankg serve`). Stop that process, or load through the running service with "
        "`--store http://HOST:PORT/sparql` and its write token."
    )


class LocalStore(GraphStore):
    """Oxigraph embedded in this process. ``path=None`` keeps the data in memory (tests)."""

    def __init__(
        self,
        path: Path | str | None,
        *,
        read_only: bool = False,
        union_default_graph: bool = False,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # Off by default so queries mean the same here as on a stock SPARQL server.
        self.union_default_graph = union_default_graph
        self._store: ox.Store | None = self._open()
        log.debug("opened %s", self.describe())

    def _open(self) -> ox.Store:
        if self.path is None:
            if self.read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            return ox.Store()
        try:
            if self.read_only:
                if not self.path.is_dir():
                    raise StoreError(f"no store at {self.path} to open read-only")
                return ox.Store.read_only(str(self.path))
            return ox.Store(str(self.path))
        except OSError as err:
            if _is_lock_error(err):
                raise StoreBusyError(_busy_message(self.path)) from err
            raise StoreError(f"cannot open the store at {self.path}: {err}") from err

    @property
    def _live(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.describe()} is closed")
        return self._store

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.describe()} is open read-only")
        return self._live

    def describe(self) -> str:
        where = "in memory" if self.path is None else f"at {self.path}"
        suffix = " (read-only)" if self.read_only else ""
        return f"oxigraph {where}{suffix}"

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
        store = self._live
        dataset = _dataset_options(default_graph, named_graphs)
        wanted = _format_hint(results_format, result_format)
        graph_wanted = _format_hint(rdf_format, result_format)

        def evaluate() -> QueryResult:
            try:
                result = store.query(
                    sparql, use_default_graph_as_union=self.union_default_graph, **dataset
                )
                if max_rows is not None and isinstance(result, ox.QueryTriples):
                    return capped_triples(result, max_rows)
                if max_rows is not None and isinstance(result, ox.QuerySolutions):
                    return capped_solutions([v.value for v in result.variables], result,
                                            max_rows)
                if isinstance(result, ox.QueryTriples):
                    fmt = graph_wanted or ox.RdfFormat.N_TRIPLES
                    return QueryResult(result.serialize(format=fmt), fmt)
                fmt = wanted if wanted in READABLE_RESULTS else ox.QueryResultsFormat.JSON
                return QueryResult(result.serialize(format=fmt), fmt)
            except SyntaxError as err:
                raise BadRequestError(f"SPARQL query error: {err}") from err
            except (OSError, RuntimeError) as err:
                raise StoreError(f"query failed on {self.describe()}: {err}") from err

        if timeout is None:
            return evaluate()
        return _run_with_deadline(evaluate, timeout, sparql)

    def update(self, sparql: str) -> None:
        store = self._writable()
        try:
            store.update(sparql)
        except SyntaxError as err:
            raise BadRequestError(f"SPARQL update error: {err}") from err
        except (OSError, RuntimeError, ValueError) as err:
            raise StoreError(f"update failed on {self.describe()}: {err}") from err

    def bulk_load(
        self, source: Path | str | bytes | BinaryIO, format: str, *, graph: str | None = None
    ) -> None:
        store = self._writable()
        fmt = rdf_format(format)
        target = ox.NamedNode(graph) if graph else None
        try:
            if isinstance(source, bytes) or hasattr(source, "read"):
                store.bulk_load(source, fmt, to_graph=target)
            else:
                store.bulk_load(path=str(source), format=fmt, to_graph=target)
        except SyntaxError as err:
            raise BadRequestError(f"invalid {fmt.name} data in {source!r:.80}: {err}") from err
        except OSError as err:
            raise StoreError(f"bulk load into {self.describe()} failed: {err}") from err

    def optimize(self) -> None:
        """Compact the on-disk indexes after bulk loads (queries ran 4x faster after it)."""
        try:
            self._writable().optimize()
        except OSError as err:
            raise StoreError(f"optimizing {self.describe()} failed: {err}") from err

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._live.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, iri: str) -> bool:
        return self._live.contains_named_graph(ox.NamedNode(iri))

    def triple_count(self, graph: str | None = None) -> int:
        store = self._live
        if graph is None:
            return len(store)
        return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump(self, format: str, graph: str | None = None) -> bytes:
        fmt = dump_format(format, graph)
        store = self._live
        if graph is None:
            return store.dump(format=fmt)
        triples = (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        )
        if fmt.supports_datasets:
            name = ox.NamedNode(graph)
            quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
            return ox.serialize(quads, format=fmt)
        return ox.serialize(triples, format=fmt)

    def flush(self) -> None:
        """Write what is only in memory and the log to the store's files, so that a
        read-only view opened next (a query worker's) reads files, not a long log."""
        try:
            self._writable().flush()
        except OSError as err:
            raise StoreError(f"flushing {self.describe()} failed: {err}") from err

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None and not self.read_only:
            try:
                store.flush()
            except OSError as err:
                log.warning("flushing %s failed: %s", self.describe(), err)
        # pyoxigraph has no close(): RocksDB is released when the last reference goes away.
        del store


def _dataset_options(
    default_graph: Sequence[str] | None, named_graphs: Sequence[str] | None
) -> dict[str, list[ox.NamedNode]]:
    options: dict[str, list[ox.NamedNode]] = {}
    try:
        if default_graph is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    except ValueError as err:
        raise BadRequestError(f"invalid graph IRI in the query dataset: {err}") from err
    return options


def _format_hint(resolve: Callable[[str], T], name: str | None) -> T | None:
    if not name:
        return None
    try:
        return resolve(name)
    except ValueError:
        return None


def _run_with_deadline(
    evaluate: Callable[[], QueryResult], timeout: float, sparql: str
) -> QueryResult:
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def work() -> None:
        try:
            outcome["result"] = evaluate()
        except BaseException as err:  # handed to the waiting thread
            outcome["error"] = err
        finally:
            finished.set()

    # A daemon thread, not an executor: an abandoned query must not block interpreter exit.
    threading.Thread(target=work, name="plankg-query", daemon=True).start()
    if not finished.wait(timeout):
        log.warning("abandoned a query after %.1fs (it keeps running): %.200s", timeout, sparql)
        raise QueryTimeoutError(f"query did not finish within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
