"""What the store benchmark measures: a series of timed runs, and the two questions."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Series:
    """Timings of one query (or one load) on one engine at one size."""

    engine: str
    name: str
    times: list[float] = field(default_factory=list)
    rows: int | None = None
    capped: bool = False
    note: str = ""

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


def questions(base: str, name: str) -> dict[str, Callable]:
    from store.queries import latest_status_by_area, who

    return {f"who {name!r}": lambda s: who(s, base, name),
            "latest status by area": lambda s: latest_status_by_area(s, base)}


def timed_runs(run: Callable[[], list], runs: int, budget: float, send: Callable) -> None:
    spent = 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = run()
        took = time.perf_counter() - t0
        send((took, len(rows)))
        spent += took
        if spent >= budget:
            break


def ask_store(store, base: str, name: str, runs: int, budget: float) -> list[Series]:
    out = []
    for question, ask in questions(base, name).items():
        s = Series("plankg (Oxigraph on disk)", question)

        def record(message, s=s):
            s.times.append(message[0])
            s.rows = message[1]

        timed_runs(lambda ask=ask: ask(store), runs, budget, record)
        s.capped = len(s.times) < runs
        out.append(s)
    return out
