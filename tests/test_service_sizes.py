"""Sizes, depths and time limits: huge, deeply nested and slow requests are refused or
stopped cleanly, in process and against a real ``plankg serve``, which must still answer
afterwards. Wall-clock bounds are tests of their own, under the ``timing`` marker.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from flask.testing import FlaskClient

from plankg.app import Plankg
from service.protocol import MAX_QUERY_CHARS
from tests import service_support as support
from tests.abuse_support import DEEP, SPARQL_QUERY, SPARQL_UPDATE, Listener, service_queries
from tests.conftest import within
from tests.live_server import plankg, plankg_env, plankg_serve
from tests.service_support import AUTH, TOKEN, variant

SLOW = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f }
          GRAPH ?i { ?x ?y ?z } FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?z))) > 3) }"""


# --- size, depth and time -------------------------------------------------------------------

def test_huge_queries_are_refused(client: FlaskClient) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(
        str(i) for i in range(300_000)) + ")) }"
    assert len(huge) > 2_000_000
    direct = client.post("/sparql", data=huge, content_type=SPARQL_QUERY)
    form = client.post("/sparql", data={"query": huge})
    assert direct.status_code == 413 and str(MAX_QUERY_CHARS) in direct.get_data(as_text=True)
    assert form.status_code == 413
    just_over = "SELECT * WHERE { ?s ?p ?o }" + "#" * MAX_QUERY_CHARS
    assert client.post("/sparql", data=just_over,
                       content_type=SPARQL_QUERY).status_code == 413


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{" * DEEP + " ?s ?p ?o " + "}" * DEEP,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }",
    "SELECT * WHERE " + "{ SELECT * WHERE " * DEEP + "{ ?s ?p ?o }" + "}" * DEEP,
    "SELECT * WHERE { ?s ?p ?o OPTIONAL " + "{ ?s ?p ?o OPTIONAL " * DEEP + "{}" + "}" * (DEEP + 1),
    "SELECT * WHERE " + "{" * 100_000,
])
def test_deeply_nested_queries_are_400(client: FlaskClient, text: str) -> None:
    r = client.post("/sparql", data=text, content_type=SPARQL_QUERY)
    # 400 from the parser's depth limit, or 413 when the text is over the length limit.
    assert r.status_code in (400, 413), r.get_data(as_text=True)[:200]


@pytest.mark.timing
def test_huge_and_deep_queries_are_refused_within_seconds(client: FlaskClient) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(
        str(i) for i in range(300_000)) + ")) }"
    for text in (huge, "SELECT * WHERE " + "{" * DEEP + " ?s ?p ?o " + "}" * DEEP,
                 "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }"):
        with within(5):
            r = client.post("/sparql", data=text, content_type=SPARQL_QUERY)
        assert r.status_code in (400, 413)


def test_deeply_nested_bodies_with_the_token_are_400(client: FlaskClient) -> None:
    update = ("INSERT DATA { <urn:a> <urn:b> " + "(" * DEEP + "1" + ")" * DEEP + " }")
    assert client.post("/sparql", data=update, content_type=SPARQL_UPDATE,
                       headers=AUTH).status_code == 400
    # Oxigraph's JSON-LD parser overflows the native stack at a few thousand levels.
    deep_json = '{"@id": "urn:a", "urn:p": ' + '{"urn:p": ' * DEEP + "1" + "}" * DEEP + "}"
    r = client.put("/service?graph=urn:deep", data=deep_json,
                   content_type="application/ld+json", headers=AUTH)
    assert r.status_code == 400 and "nested too deeply" in r.get_data(as_text=True)
    assert client.get("/service", query_string={"graph": "urn:deep"}).status_code == 404
    # A bare JSON scalar parsed as an empty document: a PUT would have cleared the graph.
    for scalar in ("false", "0", '"x"', "null"):
        r = client.put("/service?default", data=scalar, content_type="application/ld+json",
                       headers=AUTH)
        assert r.status_code == 400, scalar


