"""A small pool of killable query worker processes over one on-disk Oxigraph store.

pyoxigraph cannot cancel a query, so a query that must stop on time runs where it can be
stopped: in a worker process (store/query_worker.py) with a read-only view of the store.
At the time limit the worker is killed (SIGKILL) and replaced; its CPU and memory go with
it. The limit counts from the moment the query asks for a worker, so waiting, parsing and
evaluation are all inside it.

Fairness between clients (the web service names the client in ``QUERY_CLIENT``): a client
may have ``client_running`` queries running and ``client_queued`` waiting or running;
beyond that ``PoolBusyError(retry_after)`` with ``client=True``. At most ``queue`` queries
wait in all; beyond that ``PoolBusyError``. A free worker goes to the first waiting query
whose client is under its running quota. A query still running after ``slow_after``
seconds gets a low CPU priority (nice 10), so short queries keep their speed beside
it; a worker that was lowered is replaced after its query, since an unprivileged process
cannot raise its priority again.
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from store.errors import QueryTimeoutError, StoreError

log = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("query_worker.py")
# nice 10: about a tenth of the CPU weight of a normal process, so short queries win the
# CPU, while a long query still gets on when the machine has other work too.
LOW_PRIORITY = 10
QUERY_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("plankg_query_client",
                                                                   default="local")
# Seconds of worker time spent in this context (the service charges them to the client).
QUERY_SECONDS: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "plankg_query_seconds", default=None)


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
    memory_bytes: int = 1536 * 1024 * 1024
    queue: int = 32
    client_running: int = 1
    client_queued: int = 4
    slow_after: float = 0.25
    idle_seconds: float = 60.0
    spare: int = 1


class Worker:
    """One worker process and its end of the socket."""

    def __init__(self, store_path: Path, memory_bytes: int) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT), str(theirs.fileno()), str(store_path),
             str(memory_bytes)],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.niced = False
        self.last_used = time.monotonic()
        if not self.conn.poll(30) or self.conn.recv() != ("ready",):
            self.kill()
            raise StoreError("a query worker did not start")

    def lower_priority(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, LOW_PRIORITY)
            self.niced = True
        except OSError:  # it has just ended: the caller finds out from the socket
            pass

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("query worker %d did not end after SIGKILL", self.process.pid)
        self.conn.close()


@dataclass
class _Ticket:
    client: str
    worker: Worker | None = None
    since: float = field(default_factory=time.monotonic)


class QueryPool:
    """Run jobs for store/query_worker.py in killable processes; thread-safe."""

    def __init__(self, store_path: Path, limits: PoolLimits | None = None) -> None:
        self.store_path = Path(store_path)
        self.limits = limits or PoolLimits()
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._starting = 0
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
        ticket = _Ticket(client)
        self._waiting.append(ticket)
        self._queued[client] += 1
        return ticket

    def _next_ticket(self) -> _Ticket | None:
        quota = self.limits.client_running
        return next((t for t in self._waiting if self._running[t.client] < quota), None)

    def _dispatch(self) -> None:
        """Hand idle workers to waiting tickets; start workers while some wait."""
        while self._idle and (ticket := self._next_ticket()) is not None:
            ticket.worker = self._idle.pop()
            self._waiting.remove(ticket)
            self._running[ticket.client] += 1
            self._busy.add(ticket.worker)
        wanted = len(self._waiting) + self.limits.spare - len(self._idle) - self._starting
        room = self.limits.workers - len(self._busy) - len(self._idle) - self._starting
        for _ in range(max(0, min(wanted, room))):
            self._starting += 1
            threading.Thread(target=self._start_worker, name="plankg-pool-start",
                             daemon=True).start()
        self._cond.notify_all()

    def _start_worker(self) -> None:
        worker: Worker | None = None
        try:
            worker = Worker(self.store_path, self.limits.memory_bytes)
        except (OSError, StoreError) as err:
            log.error("could not start a query worker: %s", err)
        with self._cond:
            self._starting -= 1
            if worker is not None:
                if self._closed:
                    worker.kill()
                else:
                    self._idle.append(worker)
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
            return ticket

    def _release(self, ticket: _Ticket, healthy: bool) -> None:
        worker = ticket.worker
        assert worker is not None
        with self._cond:
            self._busy.discard(worker)
            self._running[ticket.client] -= 1
            self._queued[ticket.client] -= 1
            worker.last_used = time.monotonic()
            keep = healthy and not worker.niced and not self._closed
            if keep:
                self._idle.append(worker)
            self._retire_idle()
            self._dispatch()
        if not keep:
            worker.kill()

    def _retire_idle(self) -> None:
        now = time.monotonic()
        keep = max(self.limits.spare, 1)
        while len(self._idle) > keep and now - self._idle[0].last_used > self.limits.idle_seconds:
            threading.Thread(target=self._idle.pop(0).kill, daemon=True).start()

    # -- running ---------------------------------------------------------------------------
    def run(self, job: tuple, timeout: float) -> tuple:
        """The worker's reply to ``job``; QueryTimeoutError when ``timeout`` s have passed."""
        started = time.monotonic()
        deadline = started + timeout
        ticket = self._acquire(QUERY_CLIENT.get(), deadline)
        worker = ticket.worker
        assert worker is not None
        healthy = False
        running_since = time.monotonic()
        try:
            worker.conn.send(job)
            reply = self._wait(worker, deadline, timeout)
            healthy = True
            return reply
        finally:
            spent = QUERY_SECONDS.get()
            if spent is not None:
                spent.append(time.monotonic() - running_since)
            self._release(ticket, healthy)

    def _wait(self, worker: Worker, deadline: float, timeout: float) -> tuple:
        slow_at = time.monotonic() + self.limits.slow_after
        while True:
            now = time.monotonic()
            until = deadline if worker.niced else min(deadline, slow_at)
            try:
                if worker.conn.poll(max(0.0, until - now)):
                    return worker.conn.recv()
            except (EOFError, OSError) as err:
                code = worker.process.wait(timeout=5)
                raise WorkerDiedError(f"the query worker ended (exit status {code}): the "
                                      "query probably needed more memory than its limit "
                                      f"of {self.limits.memory_bytes // 2**20} MiB") from err
            now = time.monotonic()
            if now >= deadline:
                raise QueryTimeoutError(f"query did not finish within {timeout:g} s; "
                                        "it was stopped")
            if not worker.niced and now >= slow_at:
                worker.lower_priority()

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {"idle": len(self._idle), "busy": len(self._busy),
                    "starting": self._starting, "waiting": len(self._waiting)}

    def close(self) -> None:
        """Kill every worker; queries still waiting end with an error."""
        with self._cond:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._cond.notify_all()
        for worker in workers:
            worker.kill()
