"""Per-client limits and response headers that every request of the service passes.

- A token bucket per client address (``rate_limit`` tokens a second, ``rate_burst`` at
  most): a request takes one token, and each second of work it caused (CPU seconds of its
  queries in the workers and of its thread here; a request stopped at its time limit
  counts its whole time) beyond the first half second takes
  ``4 × rate_limit`` more afterwards, so a client that keeps the server busy is slowed to a
  quarter of one core, while quick questions cost one token however slow the machine is
  at the moment; a refused request (400, 413, …) costs ``REFUSAL_TOKENS`` more. An empty
  bucket answers 429 with Retry-After, held back up to a second (Tarpit) so that a client
  that ignores Retry-After cannot make this process spend its time refusing it. A
  request that caused more than a second of work sends the
  client's next queries to the pool's low-priority lane for a while. Requests that carry
  the write token are trusted: they are neither limited nor charged (an upload's minutes
  of extraction would otherwise lock its writer out).
- The client's address is handed to the query pool (store.pool.QUERY_CLIENT), which keeps
  each client to its share of the workers.
- Pages and API answers carry a Content-Security-Policy and the usual hardening headers;
  the reconciliation preview may be framed, as OpenRefine shows it in an iframe.
"""

from __future__ import annotations

import hmac
import math
import threading
import time

from flask import Flask, Response, g, jsonify, request

from store import QueryTimeoutError
from store.pool import (
    API,
    FOREGROUND,
    QUERY_CLIENT,
    QUERY_CPU,
    QUERY_LANE,
    QUERY_SECONDS,
    QUERY_WAITED,
    PoolBusyError,
    WorkerDiedError,
)

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
FRAMEABLE = ("/reconcile/preview",)
MAX_CLIENTS = 10_000  # buckets kept; full ones are forgotten first
COST_PER_SECOND = 4  # tokens per second of work, in units of the refill rate
FREE_WORK = 0.5  # seconds of work a request may cause for its one token
LONG_REQUEST = 1.0  # seconds
# Blueprints whose questions are the service's own, fixed and cheap: their queries go to
# the pool's API lane, which no client's SPARQL can occupy.
API_BLUEPRINTS = frozenset({"api", "linked_data"})
RETRY_AFTER_STOPPED = 5  # seconds: after a query was stopped at its limit or its worker died
# A refused request (bad syntax, too large, a batch over its size) costs this many tokens
# more: a client that keeps sending what is refused is slowed like one that keeps us busy.
REFUSED = frozenset({400, 405, 413, 414, 415, 422, 431})
REFUSAL_TOKENS = 9
TARPIT_SLOTS = 8  # refusals held back at once (threads held), one per client
TARPIT_SECONDS = 1.0  # the longest a refusal is held back


class RateLimiter:
    """Token buckets by client; thread-safe."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, client: str, now: float) -> float:
        tokens, stamp = self._buckets.get(client, (self.burst, now))
        return min(self.burst, tokens + (now - stamp) * self.rate)

    def take(self, client: str) -> float:
        """0 if the request may go ahead (one token taken), else seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens = self._level(client, now)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return (1 - tokens) / self.rate
            if len(self._buckets) >= MAX_CLIENTS:
                self._forget(now)
            self._buckets[client] = (tokens - 1, now)
            return 0.0

    def charge(self, client: str, cost: float) -> None:
        now = time.monotonic()
        with self._lock:
            # Debt is allowed, down to two bursts: a client that overspent waits it off.
            self._buckets[client] = (max(-2 * self.burst, self._level(client, now) - cost),
                                     now)

    def _forget(self, now: float) -> None:
        full = [c for c in self._buckets if self._level(c, now) >= self.burst]
        for client in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[client]


class Tarpit:
    """Holds back the 429 of a client over its limit, for as long as it has to wait but at
    most ``longest`` seconds, so that a client that ignores Retry-After and asks again at
    once asks about once a second, not dozens of times: every refusal this process answers
    costs it CPU and its interpreter lock, which the other clients' requests need. A held
    refusal sleeps (holding a thread, not the lock); at most ``slots`` are held at once,
    one per client, so that a swarm of clients cannot hold the server's threads: the
    others are answered at once."""

    def __init__(self, slots: int = TARPIT_SLOTS, longest: float = TARPIT_SECONDS) -> None:
        self.slots = slots
        self.longest = longest
        self._held: set[str] = set()
        self._lock = threading.Lock()

    def hold(self, client: str, seconds: float) -> float:
        """Sleep up to ``seconds`` if there is room; the seconds slept."""
        with self._lock:
            if client in self._held or len(self._held) >= self.slots:
                return 0.0
            self._held.add(client)
        try:
            held = min(seconds, self.longest)
            time.sleep(held)
            return held
        finally:
            with self._lock:
                self._held.discard(client)


