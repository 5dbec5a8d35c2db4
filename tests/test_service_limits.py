"""The service stays up under abuse: each finding of issue 16, reproduced and held.

In-process cases use the Flask test client over the session store (the corpus loaded);
where the server process itself is at stake (threads sharing a parser, queries that run
on after their limit, CPU, shutdown) tests/test_service_limits_live.py starts a real
``plankg serve``.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from plankg.app import Plankg
from service.sparql_text import MAX_DEPTH, SparqlTextError, keywords, query_text, update_text
from store import QueryTimeoutError
from store.pool import QUERY_CLIENT, PoolBusyError, PoolLimits, WorkerDiedError
from store.pooled import PooledStore
from tests import service_support as support
from tests.service_support import AUTH, CROSS, variant
from tests.service_support import until as _until

SPARQL_QUERY = "application/sparql-query"
# About 20 KB: rdflib took ~12 s to parse one of these, and eight at once broke its parser.
# (Over a predicate nobody uses, so that Oxigraph's evaluation is quick too.)
PARSE_HEAVY = ("SELECT ?s WHERE { GRAPH ?g { ?s <urn:none> ?o FILTER(?o IN ("
               + ", ".join(f'"v{i}"' for i in range(2500)) + ")) } } LIMIT 5")
ODD = 'a\nb\\"'


# --- the lexical check --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s ?p '''\nSERVICE <http://x/> {}''' }",
    "# SERVICE <http://x/> {}\nASK { ?s ?p ?o }",
    "PREFIX service: <http://x/>\nASK { ?s service:SERVICE ?service . ?s ?p _:service }",
    'ASK { ?s <http://x/SERVICE> "x"@service }',
    'ASK { ?s ?p "a\\u0022 SERVICE <http://x/> {} #" }',  # the escape stays in the string
])
def test_service_in_strings_iris_and_comments_is_not_a_call(text: str) -> None:
    assert not query_text(text).uses_service


def test_the_scan_is_fast_and_bounded() -> None:
    started = time.perf_counter()
    for _ in range(10):
        assert query_text(PARSE_HEAVY).form == "SELECT"
    assert (time.perf_counter() - started) / 10 < 0.1
    with pytest.raises(SparqlTextError):
        keywords("ASK " + "{" * (MAX_DEPTH + 1))
    assert update_text("LOAD <http://x/> ; CLEAR ALL").operations == ["LOAD", "CLEAR"]
    assert update_text("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").has_dataset_clause
    assert query_text("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }"
                      ).returns_graph


def test_eight_parse_heavy_queries_at_once_leave_the_endpoint_working(
        client: FlaskClient, web_app) -> None:
    answers: list[int] = []

    def ask(n: int) -> None:
        c = web_app.test_client()
        r = c.post("/sparql", data=PARSE_HEAVY, content_type=SPARQL_QUERY,
                   environ_base={"REMOTE_ADDR": f"127.0.1.{n + 1}"})
        answers.append(r.status_code)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers == [200] * 8
    assert time.monotonic() - started < 30
    r = client.get("/sparql", query_string={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.get_json()["boolean"] is True


# --- queries stop where they run ----------------------------------------------------------

@pytest.fixture()
def pooled(plankg_app: Plankg) -> Iterator[PooledStore]:
    store = PooledStore(plankg_app.store, PoolLimits(workers=2, client_queued=2), 1.0)
    yield store
    store.close()


def test_a_timed_out_query_is_killed_with_its_worker(pooled: PooledStore) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        pooled.query(CROSS, timeout=1.0)
    assert time.monotonic() - started < 3
    stats = pooled.pool.stats()
    assert stats["busy"] == 0  # nothing runs on: the worker was killed, not abandoned
    # The next query waits for the killed worker's replacement, whose start is slow on a
    # busy machine: its own limit covers that wait.
    assert len(pooled.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 2",
                            timeout=15.0)) == 2


def test_a_query_that_grows_without_bound_ends_its_worker(plankg_app: Plankg) -> None:
    store = PooledStore(plankg_app.store, PoolLimits(workers=1, memory_bytes=800 * 2**20), 60)
    try:
        started = time.monotonic()
        with pytest.raises(WorkerDiedError, match="more memory than its limit"):
            store.query("SELECT * WHERE { GRAPH ?a {?s1 ?p1 ?o1} GRAPH ?b {?s2 ?p2 ?o2} "
                        "GRAPH ?c {?s3 ?p3 ?o3} } ORDER BY ?o1 ?o2 ?o3")
        assert time.monotonic() - started < 60
        assert len(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")) == 1
    finally:
        store.close()


def test_a_client_gets_its_share_and_the_queue_is_bounded(plankg_app: Plankg) -> None:
    store = PooledStore(plankg_app.store, PoolLimits(workers=1, queue=1, client_queued=1,
                                                     spare=0, slow_after=0.1), 4.0)
    outcomes: list[str] = []

    def slow(client: str) -> None:
        QUERY_CLIENT.set(client)
        try:
            store.query(CROSS)
        except QueryTimeoutError:
            outcomes.append("timeout")

    threads = [threading.Thread(target=slow, args=(c,)) for c in "abc"]
    try:
        threads[0].start()
        _until(lambda: store.pool.stats()["lowered"] == 1)  # after 0.1 s of CPU
        QUERY_CLIENT.set("a")
        with pytest.raises(PoolBusyError) as same_client:
            store.query("ASK {}")
        assert same_client.value.client and same_client.value.status == 429
        threads[1].start()  # b takes the foreground worker a's lowering made room for
        _until(lambda: store.pool.stats()["busy"] == 2 and store.pool.stats()["waiting"] == 0)
        threads[2].start()  # c waits: the one place in the queue is taken
        _until(lambda: store.pool.stats()["waiting"] == 1)
        QUERY_CLIENT.set("d")
        with pytest.raises(PoolBusyError) as full:
            store.query("ASK {}")
        assert not full.value.client and full.value.status == 503 and full.value.retry_after
        for thread in threads:
            thread.join(10)
        assert outcomes == ["timeout"] * 3
    finally:
        store.close()


def test_busy_answers_carry_retry_after(plankg_app: Plankg) -> None:
    web = variant(plankg_app, rate_limit=0.1, rate_burst=3)  # a token per 10 s
    c = web.test_client()
    statuses = [c.get("/api/documents").status_code for _ in range(4)]
    assert statuses[0] == 200 and statuses[-1] == 429, statuses
    r = c.get("/api/documents")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    other = c.get("/api/documents", environ_base={"REMOTE_ADDR": "127.0.0.9"})
    assert other.status_code == 200  # the limit is per client
    assert c.get("/api/documents", headers=AUTH).status_code == 200  # writers are trusted
    # Work is charged: a query that runs into a 3 s limit costs several tokens, not one.
    costly = variant(plankg_app, rate_limit=1.0, rate_burst=3, query_timeout=3.0).test_client()
    assert costly.post("/sparql", data={"query": CROSS}).status_code == 503
    assert costly.get("/api/documents").status_code == 429


# --- /reconcile ---------------------------------------------------------------------------

def test_reconcile_batches_are_bounded_in_size_and_time(plankg_app: Plankg,
                                                        client: FlaskClient) -> None:
    import json

    huge = {f"q{i}": {"query": f"Kühn {i}"} for i in range(1000)}
    started = time.monotonic()
    r = client.post("/reconcile", data={"queries": json.dumps(huge)})
    assert r.status_code == 400 and "at most 100" in r.get_json()["error"]
    assert time.monotonic() - started < 2
    quick = variant(plankg_app, query_timeout=0.3).test_client()
    batch = {f"q{i}": {"query": "Kühn", "properties": [{"pid": "area", "v": f"x{i}"}]}
             for i in range(100)}
    started = time.monotonic()
    r = quick.post("/reconcile", data={"queries": json.dumps(batch)})
    elapsed = time.monotonic() - started
    assert r.status_code in (200, 503), r.get_data(as_text=True)
    assert elapsed < 0.3 + 2.5, elapsed


# --- odd input is a 400 with a reason -------------------------------------------------------

@pytest.mark.parametrize(("path", "params"), [
    ("/api/measures", {"q": ODD}), ("/api/measures", {"area": ODD}),
    ("/api/measures", {"actor": ODD}), ("/api/responsibilities", {"who": ODD}),
    ("/reconcile/suggest/entity", {"prefix": ODD}), ("/", {"q": ODD}),
])
def test_escaping_breakers_are_plain_text(client: FlaskClient, path: str, params: dict) -> None:
    r = client.get(path, query_string=params)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]


def test_odd_input_is_400_with_a_reason(client: FlaskClient) -> None:
    import json

    r = client.get("/reconcile/preview", query_string={"id": "<svg>"})
    assert r.status_code == 400 and "not an IRI" in r.get_json()["error"]
    r = client.post("/reconcile", data={"queries": json.dumps(
        {"q0": {"query": "Kühn", "limit": "abc"}})})
    assert r.status_code == 400 and "limit" in r.get_json()["error"]
    r = client.post("/api/documents", headers=AUTH, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(support.MOESSINGEN.read_bytes()), "plan.tsv"),
                          "plan": "a b"})
    assert r.status_code == 400 and "plan" in r.get_json()["error"]
    for params in ([("query", "ASK {}"), ("version", "1.2"), ("version", "1.2")],
                   [("query", "ASK {}"), ("version", "1.1"), ("version", "1.2")]):
        r = client.get("/sparql", query_string=params)
        assert r.status_code == 400 and "version" in r.get_data(as_text=True)
    r = client.post("/sparql", data={"query": "ASK {}", "version": ["1.2", "1.2"]})
    assert r.status_code == 400
    assert client.get("/sparql", query_string=[("query", "ASK {}"), ("version", "1.2")]
                      ).status_code == 200


# --- RDF parsers expand no entities -------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="urn:e#">
  <rdf:Description rdf:about="urn:a"><e:p>&d;&d;&d;</e:p></rdf:Description></rdf:RDF>"""


