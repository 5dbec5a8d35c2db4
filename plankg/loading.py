"""The one way a document enters the graph: extract → build → validate → match → write.

``plankg extract``, ``plankg load``, ``POST /api/documents`` and the benchmarks all go
through here, so a file gives the same graph, the same warnings and the same errors
whichever door it came in by. A later report of a plan keeps the IRIs of the measures
and agents already known (``extractor.graph.matching`` / ``.identity`` decide, the store
answers what is known), and nothing is written unless every step has passed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from extractor import ExtractOptions, Extractor, PlanDocumentRecord, PlanReadError
from extractor.graph import validate
from extractor.graph.build import build_graph, minter_for, status_iri
from extractor.graph.identity import AgentRegistry, registry_from_rows
from extractor.graph.matching import KnownMeasure, MeasureMatches, match_measures
from extractor.graph.terms import DocumentGraph
from extractor.references import References
from store import GraphStore, history

from .search import SearchIndex

log = logging.getLogger(__name__)


@dataclass
class Extraction:
    """One document extracted and built, not stored."""

    record: PlanDocumentRecord
    dataset: Dataset

    def summary(self) -> str:
        r = self.record
        agents = {(resp.agent.kind, resp.agent.name) for m in r.measures
                  for resp in m.responsibilities}
        timeframes = sum(1 for m in r.measures if m.timeframe and not m.timeframe.empty)
        statuses = sum(1 for m in r.measures if m.status and m.status.category != "Unknown")
        lines = [f"{r.path.name}: {len(r.measures)} measures, {len(agents)} actors, "
                 f"{timeframes} time frames, {statuses} statuses"
                 + (f" (status of {r.status_date.isoformat()})" if r.status_date else "")]
        lines += [f"  warning: {w}" for w in r.warnings]
        return "\n".join(lines)


@dataclass
class LoadReport:
    document: str
    source: str
    status: str  # "loaded" or "unchanged"
    measures: int = 0
    matched_exact: int = 0
    matched_identifier: int = 0
    matched_fuzzy: list[tuple[str, str, float]] = field(default_factory=list)
    new_measures: list[str] = field(default_factory=list)
    omitted_measures: list[str] = field(default_factory=list)
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started

    def as_dict(self) -> dict:
        return {
            "document": self.document, "source": self.source, "status": self.status,
            "measures": self.measures, "matched_exact": self.matched_exact,
            "matched_identifier": self.matched_identifier,
            "matched_fuzzy": [{"old": o, "new": n, "score": s} for o, n, s in self.matched_fuzzy],
            "new_measures": self.new_measures, "omitted_measures": self.omitted_measures,
            "triples": self.triples, "warnings": self.warnings,
        }

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.source}: already loaded as {self.document}, nothing changed"
        return (f"{self.source}: loaded {self.measures} measures ({self.triples} triples): "
                f"{self.matched_exact + self.matched_identifier} known, "
                f"{len(self.matched_fuzzy)} matched with edits, "
                f"{len(self.new_measures)} new, {len(self.omitted_measures)} no longer mentioned")


def check(record: PlanDocumentRecord, graph: DocumentGraph) -> None:
    """Raise PlanReadError if the document's graph fails the SHACL shapes."""
    report = validate(graph)
    if not report:
        log.debug("SHACL report for %s:\n%s", record.path, report.text)
        raise PlanReadError(record.path, "the extracted graph fails the shapes: "
                            + (report.describe() or "see the SHACL report"))


def extract_document(extractor: Extractor, path: str | Path, options: ExtractOptions | None,
                     *, base: str, references: References | None = None,
                     validate: bool = True) -> Extraction:
    """Extract one document and build its graph on its own (no store)."""
    record = extractor.extract(path, options)
    graph = build_graph(record, base=base, references=references)
    if validate:
        check(record, graph)
    return Extraction(record, graph.to_dataset())


def load_document(store: GraphStore, extractor: Extractor, path: str | Path,
                  options: ExtractOptions | None, *, base: str,
                  references: References | None = None,
                  index: SearchIndex | None = None) -> LoadReport:
    """Extract, validate and store one report; nothing is written if any step fails."""
    record = extractor.extract(path, options)
    return load_record(store, record, base=base, references=references, index=index)


