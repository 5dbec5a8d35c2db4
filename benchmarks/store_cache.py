"""Benchmark stores of a given size, built once and kept on disk, keyed by what made them.

A store of N triples is: a few extracted towns (benchmarks/dataset.py; ``originals``) and as
many renamed clones of them (benchmarks/clones.py) as N needs. The clones are rendered by a
child process straight into the bulk loader's input (a pipe), so making the data and
loading it overlap on the two cores and no N-Quads file of gigabytes is written. Then the
area × status and name counts (what load_record keeps) are written, summed from the
templates (benchmarks/clone_counts.py), and the store is compacted (``optimize``). Each
step is timed, in wall and CPU seconds, into ``meta.json`` beside the store.

The cache key is a hash of the size, the town spec, the base IRI, the number of originals
and the originals' own N-Quads (so new extraction code makes new stores). Runs never write
into a cached store: ``checkout`` makes a RocksDB checkpoint of it (hard links, seconds)
that the run may change and delete.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .clone_counts import clone_counts
from .dataset import CACHE, PoolSpec, TownQuads, build_town

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
STORES = CACHE / "stores"
FORMAT_VERSION = 2  # bump when what goes into a store changes beyond its inputs


@dataclass
class BuiltStore:
    path: Path
    triples: int
    towns: int
    steps: dict[str, float]  # seconds per build step; empty when taken from the cache
    cached: bool

    cpu: dict[str, float]  # CPU seconds of the steps that measure it
    load_average: float = 0.0  # the machine's, over the build (1-minute, start and end)

    @property
    def build_seconds(self) -> float:
        return sum(self.steps.values())


def _originals(spec: PoolSpec, base: str, count: int, workers: int) -> list[TownQuads]:
    if all((spec.folder / "nq" / f"{i}.json").exists() for i in range(count)):
        return [build_town(i, spec, base) for i in range(count)]
    with mp.get_context("spawn").Pool(workers) as pool:
        return pool.starmap(build_town, [(i, spec, base) for i in range(count)])


def _key(target: int, spec: PoolSpec, base: str, sources: list[TownQuads], towns: int) -> str:
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, target, towns, base, spec.rows_per_doc,
                                        spec.reports, spec.plans, spec.seed]).encode())
    for town in sources:
        digest.update(town.path.read_bytes())
    return digest.hexdigest()[:16]


def built_store(target: int, spec: PoolSpec, base: str, *, originals: int = 8,
                workers: int = 2) -> BuiltStore:
    """A store of about ``target`` triples (cached); ``target`` 0 gives an empty one."""
    from .synth import town_name

    started = time.perf_counter()
    sources = _originals(spec, base, originals, workers) if target else []
    extract_s = time.perf_counter() - started
    per_town = sum(t.quads for t in sources) / len(sources) if sources else 1
    towns = math.ceil(target / per_town) if target else 0
    sources = sources[:towns]
    folder = STORES / _key(target, spec, base, sources, towns)
    meta = folder / "meta.json"
    if meta.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return BuiltStore(folder / "store", info["triples"], info["towns"], {}, True, {})
    if folder.exists():  # a build that did not finish
        shutil.rmtree(folder)
    steps = {"extracting the original towns (not cached)": extract_s} if extract_s > 1 else {}
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    cpu: dict[str, float] = {}
    load_before = os.getloadavg()[0]
    triples = _build(building / "store", sources,
                     [town_name(t.index, spec.seed) for t in sources], towns, base, steps, cpu)
    load = (load_before + os.getloadavg()[0]) / 2
    meta_text = json.dumps({"triples": triples, "towns": towns, "steps": steps, "cpu": cpu,
                            "load_average": load})
    (building / "meta.json").write_text(meta_text, encoding="utf-8")
    building.rename(folder)
    log.info("built a store of %s triples in %.0f s: %s (CPU %s)", f"{triples:,}",
             sum(steps.values()), steps, cpu)
    return BuiltStore(folder / "store", triples, towns, steps, False, cpu, load)


def _build(path: Path, sources: list[TownQuads], town_names: list[str], towns: int, base: str,
           steps: dict[str, float], cpu: dict[str, float]) -> int:
    from store import LocalStore, counts, names

    store = LocalStore(path)
    try:
        if towns:
            command = [sys.executable, "-m", "benchmarks.clones",
                       "--clones", str(towns - len(sources))]
            for town, name in zip(sources, town_names, strict=True):
                command += ["--source", f"{town.path}:{name}"]
            t0 = time.perf_counter()
            c0 = _cpu()
            with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE) as child:
                store.bulk_load(child.stdout, "nquads")
            if child.returncode:
                raise RuntimeError(f"rendering the clones failed ({child.returncode})")
            steps["rendering clones + bulk_load (one stream)"] = time.perf_counter() - t0
            # CPU of this process's threads and of the renderer: on a shared machine the
            # wall clock also counts the time other processes held the cores.
            cpu["rendering clones + bulk_load (one stream)"] = _cpu() - c0
            # The count graphs from the templates, not from whole-store queries (which
            # also needed the compaction first): benchmarks/clone_counts.py.
            t0, c0 = time.perf_counter(), _cpu()
            status, people = clone_counts([(t.path.read_bytes(), name) for t, name
                                           in zip(sources, town_names, strict=True)],
                                          towns - len(sources), base)
            # Written as store.counts and store.names write their rebuilds.
            store.update(counts._rebuild_update(base, status))
            store.update(names._rebuild_update(base, people))
            step = "count graphs summed from the templates (benchmarks/clone_counts.py)"
            steps[step], cpu[step] = time.perf_counter() - t0, _cpu() - c0
            # Still needed: each million quads of a bulk load is a sorted run of its own
            # (10 at 10 M); a store of 1 M made of 10 runs answered the whole-store
            # grouping 3x and "who, first page" 2x slower before it than after.
            t0, c0 = time.perf_counter(), _cpu()
            store.optimize()
            step = "LocalStore.optimize (compaction)"
            steps[step], cpu[step] = time.perf_counter() - t0, _cpu() - c0
        return store.triple_count()
    finally:
        store.close()


def _cpu() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def checkout(built: BuiltStore, target: Path) -> Path:
    """A private, writable copy of a cached store: a checkpoint (hard-linked files)."""
    import pyoxigraph as ox

    target.parent.mkdir(parents=True, exist_ok=True)
    source = ox.Store(str(built.path))
    try:
        source.backup(str(target))
    finally:
        del source
    return target
