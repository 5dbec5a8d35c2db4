"""Loading an uploaded report without holding the write lock while it is read and checked.

Extraction, matching against the known measures, building the graph and the SHACL check
take seconds for a large report and need only reads. They run outside the lock, against
the store as it is; what they produce is one SPARQL Update. Only that write takes the lock.
If another write got through meanwhile (the lock's generation moved), the preparation is
done again under the lock, so the matching always sees the store it writes to.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from extractor import ExtractOptions
from plankg.app import Plankg
from store import GraphStore, QueryResult
from store.load import LoadReport, load_record

from .context import WriteGate

log = logging.getLogger(__name__)


class _Prepared(GraphStore):
    """Reads go to the store; the one update a load would send is kept, not sent."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.update_text: str | None = None

    def query(self, sparql: str, *, timeout: float | None = None,
              result_format: str | None = None, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None) -> QueryResult:
        return self.store.query(sparql, timeout=timeout, result_format=result_format,
                                default_graph=default_graph, named_graphs=named_graphs)

    def update(self, sparql: str) -> None:
        if self.update_text is not None:
            raise RuntimeError("a load sends one update request")
        self.update_text = sparql

    def bulk_load(self, source: Path | str | bytes, format: str, *,
                  graph: str | None = None) -> None:
        raise RuntimeError("a load does not bulk-load")

    def named_graphs(self) -> list[str]:
        return self.store.named_graphs()

    def has_graph(self, iri: str) -> bool:
        return self.store.has_graph(iri)

    def triple_count(self, graph: str | None = None) -> int:
        return self.store.triple_count(graph)

    def dump(self, format: str, graph: str | None = None) -> bytes:
        return self.store.dump(format, graph)

    def describe(self) -> str:
        return f"{self.store.describe()} (preparing a load)"

    def close(self) -> None:
        pass


def load_upload(app: Plankg, store: GraphStore, gate: WriteGate, path: Path,
                options: ExtractOptions) -> LoadReport:
    """Extract, match, build and check outside ``gate``; write under it. PlanReadError if
    the file is refused; nothing is written then."""
    record = app.extractor.extract(path, options)
    base = app.config.base_iri

    def prepare() -> tuple[LoadReport, str | None]:
        prepared = _Prepared(store)
        report = load_record(prepared, record, base=base, check=app.check)
        return report, prepared.update_text

    seen = gate.generation
    report, update = prepare()
    with gate:
        if gate.generation != seen:
            log.info("the store changed while %s was prepared: preparing it again",
                     path.name)
            report, update = prepare()
        if update is not None:
            store.update(update)
    return report
