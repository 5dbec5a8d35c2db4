"""The service under overload: the answers that say "come back later" (429, 503 with
Retry-After, as the OpenAPI document names them), clients that ignore them, and the lanes
that keep the service's own questions answered (issue 16)."""

from __future__ import annotations

import contextvars
import threading
import time

import pytest
from flask.testing import FlaskClient

from plankg.app import Plankg
from store import QueryTimeoutError
from store.pool import QUERY_CLIENT, PoolLimits
from store.pooled import PooledStore
from tests.service_support import CROSS, variant
from tests.service_support import until as _until

# --- the OpenAPI document names the overload answers ----------------------------------------

def _documented(doc: dict, path: str, method: str, status: int) -> dict:
    response = doc["paths"][path][method]["responses"][str(status)]
    while "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response


def _conforms(doc: dict, path: str, method: str, answer) -> None:
    """The answer's status, media type and Retry-After are as the document says."""
    documented = _documented(doc, path, method, answer.status_code)
    assert answer.mimetype in documented["content"], (path, answer.status_code,
                                                       answer.mimetype)
    assert "Retry-After" in documented["headers"]
    assert int(answer.headers["Retry-After"]) >= 1
    if answer.mimetype == "application/json":
        assert set(answer.get_json()) == {"error", "status"}
        assert answer.get_json()["status"] == answer.status_code


def test_openapi_documents_429_and_503_with_retry_after(plankg_app: Plankg,
                                                        client: FlaskClient) -> None:
    doc = client.get("/openapi.json").get_json()
    header = doc["components"]["headers"]["RetryAfter"]
    assert header["required"] and header["schema"] == {"type": "integer", "minimum": 1}
    querying = {("/sparql", "get"), ("/sparql", "post"), ("/service", "get")}
    for path, item in doc["paths"].items():
        for method in item.keys() & {"get", "post", "put", "delete"}:
            assert "Retry-After" in _documented(doc, path, method, 429)["headers"], path
            if path.startswith("/api/") and method == "get":
                querying.add((path, method))
    for path, method in querying:
        assert "Retry-After" in _documented(doc, path, method, 503)["headers"], path
    # The answers themselves: a client with a query running asks another (429), the
    # running one is stopped at the limit (503, /sparql in plain text).
    web = variant(plankg_app, query_timeout=2.0, client_queries=1)
    c = web.test_client()
    same = {"REMOTE_ADDR": "127.0.0.77"}
    stopped: list = []
    holder = threading.Thread(target=lambda: stopped.append(
        c.post("/sparql", data={"query": CROSS}, environ_base=same)))
    try:
        holder.start()
        time.sleep(0.8)
        busy = c.get("/api/documents", environ_base=same)
        assert busy.status_code == 429, busy.get_data(as_text=True)[:300]
        _conforms(doc, "/api/documents", "get", busy)
        holder.join(20)
        assert stopped[0].status_code == 503
        _conforms(doc, "/sparql", "post", stopped[0])
    finally:
        web.extensions["plankg.query_store"].close()


# --- a client that ignores Retry-After --------------------------------------------------------

def test_refused_requests_cost_more_than_answered_ones(plankg_app: Plankg) -> None:
    web = variant(plankg_app, rate_limit=0.1, rate_burst=10)
    c = web.test_client()
    bad = [c.get("/sparql", query_string={"query": "ASK {"},
                 environ_base={"REMOTE_ADDR": "127.0.0.31"}).status_code for _ in range(3)]
    assert bad == [400, 429, 429], bad  # 10 tokens a refusal: one fits
    good = [c.get("/api/documents", environ_base={"REMOTE_ADDR": "127.0.0.32"}).status_code
            for _ in range(8)]
    assert good == [200] * 8


def test_the_tarpit_holds_one_refusal_per_client_and_few_in_all() -> None:
    from service.guard import Tarpit

    tarpit = Tarpit(slots=2, longest=0.4)
    held: dict[str, float] = {}

    def hold(name: str, client: str) -> None:
        held[name] = tarpit.hold(client, 5.0)

    threads = [threading.Thread(target=hold, args=(name, client))
               for name, client in (("a1", "a"), ("b", "b"))]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    started = time.monotonic()
    assert tarpit.hold("a", 5.0) == 0.0  # a's first refusal is held already
    assert tarpit.hold("c", 5.0) == 0.0  # both places are taken
    assert time.monotonic() - started < 0.05
    for thread in threads:
        thread.join(5)
    assert held == {"a1": 0.4, "b": 0.4}
    assert tarpit.hold("c", 0.05) == 0.05  # free again; never longer than the client waits


