"""A small pool of killable query worker processes over one on-disk Oxigraph store.

pyoxigraph cannot cancel a query, so a query that must stop on time runs where it can be
stopped: in a worker process (store/query_worker.py) with a read-only view of the store.
At the time limit the worker is killed (SIGKILL) and replaced; its CPU and memory go with
it. The limit counts from the moment the query asks for a worker, so waiting, parsing and
evaluation are all inside it.

Fairness between clients (the web service names the client in ``QUERY_CLIENT``): a client
may have ``client_running`` queries running and ``client_queued`` waiting or running;
beyond that ``PoolBusyError(retry_after)`` with ``client=True``. At most ``queue`` queries
wait in all; beyond that ``PoolBusyError``. A free worker goes to the waiting query
whose client is under its running quota and used the workers least lately. A query still
running after ``slow_after`` seconds gets the lowest CPU priority (nice 19), so short queries
keep their speed beside it, and no longer counts against ``workers``: up to ``workers``
long queries run in the background while as many workers answer the others. A worker
that was lowered is replaced after its query, since an unprivileged process cannot raise
its priority again. Clients whose queries ran long are "heavy" for a while: their
queries go to workers started at low priority, and what their requests compute between
queries in the caller's process is paced to a quarter of their time (HEAVY_DUTY).
"""

from __future__ import annotations

import contextvars
import logging
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from store.errors import QueryTimeoutError, StoreError
from store.pool_worker import (
    API,
    BACKGROUND,
    FOREGROUND,
    LANES,
    Worker,
    cpu_used,
)

log = logging.getLogger(__name__)

HEAVY_SECONDS = 60.0  # a client whose query ran long or was stopped: heavy for this long
# A heavy client's request may keep its thread in the caller's process computing (decoding
# answers, scoring) this share of its time between two queries; it sleeps the rest. That
# work holds the web process's interpreter lock and a core at normal priority, which the
# other clients' quick requests need.
HEAVY_DUTY = 0.25
WORK_HALF_LIFE = 30.0  # seconds: how fast a client's past use of the workers is forgiven
QUERY_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("plankg_query_client",
                                                                   default="local")
# The lanes, each with workers of its own: FOREGROUND for open questions (SPARQL from
# clients), API for the service's own fixed questions (/api, /id pages), which no client's
# SPARQL can keep waiting, and BACKGROUND, at low priority, for heavy clients.
QUERY_LANE: contextvars.ContextVar[str] = contextvars.ContextVar("plankg_query_lane",
                                                                 default=FOREGROUND)
# Seconds of worker time spent in this context (the service charges them to the client).
QUERY_SECONDS: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "plankg_query_seconds", default=None)
# CPU seconds the workers spent on this context's queries: the work the service charges
# to the client and judges heavy by (wall time would blame a client for a busy machine).
QUERY_CPU: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "plankg_query_cpu", default=None)
# Seconds this context's queries waited for a worker (the service reports them).
QUERY_WAITED: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "plankg_query_waited", default=None)
# (thread CPU, wall clock) when this context's last query ended: the pacing of heavy clients.
_LAST_QUERY: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "plankg_last_query", default=None)


class PoolBusyError(StoreError):
    """No room for the query now; ``retry_after`` seconds is a fair guess for a retry."""

    def __init__(self, message: str, *, retry_after: int, client: bool = False) -> None:
        super().__init__(message, status=429 if client else 503)
        self.retry_after = retry_after
        self.client = client


class WorkerDiedError(StoreError):
    """The worker ended during the query: it hit the memory limit or crashed."""


@dataclass
class PoolLimits:
    workers: int = 8
    api_workers: int = 2
    memory_bytes: int = 1536 * 1024 * 1024
    queue: int = 32
    client_running: int = 1
    client_queued: int = 4
    slow_after: float = 0.5
    idle_seconds: float = 60.0
    spare: int = 2