@pytest.mark.parametrize("body", [LAUGHS.encode(), LAUGHS.encode("utf-16"),
                                  LAUGHS.replace("DOCTYPE", "doctype").encode()])
def test_rdfxml_with_entities_is_refused(client: FlaskClient, body: bytes) -> None:
    r = client.put("/service?graph=urn:laughs", data=body, content_type="application/rdf+xml",
                   headers=AUTH)
    assert r.status_code == 400 and "DOCTYPE" in r.get_data(as_text=True)
    assert client.get("/service", query_string={"graph": "urn:laughs"}).status_code == 404


# --- security headers ---------------------------------------------------------------------

def test_pages_and_answers_carry_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/overview", "/api/measures?limit=1", "/sparql?query=ASK%20%7B%7D",
                 "/openapi.json", "/no/such/page"):
        r = client.get(path)
        assert "default-src 'self'" in r.headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"] == "same-origin"
    entity = client.get("/api/actors").get_json()["items"][0]["agent"]
    preview = client.get("/reconcile/preview", query_string={"id": entity})
    assert preview.status_code == 200  # OpenRefine frames it
    assert "X-Frame-Options" not in preview.headers
    assert "frame-ancestors *" in preview.headers["Content-Security-Policy"]


# --- uploads do not hold the write lock while they are read ---------------------------------