def load_record(store: GraphStore, record: PlanDocumentRecord, *, base: str,
                references: References | None = None, validate: bool = True,
                index: SearchIndex | None = None) -> LoadReport:
    """Write one extracted report, continuing what the store knows of its plan and town."""
    prepared = prepare_record(store, record, base=base, references=references,
                              validate=validate)
    if prepared.update is not None:
        with prepared.report.timed("write"):
            store.update(prepared.update)
        log.info(prepared.report.summary())
        written(store, prepared.report, index)
    return prepared.report


def written(store: GraphStore, report: LoadReport, index: SearchIndex | None) -> None:
    """What follows every store write of a report: its measures into the search index.
    The index is derived data, so a failure here is logged, not raised: the report is
    stored, and ``plankg reindex`` (or the next search) catches up."""
    if index is None:
        return
    with report.timed("index"):
        try:
            index.index_documents(store, [report.document])
        except Exception:  # sqlite3 or store errors: the load itself has succeeded
            log.exception("indexing %s for search failed", report.document)


@dataclass
class PreparedLoad:
    """A report matched, built and checked against the store as it was: the one update
    that writes it (None: the document is already stored)."""

    report: LoadReport
    update: str | None


def prepare_record(store: GraphStore, record: PlanDocumentRecord, *, base: str,
                   references: References | None = None, validate: bool = True
                   ) -> PreparedLoad:
    """Everything a load does but the write: only reads, so it needs no write lock."""
    mint = minter_for(record, base)
    doc = str(mint.document(record.sha256))
    report = LoadReport(doc, record.path.name, "unchanged", measures=len(record.measures),
                        warnings=list(record.warnings))
    if store.has_graph(doc):
        return PreparedLoad(report, None)
    report.status = "loaded"
    with report.timed("match"):
        known = [KnownMeasure(r["m"], r["title"], r["goalTitle"], r.get("id"))
                 for r in history.known_measures(store, str(mint.plan()))]
        matches = match_measures(record, known, mint)
        registry = _registry(store, base, record)
    with report.timed("build"):
        graph = build_graph(record, base=base, registry=registry, measure_iris=matches.iris,
                            references=references)
        matches.annotate(graph)
    if validate:
        with report.timed("validate"):
            check(record, graph)
    # Omitted measures are described in earlier reports' graphs, so they are named only
    # after the shapes have checked this report on its own.
    matches.note_omissions(graph)
    _fill(report, matches)
    with report.timed("prepare write"):
        update, report.triples = history.report_update(
            store, graph, base, _observations(record, matches, base))
    log.debug("%s: seconds per step %s", report.source, report.timings)
    return PreparedLoad(report, update)


def _registry(store: GraphStore, base: str, record: PlanDocumentRecord) -> AgentRegistry:
    """The town's agents already in the store, read from the town's documents only."""
    prefix = AgentRegistry(base, record.municipality).prefix
    place = str(minter_for(record, base).place()) if record.municipality else None
    rows = history.known_agents(store, place=place, prefix=prefix)
    return registry_from_rows(base, record.municipality, rows)


def _observations(record: PlanDocumentRecord, matches: MeasureMatches,
                  base: str) -> history.Observations:
    """Measure -> the current StatusObservation this report adds for it, and its date."""
    found: history.Observations = {}
    for i, m in enumerate(record.measures):
        date = m.status_date or record.status_date  # None: the observation is undated
        if m.status is not None:
            found[matches.iris[i]] = (status_iri(base, matches.iris[i], record.sha256), date)
    return found


def _fill(report: LoadReport, matches: MeasureMatches) -> None:
    report.matched_exact = matches.exact
    report.matched_identifier = matches.identifier
    report.matched_fuzzy = matches.fuzzy
    # The matcher lists new measures only against known ones; on a plan's first report
    # every measure is new, and the summary should say so ("27 new", not "0 new").
    first = not (matches.exact or matches.identifier or matches.fuzzy or matches.new
                 or matches.omitted)
    report.new_measures = ([str(i) for _, i in sorted(matches.iris.items())] if first
                           else matches.new)
    report.omitted_measures = matches.omitted
