"""Loading an uploaded report without holding the write lock while it is read and checked.

Extraction, matching against the known measures, building the graph and the SHACL check
take seconds for a large report and need only reads (``plankg.loading.prepare_record``).
They run outside the lock, against the store as it is; what they produce is one SPARQL
Update. Only that write takes the lock. If another write got through meanwhile (the lock's
generation moved), the preparation is done again under the lock, so the matching always
sees the store it writes to.
"""

from __future__ import annotations

import logging
from pathlib import Path

from extractor import ExtractOptions
from plankg.app import Plankg
from plankg.loading import LoadReport, prepare_record, written
from store import GraphStore

from .context import WriteGate

log = logging.getLogger(__name__)


def load_upload(app: Plankg, store: GraphStore, gate: WriteGate, path: Path,
                options: ExtractOptions) -> LoadReport:
    """Extract, match, build and check outside ``gate``; write under it. PlanReadError if
    the file is refused; nothing is written then."""
    record = app.extractor.extract(path, options)

    def prepare():
        return prepare_record(store, record, base=app.config.base_iri,
                              references=app.references)

    seen = gate.generation
    prepared = prepare()
    with gate:
        if gate.generation != seen:
            log.info("the store changed while %s was prepared: preparing it again",
                     path.name)
            prepared = prepare()
        if prepared.update is not None:
            store.update(prepared.update)
            written(store, prepared.report, app.search)
    return prepared.report
