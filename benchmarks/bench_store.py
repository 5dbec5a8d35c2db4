"""Store load throughput and query latency at about 1 and 10 million triples.

plankg's store (LocalStore: Oxigraph on disk) is filled in two ways, as a big
installation would be:

- the real load path, ``plankg.loading.load_record`` with the SHACL check on, for the reports
  of a few sample towns (extracted first; extraction time is shown apart);
- ``LocalStore.bulk_load`` of pre-built N-Quads for the bulk: synthetic towns extracted
  with the German pipeline and built with ``build_dataset``, plus each town's
  ``graph/latest`` quads (benchmarks/dataset.py; cached under benchmarks/corpus/).

At each size the bulk fills the store to the size less what the sample will add, then the
sample goes through load_record, so the real path is timed against a store of that size.
Then two questions run ``--runs`` times each (stopping early after ``--query-budget``
seconds; the first, cold run counts too): ``store.queries.who`` for the family name
every synthetic town has, and ``store.queries.latest_status_by_area``. Times include decoding
the results into rows.

rdflib side by side: the store's content at that size is dumped to N-Quads and parsed
into an in-memory ``rdflib.Dataset`` in a fresh process; the same query text (the same
functions of store.queries, run through rdflib's own SPARQL engine) is timed there. Each
rdflib phase (load, each query's runs) is capped at ``--rdflib-limit`` seconds; a capped
phase prints "not reached within N s" with what it did reach.

    python -m benchmarks.bench_store --sizes 1e6,1e7 --rdflib-limit 60

Results (Markdown) go to stdout and benchmarks/results/store-<time>.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractor.graph.build import DEFAULT_BASE

from .dataset import CACHE, PoolSpec, towns
from .store_rdflib import run_rdflib
from .store_timing import Series, ask_store
from .synth import FREQUENT_FAMILY_NAME, town_documents

RESULTS = Path(__file__).resolve().parent / "results"
SAMPLE_FIRST_TOWN = 1_000_000  # sample towns never overlap the bulk pool
log = logging.getLogger("benchmarks.bench_store")


def parse_size(text: str) -> int:
    return int(float(text))


# -- plankg side --------------------------------------------------------------------------
@dataclass
class SizeResult:
    target: int
    triples: int = 0
    reached: bool = True
    loads: list[tuple[str, int, float, str]] = field(default_factory=list)
    queries: list[Series] = field(default_factory=list)
    rdflib_load: Series | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_store",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e6,1e7", help="triple counts, comma-separated")
    parser.add_argument("--rdflib-limit", type=float, default=60.0,
                        help="seconds per rdflib phase (load; each question's runs)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--query-budget", type=float, default=60.0,
                        help="stop a plankg question's runs after this many seconds")
    parser.add_argument("--sample-towns", type=int, default=2,
                        help="towns whose reports go through load_record at each size")
    parser.add_argument("--rows-per-doc", type=int, default=27)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build-deadline", type=float, default=900.0,
                        help="stop building N-Quads after this many seconds of the run")
    parser.add_argument("--name", default=FREQUENT_FAMILY_NAME, help="who is asked about")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="folder for the Markdown results")
    return parser.parse_args(argv)


@dataclass
class Run:
    """What one benchmark run carries from size to size."""

    args: argparse.Namespace
    store: object
    extractor: object
    pool: object
    run_dir: Path
    started: float = field(default_factory=time.perf_counter)
    next_sample: int = SAMPLE_FIRST_TOWN
    per_town: int | None = None
    built_s: float = 0.0


def fill_bulk(run: Run, result: SizeResult) -> None:
    """Bulk-load enough pre-built towns to leave room for the sample."""
    store, args = run.store, run.args
    have = store.triple_count()
    chosen, quads = [], 0
    sample_estimate = (run.per_town or 0) * args.sample_towns
    while have + quads + sample_estimate < result.target:
        if time.perf_counter() - run.started > args.build_deadline:
            result.reached = False
            break
        town = next(run.pool)
        chosen.append(town)
        quads += town.quads
        run.built_s += town.seconds
        run.per_town = run.per_town or town.quads
        sample_estimate = run.per_town * args.sample_towns
    if not chosen:
        return
    bulk_file = run.run_dir / f"bulk-{result.target}.nq"
    with open(bulk_file, "wb") as out:
        for town in chosen:
            with open(town.path, "rb") as part:
                shutil.copyfileobj(part, out)
    before = store.triple_count()
    t0 = time.perf_counter()
    store.bulk_load(bulk_file, "nquads")
    seconds = time.perf_counter() - t0
    added = store.triple_count() - before
    bulk_file.unlink()
    result.loads.append(("plankg LocalStore.bulk_load (N-Quads)", added, seconds,
                         f"{len(chosen)} towns"))
    log.info("bulk-loaded %s quads in %.1f s", f"{added:,}", seconds)


def load_sample(run: Run, result: SizeResult) -> None:
    """The real load path (plankg.loading), against a store of about this size."""
    from extractor import ExtractOptions
    from plankg.loading import load_record

    args = run.args
    docs = []
    for _ in range(args.sample_towns):
        docs += town_documents(run.next_sample, run.run_dir / "sample", seed=args.seed,
                               rows_per_doc=args.rows_per_doc, reports=args.reports)
        run.next_sample += 1
    docs.sort(key=lambda d: (d.plan_key, d.status_date))
    extract_s = load_s = shacl_s = 0.0
    triples = 0
    for doc in docs:
        t0 = time.perf_counter()
        record = run.extractor.extract(run.run_dir / "sample" / doc.path,
                                       ExtractOptions(municipality=doc.town))
        t1 = time.perf_counter()
        report = load_record(run.store, record, base=DEFAULT_BASE)
        shacl_s += report.timings.get("validate", 0.0)
        load_s += time.perf_counter() - t1
        extract_s += t1 - t0
        triples += report.triples
    result.loads.append(("plankg loading.load_record (SHACL check on)", triples, load_s,
                         f"{len(docs)} reports; of the time SHACL check {shacl_s:.1f} s; "
                         f"extraction apart: {extract_s:.1f} s"))


def measure_size(run: Run, target: int) -> SizeResult:
    args, store = run.args, run.store
    result = SizeResult(target)
    log.info("-- filling to %s triples", f"{target:,}")
    fill_bulk(run, result)
    load_sample(run, result)
    result.triples = store.triple_count()
    result.reached = result.reached and result.triples >= 0.9 * target
    log.info("store holds %s triples; asking questions", f"{result.triples:,}")
    result.queries = ask_store(store, DEFAULT_BASE, args.name, args.runs, args.query_budget)
    if not args.no_rdflib:
        dump = run.run_dir / f"dataset-{target}.nq"
        dump.write_bytes(store.dump("nquads"))
        log.info("rdflib: loading %s (capped at %g s per phase)", dump.name, args.rdflib_limit)
        result.rdflib_load, series = run_rdflib(dump, DEFAULT_BASE, args.name, args.runs,
                                                args.rdflib_limit)
        result.queries += series
        dump.unlink()
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("benchmarks").setLevel(logging.INFO)
    from extractor import Extractor
    from store import LocalStore

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    CACHE.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=CACHE))
    args.results.mkdir(parents=True, exist_ok=True)
    results_file = args.results / f"store-{dt.datetime.now():%Y%m%d-%H%M%S}.md"
    spec = PoolSpec(args.rows_per_doc, args.reports, 1, args.seed)
    run = Run(args, LocalStore(run_dir / "store"), Extractor(),
              towns(spec, DEFAULT_BASE, workers=args.workers), run_dir)
    results: list[SizeResult] = []
    try:
        for target in sizes:
            results.append(measure_size(run, target))
            # Kept after every size, so a run stopped later still leaves its figures.
            partial = report_text(results, args, time.perf_counter() - run.started,
                                  run.built_s)
            results_file.write_text(partial + "\n\n(partial: sizes done so far)\n",
                                    encoding="utf-8")
            log.info("figures so far in %s", results_file)
    finally:
        run.pool.close()
        run.store.close()
        del run.store
        shutil.rmtree(run_dir, ignore_errors=True)
    text = report_text(results, args, time.perf_counter() - run.started, run.built_s)
    print(text)
    results_file.write_text(text + "\n", encoding="utf-8")
    print(f"\nwritten to {results_file}")
    return 0


def report_text(results: list[SizeResult], args, total_s: float, built_s: float) -> str:
    lines = [f"Store benchmark: sizes {args.sizes}, {args.runs} runs per question "
             f"(plankg budget {args.query_budget:g} s, rdflib limit {args.rdflib_limit:g} s "
             f"per phase), synthetic towns of {args.reports} reports x {args.rows_per_doc} rows "
             f"(seed {args.seed}); {sys.platform}, python {sys.version.split()[0]}", "",
             "Load", "",
             "| target | engine / path | triples | s | triples/s | note |",
             "|---:|---|---:|---:|---:|---|"]
    for r in results:
        for label, triples, seconds, note in r.loads:
            rate = f"{triples / seconds:,.0f}" if seconds else ""
            lines.append(f"| {r.target:,} | {label} | {triples:,} | {seconds:.1f} | {rate} "
                         f"| {note} |")
        if r.rdflib_load is not None:
            load = r.rdflib_load
            if load.times:
                quads, seconds = load.rows or 0, load.times[0]
                note = (f"not reached within {args.rdflib_limit:g} s (reached {quads:,})"
                        if load.capped else "")
                lines.append(f"| {r.target:,} | rdflib Dataset.parse (N-Quads, in memory) "
                             f"| {quads:,} | {seconds:.1f} | {quads / seconds:,.0f} | {note} |")
            else:
                lines.append(f"| {r.target:,} | rdflib Dataset.parse | | | | failed |")
        if not r.reached:
            lines.append(f"| {r.target:,} | (target not reached: store holds {r.triples:,} "
                         f"triples when the build deadline passed) | | | | |")
    lines += ["", "Questions (median and p95 over the runs; ms)", "",
              "| target | triples in store | engine | question | runs | median ms | p95 ms "
              "| rows |", "|---:|---:|---|---|---|---:|---:|---:|"]
    for r in results:
        for s in r.queries:
            limit = args.rdflib_limit if s.engine.startswith("rdflib") else args.query_budget
            runs, median, p, rows = s.cell(limit)
            lines.append(f"| {r.target:,} | {r.triples:,} | {s.engine} | {s.name} | {runs} "
                         f"| {median} | {p} | {rows} |")
    lines += ["", f"Whole run: {total_s:.0f} s (of which building N-Quads not in the cache: "
              f"{built_s:.0f} s of worker time)."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
