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
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractor.graph.build import DEFAULT_BASE

from .companions import companions
from .dataset import CACHE, PoolSpec
from .store_cache import BuiltStore, built_store, checkout
from .store_http import ask_http, serving
from .store_rdflib import run_rdflib
from .store_timing import Series, ask_store, goal_table
from .synth import FREQUENT_FAMILY_NAME, town_documents

RESULTS = Path(__file__).resolve().parent / "results"
SAMPLE_FIRST_TOWN = 1_000_000  # sample towns never overlap the bulk pool
BUILD_GOAL_S = 600.0  # issue 15: the 10 M store in ten minutes
BUILD_GOAL_TRIPLES = 10_000_000
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
    per_report: list[tuple[float, float, float]] = field(default_factory=list)  # wall, CPU, raw
    goals: list[tuple[Series, Series]] = field(default_factory=list)
    http: list[Series] = field(default_factory=list)


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
    parser.add_argument("--originals", type=int, default=8,
                        help="extract only this many towns; the rest are renamed clones")
    parser.add_argument("--rdflib-max-quads", type=int, default=2_000_000,
                        help="hand rdflib at most this many quads of the store")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--name", default=FREQUENT_FAMILY_NAME, help="who is asked about")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--validate-reports", type=int, default=10,
                        help="reports for the validation figures (bench_validate); 0: none")
    parser.add_argument("--extract-towns", type=int, default=10,
                        help="towns for the extraction figures (bench_extract); 0: none")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="folder for the Markdown results")
    return parser.parse_args(argv)


@dataclass
class Run:
    """What one benchmark run carries from size to size."""

    args: argparse.Namespace
    extractor: object
    run_dir: Path
    spec: PoolSpec
    store: object = None
    started: float = field(default_factory=time.perf_counter)
    next_sample: int = SAMPLE_FIRST_TOWN
    built_s: float = 0.0


def open_size(run: Run, result: SizeResult) -> Path:
    """The store of this size: built once and cached (benchmarks/store_cache.py), then a
    private checkpoint of it for this run, which the sample loads may change."""
    from store import LocalStore

    t0 = time.perf_counter()
    built: BuiltStore = built_store(result.target, run.spec, DEFAULT_BASE,
                                    originals=run.args.originals, workers=run.args.workers)
    took = time.perf_counter() - t0
    if built.cached:
        result.loads.append(("plankg store from the cache (benchmarks/store_cache.py)",
                             built.triples, took, f"{built.towns} towns; built earlier"))
    else:
        for step, seconds in built.steps.items():
            cpu = built.cpu.get(step)
            whose = " (all threads and the renderer)" if "bulk_load" in step else ""
            result.loads.append((f"plankg {step}", built.triples, seconds,
                                 f"CPU {cpu:.1f} s{whose}" if cpu is not None else ""))
        millions = max(built.triples, 1) / 1e6
        cpu_s = sum(built.cpu.values())
        per_million = built.build_seconds / millions
        result.loads.append(("plankg whole build of the store", built.triples,
                             built.build_seconds, f"{_build_goal(result.target, built)}; "
                             f"CPU {cpu_s:.0f} s; per million triples {per_million:.0f} s "
                             f"wall, {cpu_s / millions:.0f} s CPU; load "
                             f"average {built.load_average:.1f}; {built.towns} towns "
                             f"({run.args.originals} extracted, the rest clones)"))
        run.built_s += built.build_seconds
    copy = run.run_dir / f"store-{result.target}"
    if built.triples:
        checkout(built, copy)
    run.store = LocalStore(copy)
    return copy


def _build_goal(target: int, built: BuiltStore) -> str:
    """The goal is for the 10 M store; a smaller one from 1 M on is extrapolated to it at
    its own rate per triple (the compaction grows a little faster than that)."""
    if target >= BUILD_GOAL_TRIPLES:
        verdict = "met" if built.build_seconds <= BUILD_GOAL_S else "not met"
        return f"goal ≤ {BUILD_GOAL_S:g} s: {verdict}"
    if target < 1_000_000:
        return f"goal ≤ {BUILD_GOAL_S:g} s at 10 M (not judged at this size)"
    at_goal = built.build_seconds * BUILD_GOAL_TRIPLES / max(built.triples, 1)
    return (f"goal ≤ {BUILD_GOAL_S:g} s at 10 M: ~{at_goal:.0f} s at this rate "
            f"({'met' if at_goal <= BUILD_GOAL_S else 'not met'}, extrapolated)")


def load_sample(run: Run, result: SizeResult) -> str:
    """The real load path (plankg.loading), against a store of about this size; returns
    the slug of a sample town."""
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
        t1, c1 = time.perf_counter(), time.process_time()
        report = load_record(run.store, record, base=DEFAULT_BASE)
        wall, cpu = time.perf_counter() - t1, time.process_time() - c1
        result.per_report.append((wall, cpu, _raw_write(run.store, report.document)))
        shacl_s += report.timings.get("validate", 0.0)
        load_s += wall
        extract_s += t1 - t0
        triples += report.triples
    result.loads.append(("plankg loading.load_record (SHACL check on)", triples, load_s,
                         f"{len(docs)} reports; of the time SHACL check {shacl_s:.1f} s; "
                         f"extraction apart: {extract_s:.1f} s"))
    from extractor.naming import slug

    return slug(docs[0].town)


