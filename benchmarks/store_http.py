"""The store benchmark's questions over HTTP, through a real ``plankg serve`` process.

The goals of issue 15 are stated for HTTP: a client asks the JSON API of a server that
runs its queries in its pool of worker processes, as in production. Each question is one
GET; its time is the client's, from sending to the last byte of the decoded JSON:

- who of one town: ``/api/responsibilities?who=NAME&town=TOWN``;
- who, first page + total: ``/api/responsibilities?who=NAME&limit=50``;
- latest status by area: ``/api/status-by-area``.

Each question is asked from a loopback address of its own (127.0.0.2, .3, …), i.e. as
its own client: the service sends a client whose requests took long to its low-priority
lane for a minute, and a slow question asked before must not slow the next one's figure
(each question still bears what its own runs cost). The connection is kept alive between
runs, as a client's would be.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .store_timing import Series

log = logging.getLogger(__name__)


@contextmanager
def serving(store_dir: Path, log_path: Path, threads: int = 8) -> Iterator[str]:
    """``plankg serve`` on ``store_dir`` (127.0.0.1, a free port); yields its base URL."""
    from .load_test import start_server

    # One client asking back to back is what a latency benchmark is; the per-client rate
    # limit (load_test's subject) would answer it with 429s.
    process, url = start_server(store_dir, log_path, threads, query_timeout=30.0,
                                settings={"rate_limit": 0})
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except Exception:  # noqa: BLE001  (it must not outlive the benchmark)
            process.kill()
            process.wait(timeout=20)


def requests_for(name: str, town: str) -> dict[str, tuple[str, dict[str, object]]]:
    return {"who of one town": ("/api/responsibilities", {"who": name, "town": town}),
            "who, first page + total": ("/api/responsibilities", {"who": name, "limit": 50}),
            "latest status by area": ("/api/status-by-area", {})}


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connections from one local source address: one client of the service."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def ask_http(url: str, name: str, town: str, runs: int, budget: float) -> list[Series]:
    """Each question ``runs`` times (stopping after ``budget`` s), the first, cold run
    included; rows: items of the answer (and the total, for the paged who)."""
    out = []
    for number, (question, (path, params)) in enumerate(requests_for(name, town).items()):
        with requests.Session() as session:
            session.mount("http://", _FromAddress(f"127.0.0.{number + 2}"))
            s = Series("plankg serve (HTTP JSON API)", question)
            spent = 0.0
            timing: dict[str, list[float]] = {"cpu": [], "qcpu": []}
            for _ in range(runs):
                t0, c0 = time.perf_counter(), time.process_time()
                response = session.get(url + path, params=params, timeout=120)
                response.raise_for_status()
                body = response.json()
                took = time.perf_counter() - t0
                s.times.append(took)
                s.cpu.append(time.process_time() - c0)
                s.rows = len(body["items"])
                for part in response.headers.get("Server-Timing", "").split(","):
                    key, _, value = part.strip().partition(";dur=")
                    if key in timing and value:
                        timing[key].append(float(value))
                spent += took
                if spent >= budget:
                    break
            s.capped = len(s.times) < runs
            notes = [f"total {body['total']:,}"] if "total" in body else []
            if timing["cpu"] and timing["qcpu"]:  # the server's own CPU per request
                notes.append(f"server CPU median {statistics.median(timing['cpu']):.1f} ms "
                             f"in the web thread + {statistics.median(timing['qcpu']):.1f} ms "
                             "in query workers")
            s.note = "; ".join(notes)
            log.info("HTTP %s: %d runs; %s", question, len(s.times), s.note)
            out.append(s)
    return out