def test_a_429_is_held_back_and_says_what_is_left(plankg_app: Plankg) -> None:
    c = variant(plankg_app, rate_limit=0.1, rate_burst=1).test_client()  # 10 s a token
    first = time.monotonic()
    assert c.get("/api/documents").status_code == 200
    started = time.monotonic()
    r = c.get("/api/documents")
    elapsed = time.monotonic() - started
    assert r.status_code == 429 and 0.95 <= elapsed < 1.8, elapsed  # held back 1 s
    left = 10 - (started - first) - 1  # of the 10 s to wait, 1 s was spent held back
    assert abs(int(r.headers["Retry-After"]) - left) <= 1, (r.headers["Retry-After"], left)


def test_a_heavy_clients_work_between_queries_is_paced(plankg_app: Plankg) -> None:
    """What a heavy client's request computes in this process between two queries takes
    at most a quarter of its time; a light client is not held back."""
    from store.pool import HEAVY_DUTY

    store = PooledStore(plankg_app.store, PoolLimits(workers=1, spare=0), 10.0)

    def second_query_after_work(client: str) -> float:
        QUERY_CLIENT.set(client)
        store.query("ASK {}")
        spin = time.thread_time() + 0.1
        while time.thread_time() < spin:  # 0.1 s of CPU, as decoding answers would take
            pass
        started = time.monotonic()
        store.query("ASK {}")
        return time.monotonic() - started

    try:
        store.pool.mark_heavy("heavy")
        paced = contextvars.copy_context().run(second_query_after_work, "heavy")
        light = contextvars.copy_context().run(second_query_after_work, "light")
        assert paced >= 0.1 * (1 / HEAVY_DUTY - 1) * 0.9, paced
        assert light < paced - 0.1, (light, paced)  # the same query without the pause
    finally:
        store.close()


def test_the_services_own_questions_have_a_lane_of_their_own(plankg_app: Plankg) -> None:
    """A client's SPARQL that holds every foreground worker keeps no /api question
    waiting: those go to the API lane's workers."""
    from store.pool import API, FOREGROUND, QUERY_LANE, QUERY_WAITED

    store = PooledStore(plankg_app.store, PoolLimits(workers=1, spare=1, slow_after=5.0), 3.0)

    def ask(client: str, lane: str) -> float:
        QUERY_CLIENT.set(client)
        QUERY_LANE.set(lane)
        waited: list[float] = []
        QUERY_WAITED.set(waited)
        store.query("ASK {}")
        return waited[0]

    try:
        for lane in (API, FOREGROUND):  # a worker started and warm in each lane
            contextvars.copy_context().run(ask, "warm", lane)
        hog = threading.Thread(target=lambda: contextvars.copy_context().run(
            lambda: (QUERY_CLIENT.set("hog"), _stopped(store))))
        hog.start()
        _until(lambda: store.pool.stats()["busy"] == 1)  # the hog holds the one foreground
        # worker (never lowered: slow_after is beyond its time limit)
        api_wait = contextvars.copy_context().run(ask, "polite", API)
        assert api_wait < 0.05, api_wait
        with pytest.raises(QueryTimeoutError):  # behind the hog, until its time was up
            contextvars.copy_context().run(ask, "other", FOREGROUND)
        hog.join(10)
    finally:
        store.close()


def _stopped(store: PooledStore) -> None:
    with pytest.raises(QueryTimeoutError):
        store.query(CROSS)


def test_a_query_is_judged_long_by_its_cpu_not_by_a_busy_machine(plankg_app: Plankg) -> None:
    """A worker that gets no CPU (here: stopped, as a starved one on a busy machine) is
    neither lowered nor makes its client heavy; once it computes, it is lowered."""
    import os
    import signal

    store = PooledStore(plankg_app.store, PoolLimits(workers=1, spare=0, slow_after=0.3), 8.0)

    def cross() -> None:
        QUERY_CLIENT.set("starved")
        with pytest.raises(QueryTimeoutError):
            store.query(CROSS)

    thread = threading.Thread(target=lambda: contextvars.copy_context().run(cross))
    try:
        thread.start()
        _until(lambda: store.pool.stats()["busy"] == 1)
        (worker,) = store.pool._busy
        os.kill(worker.process.pid, signal.SIGSTOP)
        time.sleep(1.0)  # three times slow_after in wall time, no CPU
        assert store.pool.stats()["lowered"] == 0 and not store.pool.is_heavy("starved")
        os.kill(worker.process.pid, signal.SIGCONT)
        _until(lambda: store.pool.stats()["lowered"] == 1)
        assert store.pool.is_heavy("starved")
        thread.join(10)
    finally:
        store.close()
