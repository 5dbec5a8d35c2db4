"""Many files at once: extraction in worker processes, one writer that stores in order.

Extraction (reading, rows, the German pipeline) is CPU work without shared state, so it
spreads over processes; the store has one writer, so records come back to the parent and
are checked and written there, in the order the files were given (a plan's reports in
the order they were named). Each worker loads the pipeline once.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractor import ExtractOptions, Extractor, PlanDocumentRecord, PlanReadError

from .config import Config

log = logging.getLogger(__name__)
MIN_FILES_PER_WORKER = 4  # below this, loading another pipeline costs more than it saves
_worker: Extractor | None = None


def default_jobs(files: int) -> int:
    return max(1, min(os.cpu_count() or 1, files // MIN_FILES_PER_WORKER))


def _start(config: Config) -> None:
    global _worker
    from .app import Plankg

    logging.disable(logging.INFO)  # the parent logs what matters
    _worker = Plankg(config).extractor  # the same pipeline, limits and tables as the parent


def _extract(path: Path, options: ExtractOptions | None
             ) -> PlanDocumentRecord | tuple[str, str, int | None]:
    assert _worker is not None
    try:
        return _worker.extract(path, options)
    except PlanReadError as exc:  # sent back as plain values: exceptions pickle poorly
        return (exc.file, exc.reason, exc.row)


def extract_all(paths: list[Path], options: ExtractOptions | None, *, jobs: int,
                config: Config, extractor: Extractor | None
                ) -> Iterator[tuple[Path, PlanDocumentRecord | PlanReadError]]:
    """Each path with its record (or why it could not be read), in the order given;
    ``extractor`` serves when one process is enough."""
    if jobs <= 1 or len(paths) <= 1:
        local = extractor or Extractor()
        for path in paths:
            try:
                yield path, local.extract(path, options)
            except PlanReadError as exc:
                yield path, exc
        return
    log.info("extracting %d files in %d processes", len(paths), jobs)
    with ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn"), initializer=_start,
                             initargs=(config,)) as pool:
        for path, result in zip(paths, pool.map(_extract, paths, [options] * len(paths)),
                                strict=True):
            yield path, (PlanReadError(*result) if isinstance(result, tuple) else result)
