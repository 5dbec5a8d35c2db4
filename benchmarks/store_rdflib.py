"""The rdflib side of the store benchmark: the same questions through rdflib's SPARQL
engine over an in-memory Dataset, in a process of its own, each phase capped in time."""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path

from store.results import plain_value

from .store_timing import Series, questions, timed_runs


class Rows(list):
    """Rows of rdflib terms that also read as plain values, as store.results does."""

    def values(self) -> list[dict[str, object]]:
        return [{k: plain_value(v) for k, v in row.items()} for row in self]


class RdflibStore:
    """Just enough of GraphStore for store.queries: rows of rdflib terms from rdflib's
    own SPARQL engine over an in-memory Dataset."""

    def __init__(self, dataset) -> None:
        self.dataset = dataset

    def query(self, sparql: str, *, timeout: float | None = None,
              result_format: str | None = None) -> Rows | bool:
        result = self.dataset.query(sparql)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return Rows({str(k): v for k, v in row.asdict().items()} for row in result)


def _rdflib_query_child(conn, dataset, question: str, base: str, name: str, town: str,
                        runs: int, limit: float) -> None:
    store = RdflibStore(dataset)
    ask = questions(base, name, town)[question]
    timed_runs(lambda: ask(store), runs, limit, conn.send)
    conn.send(None)


def rdflib_side(path: str, base: str, name: str, town: str, runs: int, limit: float,
                queue) -> None:
    """Load ``path`` into an rdflib Dataset in chunks (stopping at ``limit``), then time
    each question in a forked child that is killed at ``limit``."""
    from rdflib import Dataset

    dataset = Dataset()
    loaded, complete = 0, True
    started = time.perf_counter()
    chunk: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            chunk.append(line)
            if len(chunk) >= 50_000:
                dataset.parse(data="".join(chunk), format="nquads")
                loaded += len(chunk)
                chunk = []
                if time.perf_counter() - started > limit:
                    complete = False
                    break
    if complete and chunk:
        dataset.parse(data="".join(chunk), format="nquads")
        loaded += len(chunk)
    seconds = time.perf_counter() - started
    queue.put({"phase": "load", "quads": loaded, "seconds": seconds, "complete": complete})
    if not complete:
        return
    fork = mp.get_context("fork")  # the child inherits the loaded Dataset
    for question in questions(base, name, town):
        parent_end, child_end = fork.Pipe(duplex=False)
        child = fork.Process(target=_rdflib_query_child,
                             args=(child_end, dataset, question, base, name, town, runs,
                                   limit))
        child.start()
        child_end.close()
        deadline = time.perf_counter() + limit
        times, rows, capped = [], None, False
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not parent_end.poll(remaining):
                capped = True
                break
            message = parent_end.recv()
            if message is None:
                break
            times.append(message[0])
            rows = message[1]
        child.terminate()
        child.join()
        queue.put({"phase": question, "times": times, "rows": rows, "capped": capped})


def run_rdflib(path: Path, base: str, name: str, town: str, runs: int, limit: float
               ) -> tuple[Series, list[Series]]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    worker = ctx.Process(target=rdflib_side, args=(str(path), base, name, town, runs, limit,
                                                          queue))
    worker.start()
    load = Series("rdflib Dataset", "Dataset.parse (N-Quads)")
    series: list[Series] = []
    expected = 1 + len(questions(base, name, town))
    for _ in range(expected):
        try:
            message = queue.get(timeout=limit * 2 + 120)
        except Exception:  # queue.Empty: the worker died or hung
            break
        if message["phase"] == "load":
            load.times = [message["seconds"]]
            load.rows = message["quads"]
            load.capped = not message["complete"]
            if load.capped:
                break
        else:
            series.append(Series("rdflib Dataset", message["phase"], message["times"],
                                 message["rows"], message["capped"]))
    worker.join(timeout=30)
    if worker.is_alive():
        worker.terminate()
        worker.join()
    if load.capped or not load.times:
        for question in questions(base, name, town):
            series.append(Series("rdflib Dataset", question,
                                 note=f"not run: load not reached within {limit:g} s"))
    return load, series


