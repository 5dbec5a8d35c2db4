"""Issue 16 against a real ``plankg serve``: concurrent parse-heavy queries, cross products
that must stop and leave the CPU idle, and a shutdown without SIGSEGV."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from benchmarks.abuse import session_from
from benchmarks.cpu import busy_cores, seconds_until_idle
from tests import service_support as support
from tests.live_server import plankg, plankg_env, plankg_serve
from tests.service_support import TOKEN
from tests.test_service_limits import CROSS, PARSE_HEAVY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    store = tmp_path_factory.mktemp("limits-store")
    env = plankg_env(PLANKG_TOKEN=TOKEN, PLANKG_QUERY_TIMEOUT="2")
    loaded = plankg("load", "--store", str(store), str(support.MOESSINGEN), env=env)
    assert loaded.returncode == 0, loaded.stderr
    log = tmp_path_factory.mktemp("limits-log") / "serve.log"
    with plankg_serve(store, env, log, threads=12) as server:
        yield {"url": server.url, "process": server.process, "log": log}


def test_live_parse_heavy_queries_at_once(live: dict) -> None:
    url = f"{live['url']}/sparql"
    statuses: list[int] = []

    def ask(n: int) -> None:
        with session_from(f"127.0.2.{n + 1}") as session:
            for _ in range(3):
                statuses.append(session.post(url, data={"query": PARSE_HEAVY},
                                             timeout=60).status_code)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert statuses == [200] * 24
    r = requests.get(url, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"}, timeout=10,
                     headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_live_cross_products_stop_and_the_cpu_goes_idle(live: dict) -> None:
    url = f"{live['url']}/sparql"
    statuses: list[int] = []

    def ask(n: int) -> None:
        with session_from(f"127.0.3.{n + 1}") as session:
            statuses.append(session.post(url, data={"query": CROSS}, timeout=30).status_code)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    assert busy_cores(live["process"].pid, 0.5) > 0.3  # the cross products do run
    for thread in threads:
        thread.join(30)
    assert statuses == [503] * 4
    assert time.monotonic() - started < 2 + 3
    idle = seconds_until_idle(live["process"].pid, limit=10)
    assert idle is not None and idle < 3, idle
    r = requests.get(f"{live['url']}/api/responsibilities", params={"who": "Sachgebiet 1-4"},
                     timeout=10)
    assert r.status_code == 200 and r.json()["count"] > 0


def test_live_shutdown_is_clean(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = plankg_env(PLANKG_TOKEN=TOKEN)
    assert plankg("load", "--store", str(store), str(support.MOESSINGEN), env=env
                  ).returncode == 0
    log = tmp_path / "serve.log"
    with plankg_serve(store, env, log) as server:
        assert requests.get(f"{server.url}/api/measures", timeout=10).status_code == 200
        process = server.process
    assert process.wait(timeout=30) == 0
    text = log.read_text()
    assert "SIGSEGV" not in text and "Worker exiting" in text, text[-2000:]
