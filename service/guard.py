"""Per-client limits and response headers that every request of the service passes.

- A token bucket per client address (``rate_limit`` tokens a second, ``rate_burst`` at
  most): a request takes one token, and each second of work it caused (its queries in the
  workers, its own CPU time in this process) beyond the first half second takes
  ``4 × rate_limit`` more afterwards, so a client that keeps the server busy is slowed to a
  quarter of one core, while quick questions cost one token however slow the machine is
  at the moment; an empty bucket
  answers 429 with Retry-After. A request that caused more than a second of work sends the
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
from store.pool import QUERY_CLIENT, QUERY_SECONDS, PoolBusyError, WorkerDiedError

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
FRAMEABLE = ("/reconcile/preview",)
MAX_CLIENTS = 10_000  # buckets kept; full ones are forgotten first
COST_PER_SECOND = 4  # tokens per second of work, in units of the refill rate
FREE_WORK = 0.5  # seconds of work a request may cause for its one token
LONG_REQUEST = 1.0  # seconds
RETRY_AFTER_STOPPED = 5  # seconds: after a query was stopped at its limit or its worker died


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


def install(web: Flask, rate: float, burst: int) -> None:
    """Register the limits and headers on ``web``."""
    limiter = RateLimiter(rate, burst) if rate > 0 else None
    web.extensions["plankg.rate_limiter"] = limiter

    @web.before_request
    def _admit() -> Response | None:
        client = request.remote_addr or "unknown"
        g.plankg_client = client
        g.plankg_started = (time.monotonic(), time.thread_time())  # wall, CPU
        g.plankg_tokens = (QUERY_CLIENT.set(client), QUERY_SECONDS.set([]))
        g.plankg_trusted = _has_write_token(web)
        if limiter is not None and not g.plankg_trusted:
            wait = limiter.take(client)
            if wait > 0:
                return too_many("too many requests from this client: slow down", wait)
        return None

    web.after_request(security_headers)

    @web.teardown_request
    def _charge(_err: BaseException | None) -> None:
        tokens = g.pop("plankg_tokens", None)
        if tokens is None:
            return
        cpu = time.thread_time() - g.plankg_started[1]
        work = sum(QUERY_SECONDS.get() or []) + cpu
        if limiter is not None and not g.get("plankg_trusted"):
            extra = max(0.0, work - FREE_WORK)
            if extra:
                limiter.charge(g.plankg_client, extra * COST_PER_SECOND * limiter.rate)
        pooled = web.extensions.get("plankg.query_store")
        # Work, not wall time: a quick question that had to wait must not be sent to the
        # slow lane for having waited.
        if pooled is not None and work > LONG_REQUEST:
            pooled.pool.mark_heavy(g.plankg_client)
        try:
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
