"""Bounded abuse test of a real ``plankg serve`` over a store of about a million triples.

The store is filled the way benchmarks/bench_store.py fills its bulk: synthetic towns
(benchmarks/synth.py, extracted and built into N-Quads by benchmarks/dataset.py, cached under
benchmarks/corpus/) bulk-loaded into a temporary on-disk store. Then ``plankg serve`` runs on
it (127.0.0.1, a free port) and, for ``--duration`` seconds, nine clients talk to it, each
from its own loopback address (127.0.0.x), as distinct clients on a network would:

- eight abusive clients, one request after the other with no pause beyond 50 ms after a
  refusal: parse-heavy SPARQL (a 20 KB ``FILTER(?o IN (…))`` list), cross products of four
  graph patterns that run into the time limit, and /reconcile batches of the largest size
  allowed (and of 1,000, which must be refused);
- one well-behaved client asking cheap questions with 100 ms between them: a measure's
  JSON, its Turtle, a small SPARQL SELECT. Every answer must be 200 and non-empty.

When the duration is over the clients stop; the abusive queries end at the latest one time
limit later. The script prints the well-behaved client's table (requests, errors, p50,
p99), what the abusive clients got, and the seconds from the end of that time limit until
the server's processes use less than a tenth of a core. Goal: p99 <= 300 ms, 0 errors,
idle within 5 s. Exit status 1 if the well-behaved client saw an error.

    python -m benchmarks.load_test --triples 1e6 --duration 60

Traffic goes to 127.0.0.0/8 only; every loop stops by itself (count and time).
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from benchmarks import abuse, cpu
from benchmarks.abuse import Tally
from extractor.graph.build import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("benchmarks.load_test")


def build_store(target: int, store_dir: Path, workers: int, originals: int
                ) -> tuple[int, float]:
    """A private copy of the benchmarks' cached store of about ``target`` triples (built
    once from ``originals`` extracted towns and their clones, see store_cache);
    (triples, seconds it took to build or copy)."""
    from benchmarks.dataset import PoolSpec
    from benchmarks.store_cache import built_store, checkout

    started = time.perf_counter()
    built = built_store(target, PoolSpec(), DEFAULT_BASE, originals=originals,
                        workers=workers)
    shutil.rmtree(store_dir, ignore_errors=True)
    checkout(built, store_dir)
    return built.triples, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


RECONCILE_BATCH = 100  # the service's default batch limit


def start_server(store_dir: Path, log_path: Path, threads: int, query_timeout: float,
                 settings: dict[str, float] | None = None) -> tuple[subprocess.Popen, str]:
    """``plankg serve`` on a free loopback port; ``settings`` are further [plankg] keys."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # The server's settings in a configuration file of its own: only plankg.config reads
    # the environment (a caller's PLANKG_ variable still wins over the file, as everywhere).
    config = log_path.with_suffix(".toml")
    extra = "".join(f"{key} = {value}\n" for key, value in (settings or {}).items())
    config.write_text(f'[plankg]\nbase_iri = "{DEFAULT_BASE}"\nquery_timeout = {query_timeout}\n'
                      + extra, encoding="utf-8")
    with open(log_path, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "plankg.cli", "--config", str(config), "serve",
             "--store", str(store_dir), "--host", "127.0.0.1", "--port", str(port),
             "--threads", str(threads)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"plankg serve exited with {process.returncode}:\n"
                               f"{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(f"{url}/openapi.json", timeout=5).status_code == 200:
                return process, url
        except requests.RequestException:  # not listening yet, or slow to answer at first
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError("plankg serve did not answer within 120 s")
        time.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def table(tallies: dict[str, Tally], wall: float) -> str:
    lines = ["| request | requests | errors | req/s | p50 ms | p99 ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for t in tallies.values():
        n = len(t.times)
        p50 = f"{statistics.median(t.times) * 1000:,.1f}" if n else "–"
        p99 = f"{percentile(t.times, 0.99) * 1000:,.1f}" if n else "–"
        lines.append(f"| {t.name} | {n} | {len(t.errors)} | {n / wall:,.2f} | {p50} | {p99} |")
    every = [x for t in tallies.values() for x in t.times]
    errors = sum(len(t.errors) for t in tallies.values())
    p99 = f"{percentile(every, 0.99) * 1000:,.1f}" if every else "–"
    lines.append(f"| all | {len(every)} | {errors} | {len(every) / wall:,.2f} |  | {p99} |")
    return "\n".join(lines)


def abuse_table(tallies: dict[str, Tally]) -> str:
    lines = ["| abusive request | requests | answers by status | p50 ms |",
             "|---|---:|---|---:|"]
    for t in tallies.values():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(t.statuses.items()))
        p50 = f"{statistics.median(t.times) * 1000:,.0f}" if t.times else "–"
        lines.append(f"| {t.name} | {len(t.times)} | {statuses} | {p50} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=float, default=1e6, help="store size to build")
    parser.add_argument("--abusers", type=int, default=8, help="abusive clients")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--threads", type=int, default=32, help="server request threads")
    parser.add_argument("--query-timeout", type=float, default=5.0,
                        help="the server's query time limit (s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes building towns missing from the cache")
    parser.add_argument("--originals", type=int, default=8,
                        help="towns extracted for the store; the others are clones of them")
    parser.add_argument("--abuse", default="",
                        help="abusive requests to send, by number, e.g. 0,1 (0 parse-heavy, "
                             "1 cross product, 2 reconcile batch, 3 oversized batch; "
                             "default all)")
    parser.add_argument("--store", type=Path,
                        help="reuse (or build once into) this store folder")
    args = parser.parse_args(argv)
    if args.abusers < 0 or args.duration <= 0:
        parser.error("--abusers must be >= 0 and --duration positive")
    return args


def run_load(args: argparse.Namespace) -> tuple:
    """Build (or reuse) the store, serve it, run the clients; (good, bad, wall, idle,
    answers, built, load averages before and after the load)."""
    work = Path(tempfile.mkdtemp(prefix="plankg-load-"))
    store_dir = args.store or work / "store"
    process = None
    try:
        if store_dir.exists() and any(store_dir.iterdir()):
            built = "reused"
        else:
            store_dir.mkdir(parents=True, exist_ok=True)
            count, seconds = build_store(int(args.triples), store_dir, args.workers,
                                         args.originals)
            built = f"{count:,} triples bulk-loaded in {seconds:.1f} s"
            log.info("store: %s", built)
        process, url = start_server(store_dir, work / "serve.log", args.threads,
                                    args.query_timeout)
        log.info("load: %d abusive clients and one well-behaved, %g s", args.abusers,
                 args.duration)
        started = time.monotonic()
        load_before = os.getloadavg()[0]
        kinds = [int(k) for k in args.abuse.split(",") if k.strip()]
        good, bad, ended = abuse.run(url, args.duration, args.abusers, RECONCILE_BATCH, kinds)
        load_after = os.getloadavg()[0]
        # Every abusive query had started by the deadline, so it ends within one limit.
        time_limit_over = started + args.duration + args.query_timeout
        time.sleep(max(0.0, time_limit_over - time.monotonic()))
        idle = cpu.seconds_until_idle(process.pid, limit=60)
        answers = requests.get(f"{url}/api/documents", timeout=30).status_code
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    return good, bad, ended - started, idle, answers, built, (load_before, load_after)


def breakdown(good: dict[str, Tally]) -> str:
    """Where the well-behaved client's time went, from the server's Server-Timing: the
    median request and the slowest 1 % (the ones the p99 is made of), mean ms."""
    rows = sorted((seconds * 1000, timing) for t in good.values()
                  for seconds, timing in zip(t.times, t.timings, strict=True) if timing)
    if not rows:
        return "(no Server-Timing in the answers)"
    lines = ["| requests | n | client ms | before/after the app | app CPU | ready, not "
             "running | waiting for a worker | in the worker |", "|---|" + "---:|" * 7]
    middle = len(rows) // 2
    for name, sample in (("median (p45–p55)", rows[int(middle * 0.9):int(middle * 1.1) + 1]),
                         ("slowest 1 %", rows[-max(1, len(rows) // 100):])):
        n = len(sample)

        def mean(key: str, sample: list = sample, n: int = n) -> float:
            return sum(timing.get(key, 0.0) for _, timing in sample) / n
        client = sum(ms for ms, _ in sample) / n
        ready = mean("total") - mean("cpu") - mean("wait") - mean("query")
        lines.append(f"| {name} | {n} | {client:,.1f} | {client - mean('total'):,.1f} | "
                     f"{mean('cpu'):,.1f} | {max(0.0, ready):,.1f} | {mean('wait'):,.1f} | "
                     f"{mean('query'):,.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    good, bad, wall, idle, answers, built, loads = run_load(args)
    print(f"Abuse test: {args.abusers} abusive clients and one well-behaved client for "
          f"{wall:.1f} s against plankg serve ({args.threads} threads, query time limit "
          f"{args.query_timeout:g} s), store of ~{args.triples:,.0f} triples ({built}); "
          f"load average {loads[0]:.1f} before, {loads[1]:.1f} after, on {os.cpu_count()} "
          "cores\n")
    code = report(good, bad, wall, idle, answers == 200)
    print("\nWhere the well-behaved client's time went (Server-Timing):\n")
    print(breakdown(good))
    return code


def report(good: dict[str, Tally], bad: dict[str, Tally], wall: float, idle: float | None,
           answers: bool) -> int:
    """Print the tables and the figures the goal is judged by; the exit status."""
    print("Well-behaved client:\n")
    print(table(good, wall))
    print("\nAbusive clients:\n")
    print(abuse_table(bad))
    every = [x for t in good.values() for x in t.times]
    errors = sum(len(t.errors) for t in good.values())
    p99 = percentile(every, 0.99) * 1000 if every else float("nan")
    idle_text = f"{idle:.1f} s" if idle is not None else "not within 60 s"
    print(f"\nwell-behaved p99: {p99:,.1f} ms; errors: {errors}; CPU idle "
          f"{idle_text} after the abusive queries' time limit; the server still answers: "
          f"{answers}")
    goal = every and p99 <= 300 and errors == 0 and idle is not None and idle <= 5
    print(f"goal (p99 <= 300 ms, 0 errors, idle within 5 s): {'met' if goal else 'missed'}")
    for t in good.values():
        if t.errors:
            print(f"\n{t.name}: {len(t.errors)} errors, first: {t.errors[0]}")
    return 1 if errors or not every or not answers else 0


if __name__ == "__main__":
    sys.exit(main())
