"""Bounded load test of a real ``plankg serve`` over a store of about a million triples.

The store is filled the way benchmarks/bench_store.py fills its bulk: synthetic towns
(benchmarks/synth.py, extracted and built into N-Quads by benchmarks/dataset.py, cached under
benchmarks/corpus/) bulk-loaded into a temporary on-disk store. Then ``plankg serve`` runs on
it (127.0.0.1, a free port) and several client threads ask, round robin, until the duration
or the request budget is spent:

- ``GET /api/responsibilities?who=NAME`` (the who-is-responsible API),
- ``POST /sparql`` with the same who question as SPARQL (the text store.queries.who sends),
- ``POST /sparql`` with the latest status by area (store.queries.latest_status_by_area).

Every answer must be 200 and non-empty (items / bindings); anything else is an error. A
Markdown table gives per endpoint: requests, errors, throughput, p50 and p99 latency. Exit
status 1 if there was any error or an endpoint got no answer at all.

    python -m benchmarks.load_test --triples 1e6 --clients 8 --duration 60

Traffic goes to 127.0.0.1 only; every loop stops by itself (count and time).
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
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from benchmarks.synth import FREQUENT_FAMILY_NAME

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("benchmarks.load_test")


@dataclass
class Endpoint:
    name: str
    send: Callable[[requests.Session, str], requests.Response]
    answered: Callable[[requests.Response], bool]
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Recorder:
    """A stand-in store that records the SPARQL a question in store.queries sends."""

    def __init__(self) -> None:
        self.sparql: list[str] = []

    def query(self, sparql: str, **_options: object) -> list:
        self.sparql.append(sparql)
        return []


def question_text(ask: Callable[[_Recorder], object]) -> str:
    recorder = _Recorder()
    ask(recorder)
    return recorder.sparql[0]


def parse_count(text: str) -> int:
    return int(float(text))


def build_store(target: int, store_dir: Path, workers: int) -> tuple[int, float]:
    """Bulk-load enough cached synthetic towns for ``target`` triples; (triples, seconds)."""
    from benchmarks.dataset import PoolSpec, towns
    from extractor.graph.build import DEFAULT_BASE
    from store import LocalStore

    started = time.perf_counter()
    pool = towns(PoolSpec(), DEFAULT_BASE, workers=workers)
    bulk = store_dir.parent / "bulk.nq"
    quads = 0
    try:
        with open(bulk, "wb") as out:
            while quads < target:
                town = next(pool)
                with open(town.path, "rb") as part:
                    shutil.copyfileobj(part, out)
                quads += town.quads
    finally:
        pool.close()
    store = LocalStore(store_dir)
    try:
        store.bulk_load(bulk, "nquads")
        count = store.triple_count()
    finally:
        store.close()
        bulk.unlink()
    return count, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store_dir: Path, log_path: Path, threads: int, query_timeout: float
                 ) -> tuple[subprocess.Popen, str]:
    from extractor.graph.build import DEFAULT_BASE

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PLANKG_BASE_IRI": DEFAULT_BASE,
           "PLANKG_QUERY_TIMEOUT": str(query_timeout)}
    for var in ("PLANKG_STORE", "PLANKG_TOKEN", "PLANKG_CONFIG"):
        env.pop(var, None)
    with open(log_path, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "plankg.cli", "serve", "--store", str(store_dir),
             "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"plankg serve exited with {process.returncode}:\n"
                               f"{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                return process, url
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError("plankg serve did not answer within 120 s")
        time.sleep(0.2)


def endpoints(who: str) -> list[Endpoint]:
    from extractor.graph.build import DEFAULT_BASE
    from store import queries

    base = DEFAULT_BASE
    who_sparql = question_text(lambda s: queries.who(s, base, who))
    by_area = question_text(lambda s: queries.latest_status_by_area(s, base))
    json_results = {"Accept": "application/sparql-results+json"}

    def has_bindings(r: requests.Response) -> bool:
        return bool(r.json()["results"]["bindings"])

    return [
        Endpoint("GET /api/responsibilities?who=" + who,
                 lambda s, url: s.get(f"{url}/api/responsibilities", params={"who": who},
                                      timeout=120),
                 lambda r: r.json()["count"] > 0),
        Endpoint("POST /sparql (who)",
                 lambda s, url: s.post(f"{url}/sparql", data={"query": who_sparql},
                                       headers=json_results, timeout=120),
                 has_bindings),
        Endpoint("POST /sparql (latest status by area)",
                 lambda s, url: s.post(f"{url}/sparql", data={"query": by_area},
                                       headers=json_results, timeout=120),
                 has_bindings),
    ]


def run_clients(url: str, targets: list[Endpoint], clients: int, duration: float,
                max_requests: int) -> float:
    """Send requests from ``clients`` threads until time or budget is spent; wall seconds."""
    lock = threading.Lock()
    budget = [max_requests]
    stop_at = time.monotonic() + duration

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or time.monotonic() >= stop_at:
                return False
            budget[0] -= 1
            return True

    def client(index: int) -> None:
        turn = index  # clients start on different endpoints
        with requests.Session() as session:
            while take():
                target = targets[turn % len(targets)]
                turn += 1
                t0 = time.perf_counter()
                try:
                    response = target.send(session, url)
                    elapsed = time.perf_counter() - t0
                    ok = response.status_code == 200 and bool(response.content) \
                        and target.answered(response)
                    problem = None if ok else f"{response.status_code}: {response.text[:200]}"
                except (requests.RequestException, ValueError, KeyError) as err:
                    elapsed = time.perf_counter() - t0
                    problem = f"{type(err).__name__}: {err}"
                with lock:
                    target.times.append(elapsed)
                    if problem:
                        target.errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Requests time out after 120 s: a client cannot hang past duration + that.
        thread.join(timeout=duration + 130)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def table(targets: list[Endpoint], wall: float) -> str:
    lines = ["| endpoint | requests | errors | req/s | p50 ms | p99 ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for t in targets:
        n = len(t.times)
        p50 = f"{statistics.median(t.times) * 1000:,.1f}" if n else "–"
        p99 = f"{percentile(t.times, 0.99) * 1000:,.1f}" if n else "–"
        lines.append(f"| {t.name} | {n} | {len(t.errors)} | {n / wall:,.2f} | {p50} | {p99} |")
    total = sum(len(t.times) for t in targets)
    errors = sum(len(t.errors) for t in targets)
    lines.append(f"| all | {total} | {errors} | {total / wall:,.2f} |  |  |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=float, default=1e6, help="store size to build")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--requests", type=int, default=10_000, help="request budget")
    parser.add_argument("--who", default=FREQUENT_FAMILY_NAME,
                        help="name asked about (every synthetic town has a Müller)")
    parser.add_argument("--threads", type=int, default=8, help="server request threads")
    parser.add_argument("--query-timeout", type=float, default=60.0,
                        help="the server's query time limit (s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes building towns missing from the cache")
    parser.add_argument("--store", type=Path,
                        help="reuse (or build once into) this store folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.clients < 1 or args.duration <= 0 or args.requests < 1:
        parser.error("--clients, --duration and --requests must be positive")

    work = Path(tempfile.mkdtemp(prefix="plankg-load-"))
    store_dir = args.store or work / "store"
    process = None
    try:
        if store_dir.exists() and any(store_dir.iterdir()):
            built = "reused"
        else:
            store_dir.mkdir(parents=True, exist_ok=True)
            count, seconds = build_store(int(args.triples), store_dir, args.workers)
            built = f"{count:,} triples bulk-loaded in {seconds:.1f} s"
            log.info("store: %s", built)
        process, url = start_server(store_dir, work / "serve.log", args.threads,
                                    args.query_timeout)
        targets = endpoints(args.who)
        for target in targets:  # one warm-up each, not counted
            target.send(requests, url)
        log.info("load: %d clients, %g s, at most %d requests", args.clients, args.duration,
                 args.requests)
        wall = run_clients(url, targets, args.clients, args.duration, args.requests)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"Load test: {args.clients} clients for {wall:.1f} s against plankg serve "
          f"({args.threads} threads), store of ~{args.triples:,.0f} triples ({built}); "
          f"who = {args.who!r}\n")
    print(table(targets, wall))
    failed = [t for t in targets if t.errors or not t.times]
    for t in failed:
        print(f"\n{t.name}: {len(t.errors)} errors" + (f", first: {t.errors[0]}"
                                                        if t.errors else ", no answers"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
