"""The one application object: configuration, the German pipeline and the store.

The command line and the web service both work through a :class:`Plankg`, so that a
document is extracted and loaded the same way whichever door it came in by.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Dataset

from extractor import ExtractOptions, Extractor, PlanDocumentRecord, PlanReadError
from extractor.graph import build_dataset, validate
from extractor.language.pipeline import load_pipeline
from store import GraphStore, open_store
from store.load import LoadReport, load_record

from .config import Config

log = logging.getLogger(__name__)


@dataclass
class Extraction:
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


class Plankg:
    def __init__(self, config: Config | None = None):
        self.config = config or Config.load()

    @cached_property
    def extractor(self) -> Extractor:
        nlp, info = load_pipeline(self.config.spacy_model)
        return Extractor(nlp, info)

    def extract(self, path: str | Path, options: ExtractOptions | None = None, *,
                validate: bool = True) -> Extraction:
        """Extract one document and build its graph; raise PlanReadError if it is invalid."""
        record = self.extractor.extract(path, options)
        dataset = build_dataset(record, base=self.config.base_iri)
        if validate:
            self.check(record, dataset)
        return Extraction(record, dataset)

    @cached_property
    def store(self) -> GraphStore:
        """Opened on first use: extraction alone never locks the store."""
        return open_store(self.config.store, token=self.config.store_token)

    def load(self, path: str | Path, options: ExtractOptions | None = None) -> LoadReport:
        """Extract, validate and store one report; nothing is written if any step fails."""
        return self.store_record(self.extractor.extract(path, options))

    def store_record(self, record: PlanDocumentRecord) -> LoadReport:
        """Validate and store one extracted report; nothing is written if the check fails."""
        return load_record(self.store, record, base=self.config.base_iri, check=self.check)

    def load_many(self, paths: list[Path], options: ExtractOptions | None = None, *,
                  jobs: int | None = None) -> Iterator[tuple[Path, LoadReport | PlanReadError]]:
        """Load files in the order given, extracting them in ``jobs`` processes."""
        from .parallel import default_jobs, extract_all

        jobs = default_jobs(len(paths)) if jobs is None else jobs
        local = self.extractor if jobs <= 1 else None
        for path, record in extract_all(paths, options, jobs=jobs, extractor=local,
                                        spacy_model=self.config.spacy_model):
            if isinstance(record, PlanReadError):
                yield path, record
                continue
            try:
                yield path, self.store_record(record)
            except PlanReadError as exc:
                yield path, exc

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]

    @staticmethod
    def check(record: PlanDocumentRecord, dataset: Dataset) -> None:
        report = validate(dataset)
        if not report:
            log.debug("SHACL report for %s:\n%s", record.path, report.text)
            first = report.messages[0] if report.messages else "see the SHACL report"
            raise PlanReadError(record.path, f"the extracted graph fails the shapes: {first}")
