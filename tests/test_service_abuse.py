"""Hostile requests to the web service: refused cleanly, nothing fetched, nothing written.

Most cases run through the Flask test client over the session store with the corpus loaded;
the ones where the server process itself is at stake (huge and deeply nested texts, the time
limit) also run against a real ``plankg serve``, which must still answer afterwards.

Federated calls are only ever aimed at a listener of our own on 127.0.0.1, which records
whether anything connected; addresses off this machine (169.254.169.254, …) only go through
the parser, never to an endpoint that could execute them.
"""

from __future__ import annotations

import inspect
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient

from plankg.app import Plankg
from service import auth, create_app
from service.protocol import MAX_QUERY_CHARS, ProtocolError, parse_query, parse_update
from tests import service_support as support
from tests.live_server import plankg, plankg_env, plankg_serve
from tests.service_support import AUTH, TOKEN, variant

ROOT = Path(__file__).resolve().parents[1]
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
DEEP = 5000


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections: did the server call out?"""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def _service_queries(endpoint: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SeRvIcE <{endpoint}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{endpoint}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX e: <{endpoint}>\nASK {{ GRAPH ?g {{ SERVICE e: {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ MINUS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"# SERVICE in a comment does not hide the real one\nDESCRIBE ?s WHERE {{\n"
        f"  SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    ]


# --- SERVICE and LOAD -----------------------------------------------------------------------

@pytest.mark.parametrize("address", ["http://169.254.169.254/latest/meta-data/",
                                     "http://127.0.0.1:7878/sparql", "http://localhost/",
                                     "http://[::1]/", "http://10.0.0.1/", "file:///etc/passwd"])
def test_the_parser_finds_every_service_call(address: str) -> None:
    # The gate that refuses them: every shape is found in the syntax tree before execution.
    for text in _service_queries(address):
        assert parse_query(text).uses_service, text
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ service <{address}> {{ ?s ?p ?o }} }} }}"
    assert parse_update(update).uses_service
    for load in (f"LOAD <{address}>", f"load silent <{address}> into graph <urn:x>",
                 f"CLEAR SILENT GRAPH <urn:x> ; LOAD <{address}>"):
        assert parse_update(load).loads, load


def test_service_to_loopback_is_refused_and_never_called(client: FlaskClient,
                                                         listener: Listener) -> None:
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    for text in _service_queries(endpoint):
        for response in (client.get("/sparql", query_string={"query": text}),
                         client.post("/sparql", data={"query": text}),
                         client.post("/sparql", data=text, content_type=SPARQL_QUERY)):
            assert response.status_code == 403, (text, response.get_data(as_text=True))
            assert "SERVICE" in response.get_data(as_text=True)
    # The SPARQL editor page parses and runs queries too: it shows the refusal.
    for text in _service_queries(endpoint)[:3]:
        page = client.get("/query", query_string={"query": text})
        assert page.status_code == 200 and "SERVICE (federated query" in page.get_data(
            as_text=True)
    time.sleep(0.3)
    assert listener.connections == 0


def test_load_is_refused_even_with_the_token(client: FlaskClient, listener: Listener) -> None:
    for text in ("LOAD <file:///etc/passwd>",
                 "load <file:///etc/passwd> into graph <urn:passwd>",
                 f"LOAD SILENT <http://127.0.0.1:{listener.port}/data.ttl>",
                 f"CLEAR SILENT GRAPH <urn:x> ;\nLOAD <http://127.0.0.1:{listener.port}/x>"):
        anonymous = client.post("/sparql", data={"update": text})
        assert anonymous.status_code == 401
        r = client.post("/sparql", data=text, content_type=SPARQL_UPDATE, headers=AUTH)
        assert r.status_code == 403 and "LOAD" in r.get_data(as_text=True), text
    service_update = (f"INSERT {{ GRAPH <urn:x> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT * WHERE "
                      f"{{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }} }} }}")
    r = client.post("/sparql", data={"update": service_update}, headers=AUTH)
    assert r.status_code == 403
    time.sleep(0.3)
    assert listener.connections == 0
    assert client.get("/service", query_string={"graph": "urn:passwd"}).status_code == 404


# --- tokens ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Basic dGVzdDp0ZXN0", "bearer wrong",
    f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:4]}", f"Bearer {TOKEN * 50}",
    "Bearer t\xf6ken", f"Token {TOKEN}",
])
def test_writes_without_the_right_token(client: FlaskClient, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    update = "INSERT DATA { GRAPH <urn:abuse> { <urn:a> <urn:b> <urn:c> } }"
    for r in (client.post("/sparql", data={"update": update}, headers=headers),
              client.put("/service?graph=urn:abuse", data="<urn:a> <urn:b> <urn:c> .",
                         content_type="text/turtle", headers=headers),
              client.delete("/service?graph=urn:abuse", headers=headers),
              client.post("/api/documents?filename=x.tsv", data=b"a\tb\n", headers=headers)):
        assert r.status_code == 401, (header, r.status_code)
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/service", query_string={"graph": "urn:abuse"}).status_code == 404


def test_a_service_without_a_token_takes_no_writes(plankg_app: Plankg) -> None:
    c = variant(plankg_app, token=None).test_client()
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        r = c.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
        assert r.status_code == 403


def test_tokens_are_compared_in_constant_time(plankg_app: Plankg) -> None:
    # By inspection: the one comparison of the secret is hmac.compare_digest.
    source = inspect.getsource(auth.check_write_token)
    assert "hmac.compare_digest(" in source
    assert not re.search(r"(given|token)[^\n]*(==|!=|startswith|in\s)", source.replace(
        'scheme.lower() != "bearer"', "")), source
    # By behaviour: compare_digest takes tokens of any length (a plain == would too, but
    # compare_digest on str raises for non-ASCII: the code compares bytes, so it never 500s).
    c = variant(plankg_app, token="s\xe9cret-42").test_client()
    good = {"Authorization": "Bearer s\xe9cret-42"}  # HTTP headers travel as Latin-1
    for given in ("", "s", "s\xe9cret-", "x" * 10_000):
        r = c.post("/sparql", data={"update": "CLEAR SILENT GRAPH <urn:none>"},
                   headers={"Authorization": f"Bearer {given}"})
        assert r.status_code == 401
    assert c.post("/sparql", data={"update": "CLEAR SILENT GRAPH <urn:none>"},
                  headers=good).status_code == 204


def test_anonymous_updates_are_refused_before_parsing(client: FlaskClient) -> None:
    # A text the SPARQL parser would chew on for minutes is refused at once without a token.
    slow_to_parse = ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o IN ("
                     + ", ".join(str(i) for i in range(20_000)) + ")) }")
    started = time.monotonic()
    r = client.post("/sparql", data=slow_to_parse, content_type=SPARQL_UPDATE)
    assert r.status_code == 401
    assert time.monotonic() - started < 2


# --- size, depth and time -------------------------------------------------------------------

def test_huge_queries_are_refused_quickly(client: FlaskClient) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(
        str(i) for i in range(300_000)) + ")) }"
    assert len(huge) > 2_000_000
    started = time.monotonic()
    direct = client.post("/sparql", data=huge, content_type=SPARQL_QUERY)
    form = client.post("/sparql", data={"query": huge})
    assert direct.status_code == 413 and str(MAX_QUERY_CHARS) in direct.get_data(as_text=True)
    assert form.status_code == 413
    just_over = "SELECT * WHERE { ?s ?p ?o }" + "#" * MAX_QUERY_CHARS
    assert client.post("/sparql", data=just_over,
                       content_type=SPARQL_QUERY).status_code == 413
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{" * DEEP + " ?s ?p ?o " + "}" * DEEP,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }",
    "SELECT * WHERE " + "{ SELECT * WHERE " * DEEP + "{ ?s ?p ?o }" + "}" * DEEP,
    "SELECT * WHERE { ?s ?p ?o OPTIONAL " + "{ ?s ?p ?o OPTIONAL " * DEEP + "{}" + "}" * (DEEP + 1),
    "SELECT * WHERE " + "{" * 100_000,
])
def test_deeply_nested_queries_are_400(client: FlaskClient, text: str) -> None:
    started = time.monotonic()
    r = client.post("/sparql", data=text, content_type=SPARQL_QUERY)
    # 400 from the parser's depth limit, or 413 when the text is over the length limit.
    assert r.status_code in (400, 413), r.get_data(as_text=True)[:200]
    assert time.monotonic() - started < 5


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
    started = time.monotonic()
    r = c.post("/sparql", data=slow, content_type=SPARQL_QUERY)
    assert r.status_code == 503 and "0.5 s" in r.get_data(as_text=True)
    assert time.monotonic() - started < 0.5 + 2.0


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


# --- names and types ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../escape-7a1.tsv", "..\\..\\escape-7a1.tsv",
                                  "/tmp/escape-7a1.tsv", "/etc/escape-7a1.tsv",
                                  "escape-7a1\x00.tsv", "....//....//escape-7a1.tsv",
                                  "C:\\Windows\\escape-7a1.tsv"])
def test_document_names_cannot_leave_the_temp_dir(client: FlaskClient, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  name: str) -> None:
    import tempfile

    inside = tmp_path / "a" / "b" / "tmp"
    inside.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(inside))
    for r in (client.post("/api/documents", query_string={"filename": name},
                          data=b"a\tb\n", headers=AUTH),
              client.post("/api/documents",
                          data={"file": (__import__("io").BytesIO(b"a\tb\n"), name)},
                          content_type="multipart/form-data", headers=AUTH)):
        # Refused as no plan (422) or as no usable name (400): never written elsewhere.
        assert r.status_code in (400, 422), r.get_data(as_text=True)
        message = r.get_json()["error"]
        assert ".." not in message and "\x00" not in message and "/etc" not in message
        assert str(inside) not in message  # the temp path is not shown either
    written = [p for p in tmp_path.rglob("*escape-7a1*")]
    assert written == []  # the temp dir is gone and nothing landed beside it
    assert not Path("/tmp/escape-7a1.tsv").exists() and not Path("/etc/escape-7a1.tsv").exists()
    assert not (ROOT / "escape-7a1.tsv").exists()


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("post", "/sparql", {"data": b"ASK {}", "content_type": "text/plain"}, 415),
    ("post", "/sparql", {"data": b"ASK {}", "content_type": "application/json"}, 415),
    ("post", "/sparql", {"data": b"ASK {}"}, 400),
    ("post", "/sparql", {"data": b"\xff\xfeA\x00", "content_type": SPARQL_QUERY}, 400),
    ("put", "/service?graph=urn:t", {"data": b"x", "content_type": "application/x-foo"}, 415),
    ("put", "/service?graph=urn:t", {"data": b"x"}, 400),
    ("put", "/service?graph=urn:t", {"data": b"<a> <b", "content_type": "text/turtle"}, 400),
    ("put", "/service?graph=urn:t", {"data": b"<urn:a> <urn:b> <urn:c> <urn:g> .",
                                     "content_type": "application/n-quads"}, 415),
    ("put", "/service?graph=../../etc/passwd", {"data": b"", "content_type": "text/turtle"},
     400),
    ("post", "/api/documents", {"data": {"nofile": "x"},
                                "content_type": "multipart/form-data"}, 400),
    ("post", "/api/documents", {"data": b"a\tb\n"}, 400),
])
def test_wrong_content_types_and_targets(client: FlaskClient, method: str, path: str,
                                         kwargs: dict, status: int) -> None:
    r = getattr(client, method)(path, headers=AUTH, **kwargs)
    assert r.status_code == status, r.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/api/measures/http%3A%2F%2Fx%2Fa%20b", "/api/measures/http://x/a%3E%20.%20%7D",
    "/api/measures/http://x/%00", "/api/actors/http://x/a%20b", "/api/actors/%22%3E%7B",
    "/api/measures/..%2F..%2Fetc%2Fpasswd", "/id/measure/..%2F..%2Fetc%2Fpasswd",
    "/id/agent/%00", "/id/measure/a%20b%3E", "/measures/a%20b%3E", "/actors/%00",
])
def test_ids_that_are_no_iris_are_404(client: FlaskClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "application/json"})
    assert r.status_code in (400, 404), (path, r.status_code)


def test_injection_through_api_parameters_stays_a_literal(client: FlaskClient) -> None:
    for who in ('") } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #', "\\", "\x00", "'''"):
        r = client.get("/api/responsibilities", query_string={"who": who})
        assert r.status_code == 200 and r.get_json()["count"] == 0
        r = client.get("/api/measures", query_string={"q": who, "actor": who, "area": who})
        assert r.status_code == 200 and r.get_json()["items"] == []


# --- no stack traces ------------------------------------------------------------------------

def test_failures_show_no_stack_trace(plankg_app: Plankg) -> None:
    # A store that cannot be reached: every read fails inside the handlers.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    broken = Plankg(replace(plankg_app.config, store=dead, query_timeout=2.0))
    web = create_app(app=broken)
    web.testing = False  # as in production: unhandled errors become a 500 page
    c = web.test_client()
    seen = set()
    for path in ("/api/documents", "/api/actors", "/api/measures",
                 "/api/responsibilities?who=M%C3%BCller", "/sparql?query=ASK%20%7B%7D",
                 "/service?graph=urn:x", "/api/measures/abc", "/overview", "/actors"):
        r = c.get(path, headers={"Accept": "application/json"})
        seen.add(r.status_code)
        body = r.get_data(as_text=True)
        assert r.status_code >= 400, path
        assert "Traceback" not in body and 'File "' not in body, (path, body[:300])
        assert not re.search(r"/(work|usr|home|site-packages)/\S*\.py", body), (path, body)
    assert seen & {500, 502, 503}  # the failure path was really taken


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
    assert live["process"].poll() is None, live["log"].read_text()[-3000:]
    r = requests.get(f"{live['url']}/api/responsibilities", params={"who": "Sachgebiet 1-4"},
                     timeout=10)
    assert r.status_code == 200 and r.json()["count"] > 0


@pytest.mark.slow
def test_live_server_survives_huge_and_deep_requests(live: dict) -> None:
    url = f"{live['url']}/sparql"
    huge = "SELECT * WHERE { ?s ?p ?o }" + "#" * 2_000_000
    deep = "SELECT * WHERE " + "{" * DEEP + " ?s ?p ?o " + "}" * DEEP
    deep_parens = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }"
    deep_json = '{"@id": "urn:a", "urn:p": ' + '{"urn:p": ' * DEEP + "1" + "}" * DEEP + "}"
    started = time.monotonic()
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
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_live_server_time_limit_and_refusals(live: dict, listener: Listener) -> None:
    url = f"{live['url']}/sparql"
    slow = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f }
              GRAPH ?i { ?x ?y ?z } FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?z))) > 3) }"""
    started = time.monotonic()
    r = requests.post(url, data={"query": slow}, timeout=30)
    elapsed = time.monotonic() - started
    assert r.status_code == 503, r.text[:300]
    assert elapsed < 1 + 3, elapsed
    _still_answers(live)
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    for text in _service_queries(endpoint):
        assert requests.get(url, params={"query": text}, timeout=30).status_code == 403
    load = f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>"
    assert requests.post(url, data={"update": load}, timeout=30).status_code == 401
    assert requests.post(url, data={"update": load}, headers=AUTH, timeout=30).status_code == 403
    assert requests.post(url, data={"update": "CLEAR ALL"}, timeout=30,
                         headers={"Authorization": "Bearer nope"}).status_code == 401
    time.sleep(0.3)
    assert listener.connections == 0
    _still_answers(live)


def test_parse_errors_carry_the_status() -> None:
    with pytest.raises(ProtocolError) as err:
        parse_query("SELECT * WHERE " + "{" * DEEP)
    assert err.value.status == 400
