"""What the store benchmark measures: timed series, the questions and their goals, and
the raw-pyoxigraph anchor.

Three questions (issue 15's goals, in-process here; the goals are stated for HTTP):

- who 'Müller' of one town (a person of one town): p95 ≤ 10 ms;
- who 'Müller', the first page of 50 with the total (a name every town has): p95 ≤ 50 ms;
- latest status by area: p95 ≤ 50 ms.

The anchor "raw pyoxigraph" replays the very SPARQL texts a question sent (recorded on
the first run) straight to ``pyoxigraph.Store.query`` and reads every solution: what the
store itself costs, without plankg's decoding and Python work around it.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

GOALS_MS = {"who of one town": 10.0, "who, first page + total": 50.0,
            "latest status by area": 50.0}


@dataclass
class Series:
    """Timings of one query (or one load) on one engine at one size."""

    engine: str
    name: str
    times: list[float] = field(default_factory=list)
    rows: int | None = None
    capped: bool = False
    note: str = ""
    cpu: list[float] = field(default_factory=list)  # process CPU time of the same runs

    def cell(self, limit: float | None) -> tuple[str, str, str, str]:
        if not self.times:
            why = self.note or (f"not reached within {limit:g} s" if limit else "not run")
            return ("0", why, "", "")
        runs = f"{len(self.times)}" + (f" (capped at {limit:g} s)" if self.capped else "")
        return (runs, f"{statistics.median(self.times) * 1000:,.1f}",
                f"{p95(self.times) * 1000:,.1f}", "" if self.rows is None else str(self.rows))


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def questions(base: str, name: str, town: str) -> dict[str, Callable]:
    from store.queries import latest_status_by_area
    from store.who import who_page

    def first_page(s):
        return who_page(s, base, name, limit=50).items

    return {"who of one town": lambda s: who_page(s, base, name, town=town).items,
            "who, first page + total": first_page,
            "latest status by area": lambda s: latest_status_by_area(s, base)}


def timed_runs(run: Callable[[], list], runs: int, budget: float, send: Callable) -> None:
    spent = 0.0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = run()
        took = time.perf_counter() - t0
        send((took, len(rows), time.process_time() - c0))
        spent += took
        if spent >= budget:
            break


class Recorder:
    """A GraphStore stand-in that passes queries on and keeps their text."""

    def __init__(self, store) -> None:
        self.store, self.texts = store, []

    def query(self, sparql: str, **kwargs):
        self.texts.append(sparql)
        return self.store.query(sparql, **kwargs)


def raw_series(store, ask: Callable, runs: int, budget: float) -> Series:
    """Time the SPARQL texts ``ask`` sends, straight through pyoxigraph."""
    recorder = Recorder(store)
    ask(recorder)
    raw = store._store  # the embedded pyoxigraph.Store: the anchor is the engine itself
    s = Series("raw pyoxigraph (same SPARQL)", "")

    def replay() -> list:
        rows = 0
        for text in recorder.texts:
            result = raw.query(text)
            rows = sum(1 for _ in result) if hasattr(result, "__iter__") else 1
        return [None] * rows

    def record(message):
        s.times.append(message[0])
        s.cpu.append(message[2])
        s.rows = message[1]

    timed_runs(replay, runs, budget, record)
    return s


def goal_table(rows: list[tuple[int, str, Series | None, Series, Series | None,
                                Series | None]]) -> list[str]:
    """Figure, anchors and ratios per question: (triples, question, HTTP, in-process, raw
    pyoxigraph, rdflib). The goal is judged on the HTTP figure where there is one (the
    goals are stated for HTTP), else in-process; CPU time of this process is beside the
    in-process figure, because on a shared machine the wall clock also counts the time
    other processes held the cores.
    """
    lines = ["| triples | question | HTTP p95 ms | goal | in-process p95 ms (CPU) "
             "| raw pyoxigraph p95 ms | rdflib p95 ms | HTTP / raw | rdflib / HTTP |",
             "|---:|---|---:|---|---:|---:|---:|---:|---:|"]
    for triples, question, http, ours, raw, rdf in rows:
        if not ours.times:
            continue
        mine, mine_cpu = p95(ours.times) * 1000, p95(ours.cpu or [0]) * 1000
        served = p95(http.times) * 1000 if http and http.times else None
        judged = served if served is not None else mine
        goal = GOALS_MS.get(question)
        verdict = (f"≤ {goal:g} ms: {'met' if judged <= goal else 'not met'}" if goal else "")
        anchor = p95(raw.times) * 1000 if raw and raw.times else None
        slow = p95(rdf.times) * 1000 if rdf and rdf.times else None
        rdf_cell = f"{slow:,.1f}" if slow else (rdf.cell(None)[1] if rdf else "")
        lines.append(
            f"| {triples:,} | {question} | {_ms(served)} | {verdict} | {mine:,.1f} "
            f"({mine_cpu:,.1f}) | {_ms(anchor)} | {rdf_cell} | "
            f"{f'{judged / anchor:.1f}x' if anchor else ''} | "
            f"{f'{slow / judged:,.0f}x' if slow else ''} |")
    return lines


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def ask_store(store, base: str, name: str, town: str, runs: int, budget: float
              ) -> list[tuple[Series, Series]]:
    """Each question on the store, beside the same SPARQL replayed raw."""
    out = []
    for question, ask in questions(base, name, town).items():
        s = Series("plankg (Oxigraph on disk)", question)

        def record(message, s=s):
            s.times.append(message[0])
            s.cpu.append(message[2])
            s.rows = message[1]

        timed_runs(lambda ask=ask: ask(store), runs, budget, record)
        s.capped = len(s.times) < runs
        raw = raw_series(store, ask, runs, budget)
        raw.name = question
        out.append((s, raw))
    return out