def _raw_write(store, document: str) -> float:
    """The anchor for one load: the report's own quads written again straight through
    pyoxigraph (no reads, no checks, no history): what the write alone costs."""
    import pyoxigraph as ox

    data = store.dump("nquads", graph=document)
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(document))
             for q in ox.parse(data, ox.RdfFormat.N_QUADS)]
    t0 = time.perf_counter()
    store._store.extend(quads)
    return time.perf_counter() - t0


def measure_size(run: Run, target: int) -> SizeResult:
    args = run.args
    result = SizeResult(target)
    log.info("-- store of %s triples", f"{target:,}")
    copy = open_size(run, result)
    store = run.store
    try:
        town = load_sample(run, result)
        result.triples = store.triple_count()
        log.info("store holds %s triples; asking questions", f"{result.triples:,}")
        result.goals = ask_store(store, DEFAULT_BASE, args.name, town, args.runs,
                                 args.query_budget)
        result.queries = [ours for ours, _ in result.goals]
        dump = run.run_dir / f"dataset-{target}.nq"
        if not args.no_rdflib:
            _dump_capped(store, dump, args.rdflib_max_quads)
    finally:
        store.close()
        run.store = None
    if not args.no_http:  # the server opens the store itself: this process let go of it
        with serving(copy, run.run_dir / f"serve-{target}.log") as url:
            result.http = ask_http(url, args.name, town, args.runs, args.query_budget)
        result.queries += result.http
    if not args.no_rdflib:
        log.info("rdflib: loading %s (capped at %g s per phase)", dump.name, args.rdflib_limit)
        result.rdflib_load, series = run_rdflib(dump, DEFAULT_BASE, args.name, town,
                                                args.runs, args.rdflib_limit)
        result.queries += series
        dump.unlink()
    shutil.rmtree(copy, ignore_errors=True)
    return result


def _dump_capped(store, path: Path, limit: int) -> None:
    """The store's quads as N-Quads for rdflib, at most ``limit`` of them (rdflib parses
    ~5,000 a second here, so more would only fill the disk)."""
    import itertools

    import pyoxigraph as ox

    quads = itertools.islice(store._store.quads_for_pattern(None, None, None, None), limit)
    with open(path, "wb") as out:
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("benchmarks").setLevel(logging.INFO)
    from extractor import Extractor

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    CACHE.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=CACHE))
    args.results.mkdir(parents=True, exist_ok=True)
    results_file = args.results / f"store-{dt.datetime.now():%Y%m%d-%H%M%S}.md"
    spec = PoolSpec(args.rows_per_doc, args.reports, 1, args.seed)
    run = Run(args, Extractor(), run_dir, spec)
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
        if run.store is not None:
            run.store.close()
        shutil.rmtree(run_dir, ignore_errors=True)
    # Once, after the sizes: their own figures, not the store's (benchmarks/companions.py).
    extra = tuple(companions(args.validate_reports, args.extract_towns))
    text = report_text(results, args, time.perf_counter() - run.started, run.built_s, extra)
    print(text)
    results_file.write_text(text + "\n", encoding="utf-8")
    print(f"\nwritten to {results_file}")
    return 0


def report_text(results: list[SizeResult], args, total_s: float, built_s: float,
                extra: tuple[str, ...] = ()) -> str:
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
    lines += _marginal_and_goals(results)
    lines += extra
    lines += ["", f"Whole run: {total_s:.0f} s (of which building N-Quads not in the cache: "
              f"{built_s:.0f} s of worker time)."]
    return "\n".join(lines)


def _marginal_and_goals(results: list[SizeResult]) -> list[str]:
    lines = ["", "Marginal load of one report through load_record (extraction apart; median "
             "over the sample; anchor: the same quads written straight to pyoxigraph)", "",
             "| triples | reports | wall ms / report | CPU ms / report | goal | "
             "raw pyoxigraph write ms | plankg / raw |", "|---:|---:|---:|---:|---|---:|---:|"]
    for r in results:
        if r.per_report:
            wall, cpu, raw = (statistics.median(x) * 1000 for x in zip(*r.per_report,
                                                                       strict=True))
            lines.append(f"| {r.triples:,} | {len(r.per_report)} | {wall:,.0f} | {cpu:,.0f} "
                         f"| ≤ 100 ms: {'met' if wall <= 100 else 'not met'}"
                         f"{' (met in CPU time)' if wall > 100 >= cpu else ''} | {raw:,.1f} "
                         f"| {wall / raw:,.0f}x |")
    lines += ["", "Goals (p95 over the runs; HTTP through `plankg serve`, beside the same "
              "question in-process, its SPARQL replayed raw to pyoxigraph, and rdflib)", ""]
    rows = []
    for r in results:
        http = {s.name: s for s in r.http}
        rdf = {s.name: s for s in r.queries if s.engine.startswith("rdflib")}
        rows += [(r.triples, ours.name, http.get(ours.name), ours, raw, rdf.get(ours.name))
                 for ours, raw in r.goals]
    return lines + goal_table(rows)


if __name__ == "__main__":
    sys.exit(main())
