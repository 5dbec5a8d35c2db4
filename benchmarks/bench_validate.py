"""SHACL validation per report: plankg's validator beside pyshacl, same shapes, same data.

Synthetic reports of ``--rows`` rows (benchmarks/synth.py) are extracted and built into
their named graphs once; then each graph is validated ``--runs`` times by

- plankg: ``extractor.graph.validate.validate`` of the graph as the load path builds it
  (a DocumentGraph, handed to pyshacl-turbo as N-Triples; shapes compiled once);
- the anchor: ``pyshacl.validate(data, shacl_graph=…, ont_graph=…, inference="none",
  advanced=True)`` of the same graph as an rdflib Dataset, the call plankg made before.

Both verdicts must agree on every report (the run fails otherwise). Wall time and CPU time
of this process are printed per report (median over all reports and runs) with the ratio.

    python -m benchmarks.bench_validate [--reports 10 --rows 30 --runs 3]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("benchmarks.bench_validate")
GOAL_MS = 20.0


def reports(count: int, rows: int, folder: Path) -> list:
    """``count`` synthetic reports as built graphs (one town per report: all cold)."""
    from extractor import ExtractOptions, Extractor
    from extractor.graph.build import build_graph

    from .synth import town_documents

    extractor = Extractor()
    built = []
    for town in range(count):
        (doc,) = town_documents(500_000 + town, folder, rows_per_doc=rows, reports=1)
        record = extractor.extract(folder / doc.path, ExtractOptions(municipality=doc.town))
        built.append(build_graph(record))
    return built


def timed(check: Callable, datasets: list, runs: int) -> tuple[list[float], list[float], list]:
    walls, cpus, verdicts = [], [], []
    for data in datasets:
        for _ in range(runs):
            w0, c0 = time.perf_counter(), time.process_time()
            verdict = check(data)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        verdicts.append(verdict)
    return walls, cpus, verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_validate",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("extractor").setLevel(logging.ERROR)  # synthetic-text warnings
    import pyshacl

    from extractor.graph.validate import validate
    from ontology import load_ontology, load_shapes

    with tempfile.TemporaryDirectory() as tmp:
        graphs = reports(args.reports, args.rows, Path(tmp))
    datasets = [g.to_dataset() for g in graphs]
    quads = statistics.median(len(g) for g in graphs)
    t0 = time.perf_counter()
    validate(graphs[0])  # compiles the shapes: a once-per-process cost, shown apart
    compile_s = time.perf_counter() - t0

    def anchor(data):
        return pyshacl.validate(data, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                inference="none", advanced=True, allow_warnings=True)[0]

    ours = timed(lambda g: validate(g).conforms, graphs, args.runs)
    theirs = timed(anchor, datasets, args.runs)
    if [bool(v) for v in ours[2]] != [bool(v) for v in theirs[2]]:
        print("verdicts differ between plankg and pyshacl", file=sys.stderr)
        return 1
    ms = [statistics.median(x) * 1000 for x in (ours[0], ours[1], theirs[0], theirs[1])]
    print(f"SHACL validation: {args.reports} synthetic reports x {args.rows} rows "
          f"(median {quads:.0f} quads each), {args.runs} runs each; verdicts agree "
          f"({sum(map(bool, ours[2]))} conform)\n")
    print("| engine | wall ms / report | CPU ms / report | goal |")
    print("|---|---:|---:|---|")
    print(f"| plankg (pyshacl-turbo, compiled once; first call {compile_s * 1000:.0f} ms) "
          f"| {ms[0]:.1f} | {ms[1]:.1f} | ≤ {GOAL_MS:g} ms: "
          f"{'met' if ms[0] <= GOAL_MS else 'not met'}"
          f"{' (met in CPU time)' if ms[0] > GOAL_MS >= ms[1] else ''} |")
    print(f"| anchor: pyshacl {pyshacl.__version__} | {ms[2]:.1f} | {ms[3]:.1f} | |")
    print(f"| ratio (pyshacl / plankg) | {ms[2] / ms[0]:.0f}x | {ms[3] / ms[1]:.0f}x | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