def too_many(message: str, retry_after: float, status: int = 429) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def overload(err: Exception) -> Response | None:
    """The 429 or 503 with Retry-After for a store that is too busy for the request, or
    None if ``err`` is another failure. Blueprints with their own StoreError handler ask
    this first (a blueprint's handler takes precedence over the application's)."""
    if isinstance(err, PoolBusyError):
        return too_many(str(err), err.retry_after, 429 if err.client else 503)
    if isinstance(err, QueryTimeoutError):
        return too_many(f"the question took too long: {err}", RETRY_AFTER_STOPPED, 503)
    if isinstance(err, WorkerDiedError):
        return too_many(str(err), RETRY_AFTER_STOPPED, 503)
    return None


def _has_write_token(web: Flask) -> bool:
    token = web.extensions["plankg"].config.token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


def security_headers(response: Response) -> Response:
    """The hardening headers every answer carries."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.path.startswith(FRAMEABLE):
        # OpenRefine frames the preview, which styles itself inline.
        headers.setdefault("Content-Security-Policy", CSP.replace(
            "frame-ancestors 'none'", "frame-ancestors *; style-src 'unsafe-inline'"))
    else:
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
    return response


def server_timing(response: Response) -> Response:
    """Where the request's time went, as a Server-Timing header (ms): ``total`` in the
    application, ``cpu`` of its thread here, ``wait`` for a query worker, ``query`` in
    the workers and ``qcpu`` the workers' CPU time for it. What ``total`` holds beyond
    cpu, wait and query is time this thread was ready to run and did not (the
    interpreter lock or the machine's other processes); what ``query`` holds beyond
    ``qcpu`` is the round trips to the workers and their waiting for a core."""
    started = g.get("plankg_started")
    if started is None:
        return response
    total = (time.monotonic() - started[0]) * 1000
    cpu = (time.thread_time() - started[1]) * 1000
    waited = sum(QUERY_WAITED.get() or []) * 1000
    query = sum(QUERY_SECONDS.get() or []) * 1000
    query_cpu = sum(QUERY_CPU.get() or []) * 1000
    response.headers["Server-Timing"] = (f"total;dur={total:.1f}, cpu;dur={cpu:.1f}, "
                                         f"wait;dur={waited:.1f}, query;dur={query:.1f}, "
                                         f"qcpu;dur={query_cpu:.1f}")
    return response


def install(web: Flask, rate: float, burst: int) -> None:
    """Register the limits and headers on ``web``."""
    limiter = RateLimiter(rate, burst) if rate > 0 else None
    web.extensions["plankg.rate_limiter"] = limiter
    tarpit = Tarpit()

    @web.before_request
    def _admit() -> Response | None:
        client = request.remote_addr or "unknown"
        g.plankg_client = client
        g.plankg_started = (time.monotonic(), time.thread_time())  # wall, CPU
        lane = API if request.blueprint in API_BLUEPRINTS else FOREGROUND
        g.plankg_tokens = (QUERY_CLIENT.set(client), QUERY_SECONDS.set([]),
                           QUERY_WAITED.set([]), QUERY_LANE.set(lane), QUERY_CPU.set([]))
        g.plankg_trusted = _has_write_token(web)
        if limiter is not None and not g.plankg_trusted:
            wait = limiter.take(client)
            if wait > 0:
                held = tarpit.hold(client, wait)
                return too_many("too many requests from this client: slow down",
                                wait - held)
        return None

    web.after_request(security_headers)
    web.after_request(server_timing)

    @web.after_request
    def _note_status(response: Response) -> Response:
        g.plankg_status = response.status_code
        return response

    @web.teardown_request
    def _charge(_err: BaseException | None) -> None:
        tokens = g.pop("plankg_tokens", None)
        if tokens is None:
            return
        cpu = time.thread_time() - g.plankg_started[1]
        # CPU, not wall time: on a busy machine a quick question waits for a core, and
        # that must neither cost its client tokens nor send it to the slow lane. But a
        # request stopped at its time limit (503) asked for more than all of it.
        work = sum(QUERY_CPU.get() or []) + cpu
        if g.get("plankg_status") == 503:
            work = max(work, time.monotonic() - g.plankg_started[0])
        if limiter is not None and not g.get("plankg_trusted"):
            cost = max(0.0, work - FREE_WORK) * COST_PER_SECOND * limiter.rate
            if g.get("plankg_status") in REFUSED:
                cost += REFUSAL_TOKENS
            if cost:
                limiter.charge(g.plankg_client, cost)
        pooled = web.extensions.get("plankg.query_store")
        # Work, not wall time: a quick question that had to wait must not be sent to the
        # slow lane for having waited.
        if pooled is not None and work > LONG_REQUEST:
            pooled.pool.mark_heavy(g.plankg_client)
        try:
            QUERY_CPU.reset(tokens[4])
            QUERY_LANE.reset(tokens[3])
            QUERY_WAITED.reset(tokens[2])
            QUERY_SECONDS.reset(tokens[1])
            QUERY_CLIENT.reset(tokens[0])
        except ValueError:  # set in another context (a streamed response): nothing to undo
            pass

    @web.errorhandler(PoolBusyError)
    @web.errorhandler(QueryTimeoutError)
    @web.errorhandler(WorkerDiedError)
    def _overloaded(err: Exception) -> Response:
        response = overload(err)
        assert response is not None
        return response
