"""Pre-built N-Quads of synthetic towns, for filling a store to millions of triples.

One town at a time: its reports are written by benchmarks.synth, extracted with the
German pipeline (Extractor.extract), turned into named graphs with build_dataset (one
AgentRegistry per town, as the store would resolve agents), and the town's
``graph/latest`` quads are added: for every measure, ``pk:latestStatus`` points at the
observation of the newest report that gives it a status, which is what load_record
maintains. The N-Quads of each town are cached under benchmarks/corpus/ (gitignored), so
a second run only reads them.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
CACHE = Path(__file__).resolve().parent / "corpus"

_extractor = None  # one per worker process


@dataclass(frozen=True)
class PoolSpec:
    rows_per_doc: int = 27
    reports: int = 3
    plans: int = 1
    seed: int = 0

    @property
    def folder(self) -> Path:
        return CACHE / (f"pool-seed{self.seed}-r{self.rows_per_doc}-k{self.reports}"
                        f"-p{self.plans}")


@dataclass(frozen=True)
class TownQuads:
    index: int
    path: Path
    quads: int
    documents: int
    rows: int
    seconds: float  # 0 when read from the cache


def _init_worker() -> None:
    global _extractor
    logging.disable(logging.WARNING)  # extraction warnings are expected in synthetic text
    from extractor import Extractor

    _extractor = Extractor()


def build_town(index: int, spec: PoolSpec, base: str) -> TownQuads:
    """Extract and build one town's documents into ``nq/<index>.nq`` (cached)."""
    from extractor import ExtractOptions
    from extractor.graph.build import build_dataset
    from extractor.graph.identity import AgentRegistry
    from ontology import PK

    from .synth import town_documents

    folder = spec.folder
    target = folder / "nq" / f"{index}.nq"
    meta = target.with_suffix(".json")
    if meta.exists() and target.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return TownQuads(index, target, info["quads"], info["documents"], info["rows"], 0.0)
    started = time.perf_counter()
    global _extractor
    if _extractor is None:
        _init_worker()
    tsv = folder / "tsv" / str(index)
    docs = town_documents(index, tsv, rows_per_doc=spec.rows_per_doc, reports=spec.reports,
                          plans=spec.plans, seed=spec.seed)
    docs.sort(key=lambda d: (d.plan_key, d.status_date))
    registry = AgentRegistry(base, docs[0].town)
    latest: dict[str, tuple[str, str]] = {}  # measure -> (status date, observation)
    chunks: list[bytes] = []
    rows = 0
    for doc in docs:
        record = _extractor.extract(tsv / doc.path, ExtractOptions(municipality=doc.town))
        rows += len(record.measures)
        ds = build_dataset(record, base=base, registry=registry)
        chunks.append(ds.serialize(format="nquads", encoding="utf-8"))
        if record.status_date is None:
            continue
        day = record.status_date.isoformat()
        for measure, _p, obs, _g in ds.quads((None, PK.hasStatus, None, None)):
            if str(measure) not in latest or latest[str(measure)][0] <= day:
                latest[str(measure)] = (day, str(obs))
    latest_graph = f"{base}graph/latest"
    lines = [f"<{m}> <{PK.latestStatus}> <{obs}> <{latest_graph}> .\n"
             for m, (_day, obs) in sorted(latest.items())]
    chunks.append("".join(lines).encode("utf-8"))
    data = b"".join(chunks)
    quads = data.count(b"\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    meta.write_text(json.dumps({"quads": quads, "documents": len(docs), "rows": rows}),
                    encoding="utf-8")
    return TownQuads(index, target, quads, len(docs), rows, time.perf_counter() - started)


def towns(spec: PoolSpec, base: str, *, first: int = 0, workers: int = 2
          ) -> Iterator[TownQuads]:
    """Town after town from ``first`` on, built ``workers`` at a time; the caller stops.
    (Stores of millions of triples clone a few of these: benchmarks/store_cache.py.)"""
    ctx = mp.get_context("spawn")
    # Workers load the pipeline on their first uncached town only.
    with ctx.Pool(workers) as pool:
        index = first
        batch = 4 * workers
        while True:
            yield from pool.starmap(build_town, [(i, spec, base)
                                                 for i in range(index, index + batch)])
            index += batch
