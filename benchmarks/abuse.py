"""The clients of benchmarks/load_test.py: eight abusive ones and one well-behaved one.

Each client connects from its own loopback address (any 127.x.y.z reaches a server bound
to 127.0.0.1), so the server sees nine clients as it would on a network. Every loop stops
at a shared deadline and after a fixed number of requests.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

PK = "https://w3id.org/plankg/ontology#"
CROSS_PRODUCT = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a {?s1 ?p1 ?o1} GRAPH ?b {?s2 ?p2 ?o2} "
                 "GRAPH ?c {?s3 ?p3 ?o3} GRAPH ?d {?s4 ?p4 ?o4} }")
PARSE_HEAVY = ("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o FILTER(?o IN ("
               + ", ".join(f'"Wert {i}"' for i in range(2000)) + ")) } } LIMIT 10")
MAX_REQUESTS = 100_000  # per client: the deadline ends the loops long before


def session_from(address: str) -> requests.Session:
    """A requests session whose connections come from ``address``."""

    class Bound(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (address, 0)
            super().init_poolmanager(*args, **kwargs)

    session = requests.Session()
    session.mount("http://", Bound())
    return session


@dataclass
class Tally:
    """What one kind of client saw."""

    name: str
    times: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # The server's Server-Timing of each answer (ms by name), beside ``times``.
    timings: list[dict[str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, status: str, error: str | None = None,
               timing: dict[str, float] | None = None) -> None:
        with self.lock:
            self.times.append(seconds)
            self.statuses[status] += 1
            self.timings.append(timing or {})
            if error:
                self.errors.append(error)


def server_timing(response: requests.Response) -> dict[str, float]:
    """``Server-Timing: total;dur=1.2, cpu;dur=0.4`` as {"total": 1.2, "cpu": 0.4}."""
    out = {}
    for part in response.headers.get("Server-Timing", "").split(","):
        name, _, duration = part.strip().partition(";dur=")
        try:
            out[name] = float(duration)
        except ValueError:
            continue
    return out


Request = Callable[[requests.Session, str], requests.Response]


def abusive_requests(reconcile_batch: int) -> list[tuple[str, Request]]:
    """The abusive kinds of request, one per abusive client in turn."""
    json_results = {"Accept": "application/sparql-results+json"}
    batch = {f"q{i}": {"query": f"Müller {i}", "properties": [{"pid": "area", "v": f"x{i}"}]}
             for i in range(reconcile_batch)}
    huge = {f"q{i}": {"query": f"Müller {i}"} for i in range(1000)}
    return [
        ("parse-heavy SPARQL (20 KB FILTER IN)",
         lambda s, url: s.post(f"{url}/sparql", data={"query": PARSE_HEAVY},
                               headers=json_results, timeout=120)),
        ("cross product of four graph patterns",
         lambda s, url: s.post(f"{url}/sparql", data={"query": CROSS_PRODUCT},
                               headers=json_results, timeout=120)),
        (f"/reconcile batch of {reconcile_batch} with properties",
         lambda s, url: s.post(f"{url}/reconcile", data={"queries": json.dumps(batch)},
                               timeout=120)),
        ("/reconcile batch of 1,000",
         lambda s, url: s.post(f"{url}/reconcile", data={"queries": json.dumps(huge)},
                               timeout=120)),
    ]


def well_behaved_requests(url: str) -> list[tuple[str, Request]]:
    """Cheap questions about a few measures the store holds."""
    query = f"SELECT ?m WHERE {{ GRAPH ?g {{ ?m a <{PK}Measure> }} }} LIMIT 20"
    deadline = time.monotonic() + 60
    while True:  # the abusers' first rush may fill the pool: come back when it says
        found = requests.post(f"{url}/sparql", timeout=120, data={"query": query},
                              headers={"Accept": "application/sparql-results+json"})
        if found.status_code not in (429, 503) or time.monotonic() > deadline:
            break
        time.sleep(min(float(found.headers.get("Retry-After", 1)), 2.0))
    found.raise_for_status()
    measures = [b["m"]["value"] for b in found.json()["results"]["bindings"]]
    if not measures:
        raise RuntimeError("the store holds no measures")
    turn = [0]

    def measure() -> str:
        turn[0] += 1
        return measures[turn[0] % len(measures)]

    def title_query(s: requests.Session, url: str) -> requests.Response:
        query = f"SELECT ?t WHERE {{ GRAPH ?g {{ <{measure()}> <{PK}title> ?t }} }}"
        return s.post(f"{url}/sparql", data={"query": query}, timeout=30,
                      headers={"Accept": "application/sparql-results+json"})

    def turtle(s: requests.Session, url: str) -> requests.Response:
        path = urlsplit(measure()).path  # served under the base IRI's path
        return s.get(url + path, timeout=30, headers={"Accept": "text/turtle"})

    return [
        ("GET /api/measures/{id}",
         lambda s, url: s.get(f"{url}/api/measures/{measure().split('/measure/', 1)[1]}",
                              timeout=30)),
        ("GET /id/measure/… (Turtle)", turtle),
        ("POST /sparql (a measure's title)", title_query),
    ]


def abuse(url: str, kinds: list[tuple[str, Request]], index: int, stop_at: float,
          tallies: dict[str, Tally]) -> None:
    name, send = kinds[index % len(kinds)]
    tally = tallies.setdefault(name, Tally(name))
    with session_from(f"127.0.0.{10 + index}") as session:
        for _ in range(MAX_REQUESTS):
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            try:
                status = str(send(session, url).status_code)
            except requests.RequestException as err:
                status = type(err).__name__
            tally.record(time.perf_counter() - started, status)
            if status != "200":
                time.sleep(0.05)


def behave(url: str, kinds: list[tuple[str, Request]], stop_at: float,
           tallies: dict[str, Tally], pause: float = 0.1) -> None:
    with session_from("127.0.0.2") as session:
        for turn in range(MAX_REQUESTS):
            if time.monotonic() >= stop_at:
                return
            name, send = kinds[turn % len(kinds)]
            tally = tallies.setdefault(name, Tally(name))
            started = time.perf_counter()
            try:
                response = send(session, url)
                elapsed = time.perf_counter() - started
                ok = response.status_code == 200 and bool(response.content)
                tally.record(elapsed, str(response.status_code),
                             None if ok else f"{response.status_code}: {response.text[:200]}",
                             server_timing(response))
            except requests.RequestException as err:
                tally.record(time.perf_counter() - started, type(err).__name__, str(err))
            time.sleep(pause)


def well_behaved_client(url: str, conn: Connection) -> None:
    """The well-behaved client, in a process of its own: ready (imports done, measures
    found), it waits for the deadline from ``conn``, asks until then and sends back its
    tallies as plain tuples (times, statuses, errors, timings) by request name."""
    kinds = well_behaved_requests(url)
    conn.send("ready")
    stop_at = conn.recv()
    tallies: dict[str, Tally] = {}
    behave(url, kinds, stop_at, tallies)
    conn.send({name: (t.times, dict(t.statuses), t.errors, t.timings)
               for name, t in tallies.items()})


def run(url: str, duration: float, abusers: int, reconcile_batch: int,
        kinds: list[int] | None = None) -> tuple[dict[str, Tally], dict[str, Tally], float]:
    """Run all clients for ``duration`` s; (well-behaved tallies, abusive tallies, the
    monotonic time at which the last client stopped). ``kinds`` picks abusive requests
    by index (default: all, in turn).

    The well-behaved client runs in a process of its own, as it would on its own machine
    (sharing this interpreter's lock with eight busy abusive threads, its own measurement
    waited for them, a delay the server never saw); all clients start together, once it
    is ready, so that it meets the abusers' first rush too."""
    bad_kinds = abusive_requests(reconcile_batch)
    if kinds:
        bad_kinds = [bad_kinds[k] for k in kinds]
    bad: dict[str, Tally] = {}
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    polite = ctx.Process(target=well_behaved_client, args=(url, theirs), daemon=True)
    polite.start()
    try:
        if not ours.poll(120) or ours.recv() != "ready":
            raise RuntimeError("the well-behaved client did not start")
        stop_at = time.monotonic() + duration  # CLOCK_MONOTONIC: the same in the child
        ours.send(stop_at)
        threads = [threading.Thread(target=abuse, args=(url, bad_kinds, i, stop_at, bad),
                                    daemon=True) for i in range(abusers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 130)  # requests time out after 120 s
        if not ours.poll(duration + 130):
            raise RuntimeError("the well-behaved client did not report")
        answers = ours.recv()
    finally:
        polite.join(10)
        if polite.is_alive():
            polite.kill()
    good = {}
    for name, (times, statuses, errors, timings) in answers.items():
        good[name] = Tally(name, times, Counter(statuses), errors, timings)
    return good, bad, time.monotonic()