@pytest.fixture(scope="module")
def own_store(tmp_path_factory: pytest.TempPathFactory, plankg_app: Plankg):
    from dataclasses import replace

    from service import close_app, create_app

    app = Plankg(replace(plankg_app.config, store=str(tmp_path_factory.mktemp("lock-store"))))
    web = create_app(app=app)
    web.testing = True
    yield web
    close_app(web)


def _big_report(copies: int) -> bytes:
    lines = support.MOESSINGEN.read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], [line for line in lines[1:] if line.strip()]
    body = [head]
    for n in range(copies):
        body += [row.replace("<b>", f"<b>Runde {n}: ", 2) for row in rows]
    return ("\n".join(body) + "\n").encode("utf-8")


def test_a_slow_upload_does_not_hold_the_write_lock(own_store) -> None:
    data = _big_report(6)  # about 160 rows: seconds of extraction
    outcome: dict = {}

    def upload() -> None:
        c = own_store.test_client()
        outcome["response"] = c.post("/api/documents?filename=big-2021-03-01.tsv", data=data,
                                     headers=AUTH)

    thread = threading.Thread(target=upload)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    r = own_store.test_client().post(
        "/sparql", data={"update": "INSERT DATA { GRAPH <urn:side> { <urn:a> <urn:b> 1 } }"},
        headers=AUTH)
    took = time.monotonic() - started
    still_uploading = thread.is_alive()
    thread.join(300)
    assert r.status_code == 204 and took < 2.0, took
    assert still_uploading, "the upload finished too fast to show anything"
    assert outcome["response"].status_code == 201, outcome["response"].get_json()
    c = own_store.test_client()
    assert c.get("/service", query_string={"graph": "urn:side"}).status_code == 200
    documents = c.get("/api/documents")
    assert documents.status_code == 200, documents.get_json()
    assert documents.get_json()["count"] == 1
