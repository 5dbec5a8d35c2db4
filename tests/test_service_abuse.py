"""Hostile requests to the web service: refused cleanly, nothing fetched, nothing written.

Federated calls are only ever aimed at a listener of our own on 127.0.0.1, which records
whether anything connected; addresses off this machine (169.254.169.254, …) only go through
the parser, never to an endpoint that could execute them. Sizes, depths and time limits,
in process and against a real ``plankg serve``, are in test_service_sizes.py.
"""

from __future__ import annotations

import hmac
import re
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from plankg.app import Plankg
from service import auth, create_app
from service.protocol import ProtocolError, parse_query, parse_update
from tests.abuse_support import DEEP, SPARQL_QUERY, SPARQL_UPDATE, Listener, service_queries
from tests.conftest import ROOT, within
from tests.service_support import AUTH, TOKEN, variant

# --- SERVICE and LOAD -----------------------------------------------------------------------

@pytest.mark.parametrize("address", ["http://169.254.169.254/latest/meta-data/",
                                     "http://127.0.0.1:7878/sparql", "http://localhost/",
                                     "http://[::1]/", "http://10.0.0.1/", "file:///etc/passwd"])
def test_the_parser_finds_every_service_call(address: str) -> None:
    # The gate that refuses them: every shape is found in the syntax tree before execution.
    for text in service_queries(address):
        assert parse_query(text).uses_service, text
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ service <{address}> {{ ?s ?p ?o }} }} }}"
    assert parse_update(update).uses_service
    for load in (f"LOAD <{address}>", f"load silent <{address}> into graph <urn:x>",
                 f"CLEAR SILENT GRAPH <urn:x> ; LOAD <{address}>"):
        assert parse_update(load).loads, load


def test_service_to_loopback_is_refused_and_never_called(client: FlaskClient,
                                                         listener: Listener) -> None:
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    for text in service_queries(endpoint):
        for response in (client.get("/sparql", query_string={"query": text}),
                         client.post("/sparql", data={"query": text}),
                         client.post("/sparql", data=text, content_type=SPARQL_QUERY)):
            assert response.status_code == 403, (text, response.get_data(as_text=True))
            assert "SERVICE" in response.get_data(as_text=True)
    # The SPARQL editor page parses and runs queries too: it shows the refusal.
    for text in service_queries(endpoint)[:3]:
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


def test_tokens_are_compared_in_constant_time(plankg_app: Plankg,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The secret goes through hmac.compare_digest, which takes the same time for any
    # given token: watch the calls the real function gets.
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def watched(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", watched)
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
    secret = "s\xe9cret-42".encode()
    assert calls and all(b == secret for _, b in calls)
    assert {a for a, _ in calls} >= {b"s", "s\xe9cret-".encode(), b"x" * 10_000, secret}


def test_anonymous_updates_are_refused_before_parsing(client: FlaskClient) -> None:
    # A text the SPARQL parser would chew on for minutes is refused at once without a token.
    slow_to_parse = ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o IN ("
                     + ", ".join(str(i) for i in range(20_000)) + ")) }")
    r = client.post("/sparql", data=slow_to_parse, content_type=SPARQL_UPDATE)
    assert r.status_code == 401


@pytest.mark.timing
def test_anonymous_updates_are_refused_at_once(client: FlaskClient) -> None:
    slow_to_parse = ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o IN ("
                     + ", ".join(str(i) for i in range(20_000)) + ")) }")
    with within(2):
        r = client.post("/sparql", data=slow_to_parse, content_type=SPARQL_UPDATE)
    assert r.status_code == 401


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


def test_parse_errors_carry_the_status() -> None:
    with pytest.raises(ProtocolError) as err:
        parse_query("SELECT * WHERE " + "{" * DEEP)
    assert err.value.status == 400