def test_slow_query_stops_at_the_limit(plankg_app: Plankg) -> None:
    c = variant(plankg_app, query_timeout=0.5).test_client()
    slow = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f }
              GRAPH ?i { ?x ?y ?z } FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?z))) > 3) }"""
    r = c.post("/sparql", data=slow, content_type=SPARQL_QUERY)
    assert r.status_code == 503 and "0.5 s" in r.get_data(as_text=True)


@pytest.mark.timing
def test_slow_query_answers_soon_after_the_limit(plankg_app: Plankg) -> None:
    c = variant(plankg_app, query_timeout=0.5).test_client()
    with within(0.5 + 2.0):
        r = c.post("/sparql", data=SLOW, content_type=SPARQL_QUERY)
    assert r.status_code == 503


def test_oversized_uploads_and_bodies_are_413(plankg_app: Plankg) -> None:
    c = variant(plankg_app, max_upload_bytes=2_000).test_client()
    body = b"Bereich\tZiele\tMa\xc3\x9fnahmen\n" + b"x\ty\tz\n" * 1_000
    raw = c.post("/api/documents?filename=big.tsv", data=body,
                 content_type="text/tab-separated-values", headers=AUTH)
    multipart = c.post("/api/documents", data={"file": (__import__("io").BytesIO(body),
                                                        "big.tsv")},
                       content_type="multipart/form-data", headers=AUTH)
    assert raw.status_code == 413 and multipart.status_code == 413
    assert raw.get_json()["status"] == 413
    turtle = b"<urn:a> <urn:b> " + b'"' + b"x" * 5_000 + b'" .'
    assert c.put("/service?graph=urn:big", data=turtle, content_type="text/turtle",
                 headers=AUTH).status_code == 413
    assert c.post("/sparql", data=b"ASK {}" + b" " * 5_000,
                  content_type=SPARQL_QUERY).status_code == 413
    assert c.get("/service", query_string={"graph": "urn:big"}).status_code == 404


# --- against a real process -----------------------------------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    store = tmp_path_factory.mktemp("abuse-store")
    env = plankg_env(PLANKG_TOKEN=TOKEN, PLANKG_QUERY_TIMEOUT="1")
    loaded = plankg("load", "--store", str(store), str(support.MOESSINGEN), env=env)
    assert loaded.returncode == 0, loaded.stderr
    log = tmp_path_factory.mktemp("abuse-log") / "serve.log"
    with plankg_serve(store, env, log) as server:
        yield {"url": server.url, "process": server.process, "log": log}


def _still_answers(live: dict) -> None:
    """The server is up and answers a cheap question; a 503 that says when to come back
    (a query worker still restarting after the abuse, slow on a busy machine) is honoured
    as a polite client would, for at most 20 s."""
    assert live["process"].poll() is None, live["log"].read_text()[-3000:]
    deadline = time.monotonic() + 20
    while True:
        r = requests.get(f"{live['url']}/api/responsibilities",
                         params={"who": "Sachgebiet 1-4"}, timeout=10)
        if r.status_code != 503 or time.monotonic() > deadline:
            break
        assert "Retry-After" in r.headers, r.text[:300]
        time.sleep(min(float(r.headers["Retry-After"]), 1.0))
    assert r.status_code == 200 and r.json()["count"] > 0, (r.status_code, r.text[:300])


@pytest.mark.slow
def test_live_server_survives_huge_and_deep_requests(live: dict) -> None:
    url = f"{live['url']}/sparql"
    huge = "SELECT * WHERE { ?s ?p ?o }" + "#" * 2_000_000
    deep = "SELECT * WHERE " + "{" * DEEP + " ?s ?p ?o " + "}" * DEEP
    deep_parens = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }"
    deep_json = '{"@id": "urn:a", "urn:p": ' + '{"urn:p": ' * DEEP + "1" + "}" * DEEP + "}"
    cases = [
        ("GET 2 MB", lambda: requests.get(url, params={"query": huge}, timeout=30),
         (400, 413, 414)),
        ("POST 2 MB", lambda: requests.post(url, data=huge, timeout=30,
                                            headers={"Content-Type": SPARQL_QUERY}), (413,)),
        ("form 2 MB", lambda: requests.post(url, data={"query": huge}, timeout=30), (413,)),
        ("deep braces", lambda: requests.post(url, data=deep, timeout=30,
                                              headers={"Content-Type": SPARQL_QUERY}), (400,)),
        ("deep parens", lambda: requests.get(url, params={"query": deep_parens}, timeout=30),
         (400, 414)),
        ("deep form", lambda: requests.post(url, data={"query": deep_parens}, timeout=30), (400,)),
        ("deep JSON-LD", lambda: requests.put(
            f"{live['url']}/service", params={"graph": "urn:deep"}, data=deep_json, timeout=30,
            headers={"Content-Type": "application/ld+json", **AUTH}), (400,)),
        ("2 MB update, no token", lambda: requests.post(
            url, data="CLEAR ALL" + " " * 2_000_000, timeout=30,
            headers={"Content-Type": SPARQL_UPDATE}), (401,)),
    ]
    for label, call, statuses in cases:
        r = call()
        assert r.status_code in statuses, (label, r.status_code, r.text[:200])
        assert "Traceback" not in r.text, label
        _still_answers(live)


@pytest.mark.slow
def test_live_server_time_limit_and_refusals(live: dict, listener: Listener) -> None:
    url = f"{live['url']}/sparql"
    slow = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f }
              GRAPH ?i { ?x ?y ?z } FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?z))) > 3) }"""
    r = requests.post(url, data={"query": slow}, timeout=30)
    assert r.status_code == 503, r.text[:300]
    _still_answers(live)
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    for text in service_queries(endpoint):
        assert requests.get(url, params={"query": text}, timeout=30).status_code == 403
    load = f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>"
    assert requests.post(url, data={"update": load}, timeout=30).status_code == 401
    assert requests.post(url, data={"update": load}, headers=AUTH, timeout=30).status_code == 403
    assert requests.post(url, data={"update": "CLEAR ALL"}, timeout=30,
                         headers={"Authorization": "Bearer nope"}).status_code == 401
    time.sleep(0.3)
    assert listener.connections == 0
    _still_answers(live)