@dataclass
class _Ticket:
    client: str
    lane: str = FOREGROUND
    worker: Worker | None = None
    since: float = field(default_factory=time.monotonic)


class QueryPool:
    """Run jobs for store/query_worker.py in killable processes; thread-safe."""

    def __init__(self, store_path: Path, limits: PoolLimits | None = None) -> None:
        self.store_path = Path(store_path)
        self.limits = limits or PoolLimits()
        self._cond = threading.Condition()
        self._idle: dict[str, list[Worker]] = {lane: [] for lane in LANES}
        self._busy: set[Worker] = set()
        self._starting: dict[str, int] = dict.fromkeys(LANES, 0)
        self._heavy_until: dict[str, float] = {}
        self._work: dict[str, tuple[float, float]] = {}  # client: (seconds, when)
        self._waiting: list[_Ticket] = []
        self._running: Counter[str] = Counter()
        self._queued: Counter[str] = Counter()
        self._closed = False

    # -- admission and scheduling --------------------------------------------------------
    def _admit(self, client: str) -> _Ticket:
        limits = self.limits
        if self._closed:
            raise StoreError("the query pool is closed")
        if self._queued[client] >= limits.client_queued:
            raise PoolBusyError(f"this client already has {self._queued[client]} queries "
                                "running or waiting; wait for their answers", retry_after=1,
                                client=True)
        if len(self._waiting) >= limits.queue:
            raise PoolBusyError(f"the server is busy: {len(self._waiting)} queries are "
                                "waiting already", retry_after=2)
        heavy = self._heavy_until.get(client, 0.0) > time.monotonic()
        ticket = _Ticket(client, BACKGROUND if heavy else QUERY_LANE.get())
        self._waiting.append(ticket)
        self._queued[client] += 1
        return ticket

    def _next_ticket(self, lane: str) -> _Ticket | None:
        """The waiting ticket to serve next: its client under quota, and of those the one
        that used the workers least lately (then the one that waited longest)."""
        quota = self.limits.client_running
        eligible = [t for t in self._waiting
                    if t.lane == lane and self._running[t.client] < quota]
        if not eligible:
            return None
        now = time.monotonic()
        return min(eligible, key=lambda t: (self._recent_work(t.client, now), t.since))

    def _recent_work(self, client: str, now: float) -> float:
        value, stamp = self._work.get(client, (0.0, now))
        return value * 0.5 ** ((now - stamp) / WORK_HALF_LIFE)

    def _add_work(self, client: str, seconds: float) -> None:
        now = time.monotonic()
        self._work[client] = (self._recent_work(client, now) + seconds, now)
        if len(self._work) > 10_000:
            self._work = {c: w for c, w in self._work.items()
                          if self._recent_work(c, now) > 0.01}

    def _dispatch(self) -> None:
        """Hand idle workers to waiting tickets; start workers while some wait."""
        for lane in LANES:
            while self._idle[lane] and (ticket := self._next_ticket(lane)) is not None:
                ticket.worker = self._idle[lane].pop()
                self._waiting.remove(ticket)
                self._running[ticket.client] += 1
                self._busy.add(ticket.worker)
        waiting = Counter(t.lane for t in self._waiting)
        # Lowered workers run long queries in the background: they do not take the room
        # of the workers that answer everyone else.
        used = Counter(BACKGROUND if w.niced else w.lane for w in self._busy)
        limits = self.limits
        caps = {FOREGROUND: limits.workers, API: limits.api_workers, BACKGROUND: limits.workers}
        spares = {FOREGROUND: limits.spare, API: min(1, limits.spare, limits.api_workers),
                  BACKGROUND: 0}
        for lane in LANES:
            wanted = (waiting[lane] + spares[lane] - len(self._idle[lane])
                      - self._starting[lane])
            room = caps[lane] - used[lane] - len(self._idle[lane]) - self._starting[lane]
            for _ in range(max(0, min(wanted, room))):
                self._starting[lane] += 1
                threading.Thread(target=self._start_worker, args=(lane,), daemon=True,
                                 name="plankg-pool-start").start()
        self._cond.notify_all()

    def _start_worker(self, lane: str) -> None:
        worker: Worker | None = None
        started = time.monotonic()
        try:
            worker = Worker(self.store_path, self.limits.memory_bytes, lane)
            log.debug("started a %s worker in %.2f s", lane, time.monotonic() - started)
        except (OSError, StoreError) as err:
            log.error("could not start a query worker: %s", err)
        with self._cond:
            self._starting[lane] -= 1
            if worker is not None:
                if self._closed:
                    worker.kill()
                else:
                    self._idle[lane].append(worker)
            self._dispatch()

    def _acquire(self, client: str, deadline: float) -> _Ticket:
        with self._cond:
            ticket = self._admit(client)
            self._dispatch()
            while ticket.worker is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    self._waiting.remove(ticket)
                    self._queued[client] -= 1
                    raise QueryTimeoutError("no query worker became free within the limit")
                self._cond.wait(remaining)
            waited = time.monotonic() - ticket.since
            if waited > 0.25:
                log.log(logging.WARNING if waited > 1 else logging.INFO,
                        "a query of %s waited %.2f s for a %s worker", client, waited,
                        ticket.lane)
            return ticket

    def _release(self, ticket: _Ticket, healthy: bool, seconds: float) -> None:
        worker = ticket.worker
        assert worker is not None
        with self._cond:
            self._add_work(ticket.client, seconds)
            self._busy.discard(worker)
            self._running[ticket.client] -= 1
            self._queued[ticket.client] -= 1
            worker.last_used = time.monotonic()
            if not healthy:
                self._mark_heavy(ticket.client)
            # A lowered foreground worker cannot be raised again: it goes.
            keep = healthy and not self._closed and worker.niced == worker.background
            if keep:
                self._idle[worker.lane].append(worker)
            self._retire_idle()
            self._dispatch()
        if not keep:
            worker.kill()

    def _retire_idle(self) -> None:
        now = time.monotonic()
        for lane, idle in self._idle.items():
            keep = {FOREGROUND: max(self.limits.spare, 1),
                    API: min(1, self.limits.spare, self.limits.api_workers), BACKGROUND: 0}[lane]
            while len(idle) > keep and now - idle[0].last_used > self.limits.idle_seconds:
                threading.Thread(target=idle.pop(0).kill, daemon=True).start()

    def mark_heavy(self, client: str) -> None:
        """Send the client's next queries to the background lane (a request of its ran
        long outside the pool: a large batch, say)."""
        with self._cond:
            self._mark_heavy(client)

    def _mark_heavy(self, client: str) -> None:
        """The client's next queries go to the background lane for a while."""
        self._heavy_until[client] = time.monotonic() + HEAVY_SECONDS
        if len(self._heavy_until) > 10_000:
            now = time.monotonic()
            self._heavy_until = {c: t for c, t in self._heavy_until.items() if t > now}

    def warm(self) -> None:
        """Start the spare workers now (a service starting up), not at the first query,
        which would otherwise wait for a worker to start."""
        with self._cond:
            self._dispatch()

    # -- running ---------------------------------------------------------------------------
    def is_heavy(self, client: str) -> bool:
        with self._cond:
            return self._heavy_until.get(client, 0.0) > time.monotonic()

    def _pace(self, client: str, deadline: float) -> None:
        """Hold a heavy client's thread back before its next query, so that what it
        computes between queries takes at most HEAVY_DUTY of its time."""
        last = _LAST_QUERY.get()
        if last is None or time.monotonic() - last[1] > 1.0 or not self.is_heavy(client):
            return  # its first query, a new request (the thread served another), or light
        computed = time.thread_time() - last[0]
        pause = min(computed * (1 / HEAVY_DUTY - 1), deadline - time.monotonic())
        if pause > 0.001:
            time.sleep(pause)

    def run(self, job: tuple, timeout: float) -> tuple:
        """The worker's reply to ``job``; QueryTimeoutError when ``timeout`` s have passed."""
        started = time.monotonic()
        deadline = started + timeout
        self._pace(QUERY_CLIENT.get(), deadline)
        queued = time.monotonic()
        ticket = self._acquire(QUERY_CLIENT.get(), deadline)
        worker = ticket.worker
        assert worker is not None
        healthy = False
        running_since = time.monotonic()
        waited = QUERY_WAITED.get()
        if waited is not None:
            waited.append(running_since - queued)
        cpu_before = worker.cpu_total
        try:
            worker.conn.send(job)
            reply = self._wait(worker, ticket.client, deadline, timeout, cpu_before)
            healthy = True
            return reply
        finally:
            seconds = time.monotonic() - running_since
            # A query stopped at its limit (or whose worker died) is charged its whole
            # time: it asked for more than that.
            work = max(0.0, worker.cpu_total - cpu_before) if healthy else seconds
            for var, value in ((QUERY_SECONDS, seconds), (QUERY_CPU, work)):
                if (spent := var.get()) is not None:
                    spent.append(value)
            self._release(ticket, healthy, work)
            _LAST_QUERY.set((time.thread_time(), time.monotonic()))

    def _wait(self, worker: Worker, client: str, deadline: float, timeout: float,
              cpu_before: float) -> tuple:
        started = time.monotonic()
        slow_at = started + self.limits.slow_after
        while True:
            now = time.monotonic()
            until = deadline if worker.niced else min(deadline, slow_at)
            try:
                if worker.conn.poll(max(0.0, until - now)):
                    return worker.reply()
            except (EOFError, OSError) as err:
                code = worker.process.wait(timeout=5)
                raise WorkerDiedError(self._death(code)) from err
            now = time.monotonic()
            if now >= deadline:
                raise QueryTimeoutError(f"query did not finish within {timeout:g} s; "
                                        "it was stopped")
            if not worker.niced and now >= slow_at:
                # Long in CPU, not in wall time: on a busy machine a quick query waits
                # for a core, and that is no reason to send its client to the background.
                used = cpu_used(worker, cpu_before, now - started)
                if used >= self.limits.slow_after:
                    self._lower(worker, client)
                else:
                    slow_at = now + max(0.05, self.limits.slow_after - used)

    def _death(self, code: int) -> str:
        if code == -signal.SIGKILL:
            return ("the query worker was killed (the service is stopping, or the machine "
                    "ran out of memory)")
        if code == -signal.SIGABRT:
            return ("the query needed more memory than its limit of "
                    f"{self.limits.memory_bytes // 2**20} MiB and was stopped")
        return f"the query worker ended unexpectedly (exit status {code})"

    def _lower(self, worker: Worker, ticket_client: str) -> None:
        """Move a long query to the background, if fewer than ``workers`` are there."""
        with self._cond:
            if sum(1 for w in self._busy if w.niced) >= self.limits.workers:
                return
            worker.lower_priority()
            self._mark_heavy(ticket_client)
            self._dispatch()  # its room in the foreground is free for a new worker

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {"idle": sum(len(idle) for idle in self._idle.values()),
                    "busy": len(self._busy), "starting": sum(self._starting.values()),
                    "lowered": sum(1 for w in self._busy if w.niced),
                    "waiting": len(self._waiting)}

    def close(self) -> None:
        """Kill every worker; queries still waiting end with an error."""
        with self._cond:
            self._closed = True
            workers = [w for idle in self._idle.values() for w in idle] + [*self._busy]
            self._idle = {lane: [] for lane in LANES}
            self._cond.notify_all()
        for worker in workers:
            worker.kill()

