"""Extraction speed of the German pipeline, per pipeline mode.

For every mode (rule-based, rule-based + HanTa, statistical if a model loads) a child
process of its own loads the pipeline, so each load time is a cold one, then times
``Extractor.extract`` (read + rows + language, not graph building):

- corpus, cold: a fresh Extractor on the real corpus file(s): every cell text is new.
- corpus, cached: the same Extractor on the same file(s) again: every cell is a cache hit.
- synthetic, cold: a fresh Extractor for every synthetic document, so no document profits
  from another's cells (worst case, all language work done).
- synthetic, realistic: one Extractor over all synthetic documents in date order, as
  ``plankg load`` does: later reports repeat most cells and hit the Extractor's cache.

Before the passes, one small unrelated synthetic document is extracted once (its time is
shown as "first extract"), so one-off first-call costs stay out of the cold figures.
Rows are measure rows; words are whitespace-separated words of the data cells (markup
removed). Every pass is timed in wall time and in CPU time of the process (the machine is
shared, so wall time also counts other processes' turns); with ``--repeat N`` each pass runs
N times and the fastest CPU run counts (later runs find HanTa's word analyses and other
per-text caches of the process warm, so 1, the default, is the strict figure).
Goals (issue 15): pipeline load ≤ 1 s, extraction ≥ 5,000 rows/s per core, cold documents
included. Anchor: the same documents read into rows alone
(``read_table`` + ``plan_rows``, no language), the ceiling any pipeline could reach.
Figures go to stdout and benchmarks/results/extract.md.

    python -m benchmarks.bench_extract [--towns 10 --rows-per-doc 27 --reports 3 --repeat 1]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
MODES = {
    "rule-based": {"statistical": False, "hanta": False},
    "rule-based+hanta": {"statistical": False, "hanta": True},
    "statistical": {"statistical": True, "hanta": False},
}
_TAG = re.compile(r"<[^>]+>")
GOAL_LOAD_S = 1.0
GOAL_ROWS_PER_S = 5_000


def words_in(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return sum(len(_TAG.sub(" ", line).split()) for line in lines)


def _measure_mode(mode: str, corpus: list[Path], synthetic: list[tuple[Path, str]],
                  warmup: list[tuple[Path, str]], repeat: int = 1) -> dict:
    """Runs in the child process: load the pipeline, time the passes."""
    import spacy  # noqa: F401  (imported before the clock starts: the same for every mode)

    from extractor import ExtractOptions, Extractor
    from extractor.language.pipeline import load_pipeline

    started, cpu = time.perf_counter(), time.process_time()
    nlp, info = load_pipeline(**MODES[mode])
    load_s, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    if mode == "statistical" and info.mode != "statistical":
        return {"mode": mode, "loaded": False, "name": info.name}
    result = {"mode": mode, "loaded": True, "name": info.name, "load_s": load_s,
              "load_cpu": load_cpu, "passes": []}
    # First calls pay one-off costs (lazy tables, regex caches); keep them out of the figures.
    first = time.perf_counter()
    for path, town in warmup:
        Extractor(nlp, info).extract(path, ExtractOptions(municipality=town))
    result["first_call_s"] = time.perf_counter() - first

    def timed(label: str, jobs: list[tuple[Path, str | None]], fresh_each: bool,
              extractor: Extractor | None = None, times: int = repeat) -> Extractor:
        best = None
        for _ in range(times):
            current = extractor or Extractor(nlp, info)
            rows = 0
            t0, c0 = time.perf_counter(), time.process_time()
            for path, town in jobs:
                if fresh_each:
                    current = Extractor(nlp, info)
                record = current.extract(path, ExtractOptions(municipality=town))
                rows += len(record.measures)
            run = (time.process_time() - c0, time.perf_counter() - t0, rows, current)
            best = run if best is None or run[0] < best[0] else best
        cpu_s, seconds, rows, current = best
        words = sum(words_in(p) for p, _ in jobs)
        result["passes"].append({"pass": label, "docs": len(jobs), "rows": rows,
                                 "words": words, "seconds": seconds, "cpu": cpu_s,
                                 "cold": "cold" in label})
        return current

    corpus_jobs = [(p, None) for p in corpus]
    warm = timed("corpus, cold (fresh Extractor)", corpus_jobs, fresh_each=False)
    timed("corpus, cached (same Extractor again)", corpus_jobs, fresh_each=False,
          extractor=warm)
    synth_jobs = [(p, town) for p, town in synthetic]
    timed("synthetic, cold (fresh Extractor per document)", synth_jobs, fresh_each=True)
    timed("synthetic, realistic (one Extractor, reports in order)", synth_jobs,
          fresh_each=False)
    return result


def _rows_alone(corpus: list[Path], synthetic: list[tuple[Path, str]], repeat: int) -> dict:
    """The anchor: read + rows without the language layer, in this process."""
    from extractor.read import read_table
    from extractor.read.limits import ReadLimits
    from extractor.rows import plan_rows

    paths = [*corpus, *(p for p, _ in synthetic)]
    plan_rows(read_table(paths[-1], ReadLimits()), None, None)  # imports the readers
    best = None
    for _ in range(repeat):
        rows, t0, c0 = 0, time.perf_counter(), time.process_time()
        for path in paths:
            rows += len(plan_rows(read_table(path, ReadLimits()), None, None).rows)
        run = (time.process_time() - c0, time.perf_counter() - t0, rows)
        best = run if best is None or run[0] < best[0] else best
    return {"docs": len(paths), "cpu": best[0], "seconds": best[1], "rows": best[2]}


def _child(args: argparse.Namespace) -> None:
    spec = json.loads(Path(args.child).read_text(encoding="utf-8"))
    out = _measure_mode(spec["mode"], [Path(p) for p in spec["corpus"]],
                        [(Path(p), t) for p, t in spec["synthetic"]],
                        [(Path(p), t) for p, t in spec["warmup"]], spec.get("repeat", 1))
    print("RESULT " + json.dumps(out))


def _run_mode(mode: str, spec_path: Path, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_extract", "--child", str(spec_path)]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"mode": mode, "loaded": False, "error": f"not finished within {timeout:g} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"mode": mode, "loaded": False, "error": done.stderr.strip().splitlines()[-1:]}


def _goal(value: float, goal: float, *, at_most: bool) -> str:
    met = value <= goal if at_most else value >= goal
    return "met" if met else "not met"


def table(results: list[dict], anchor: dict | None = None) -> str:
    lines = ["| pipeline | load s wall (CPU) | pass | docs | rows | wall s | CPU s "
             "| rows/s (CPU) | words/s (CPU) | goal |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        if not r.get("loaded"):
            why = r.get("error") or f"no statistical German model loads (fell back to {r['name']})"
            lines.append(f"| {r['mode']} | – | {why} | | | | | | | |")
            continue
        for i, p in enumerate(r["passes"]):
            cpu = max(p["cpu"], 1e-9)
            load = goal = ""
            if i == 0:
                load = f"{r['load_s']:.2f} ({r['load_cpu']:.2f})"
                goal = (f"load ≤ {GOAL_LOAD_S:g} s: "
                        f"{_goal(r['load_cpu'], GOAL_LOAD_S, at_most=True)} (CPU); ")
            if p["cold"]:
                goal += (f"≥ {GOAL_ROWS_PER_S:,} rows/s: "
                         f"{_goal(p['rows'] / cpu, GOAL_ROWS_PER_S, at_most=False)}")
            lines.append(f"| {r['name'] if i == 0 else ''} | {load} | {p['pass']} | {p['docs']} "
                         f"| {p['rows']} | {p['seconds']:.2f} | {p['cpu']:.2f} "
                         f"| {p['rows'] / cpu:,.0f} | {p['words'] / cpu:,.0f} | {goal} |")
    if anchor:
        cpu = max(anchor["cpu"], 1e-9)
        lines.append(f"| anchor: read + rows, no language | | all documents once | "
                     f"{anchor['docs']} | {anchor['rows']} | {anchor['seconds']:.2f} "
                     f"| {anchor['cpu']:.2f} | {anchor['rows'] / cpu:,.0f} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_extract",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--towns", type=int, default=10)
    parser.add_argument("--rows-per-doc", type=int, default=27)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each pass; the fastest in CPU time counts (later runs "
                             "find the process's word caches warm)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per mode")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return

    from benchmarks.synth import generate

    corpus = sorted((ROOT / "corpus").glob("*.tsv"))
    results = []
    with tempfile.TemporaryDirectory(prefix="plankg-bench-extract-") as tmp:
        docs = generate(Path(tmp) / "synth", towns=args.towns, rows_per_doc=args.rows_per_doc,
                        reports=args.reports, seed=args.seed)
        docs.sort(key=lambda d: (d.plan_key, d.status_date))
        warm = generate(Path(tmp) / "warmup", towns=1, rows_per_doc=10, reports=1,
                        seed=args.seed + 1000, first_town=10_000)
        spec = {"corpus": [str(p) for p in corpus],
                "synthetic": [(str(Path(tmp) / "synth" / d.path), d.town) for d in docs],
                "warmup": [(str(Path(tmp) / "warmup" / d.path), d.town) for d in warm],
                "repeat": args.repeat}
        for mode in args.modes.split(","):
            spec_path = Path(tmp) / f"{mode}.json"
            spec_path.write_text(json.dumps(dict(spec, mode=mode)), encoding="utf-8")
            results.append(_run_mode(mode, spec_path, args.timeout))
        anchor = _rows_alone(corpus, [(Path(p), t) for p, t in spec["synthetic"]], args.repeat)
    text = (f"Extraction (Extractor.extract: read + rows + language), corpus: "
            f"{', '.join(p.name for p in corpus)}; synthetic: {args.towns} towns x "
            f"{args.reports} reports x {args.rows_per_doc} rows (seed {args.seed}); "
            f"fastest of {args.repeat} runs in CPU time\n\n" + table(results, anchor))
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
