"""The W3C SPARQL Protocol test suite against a real ``plankg serve`` on loopback.

Both manifests (tests/vendor/w3c-sparql-protocol/: the SPARQL 1.1 Protocol tests as
SPARQL 1.2 inherits them, and the 1.2 additions about ``version``) are read by
tests/w3c_protocol.py; every test is run here the way the suite's own runner runs it:
the dataset loaded through the Graph Store Protocol (/service), each request sent with the
write token (so a refused update is refused for the protocol's reason, not for want of
the token), and each answer checked for its status class, its media type, the kind of
result and an ASK's boolean.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests
from rdflib import Graph

from tests.live_server import plankg_env, plankg_serve
from tests.service_support import TOKEN
from tests.w3c_protocol import MANIFESTS, ProtocolRequest, ProtocolTest, all_tests

pytestmark = pytest.mark.slow
TESTS = all_tests()
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/rdf+xml": "xml", "application/ld+json": "json-ld",
             "application/n-quads": "nquads", "application/trig": "trig"}
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("w3c-protocol-store")
    log = tmp_path_factory.mktemp("w3c-protocol-log") / "serve.log"
    env = plankg_env(PLANKG_TOKEN=TOKEN, PLANKG_QUERY_WORKERS="2")
    with plankg_serve(store, env, log, threads=4) as server:
        yield server.url


def load_graph_data(url: str, graph_data: tuple[tuple[Path, str], ...]) -> None:
    for i, (source, graph) in enumerate(graph_data):
        method = "PUT" if i == 0 else "POST"
        r = requests.request(method, f"{url}/service", params={"graph": graph},
                             data=source.read_bytes(), timeout=30,
                             headers={**AUTH, "Content-Type": "application/n-triples"})
        assert r.status_code in (200, 201, 204), f"{method} {graph}: {r.status_code} {r.text}"


def status_matches(status: int, pattern: str) -> bool:
    code = str(status)
    return len(pattern) == len(code) == 3 and all(
        p in ("X", c) for p, c in zip(pattern, code, strict=True))


def boolean_of(response: requests.Response, media: str) -> bool:
    if media == "application/sparql-results+xml":
        element = ElementTree.fromstring(response.content).find(f"{SRX}boolean")
        assert element is not None, response.text[:300]
        return element.text.strip() == "true"
    assert media == "application/sparql-results+json", f"no boolean result in {media}"
    return response.json()["boolean"]


def check_form(response: requests.Response, media: str, form: str) -> None:
    """The answer is the kind of result the test expects, and it parses."""
    if form == "RDF":
        assert media in RDF_TYPES, f"{media} is no RDF syntax"
        Graph().parse(data=response.content, format=RDF_TYPES[media])
        return
    assert media in RESULT_TYPES, f"{media} is no SPARQL results format"
    if form == "tabular":
        if media == "application/sparql-results+json":
            assert "vars" in response.json()["head"]
        elif media == "application/sparql-results+xml":
            assert ElementTree.fromstring(response.content).find(f"{SRX}results") is not None
        else:
            assert response.text.strip(), "an empty CSV/TSV answer has no header"


def send(url: str, request: ProtocolRequest) -> requests.Response:
    headers = {**dict(request.headers), **AUTH}
    return requests.request(request.method, f"{url}/sparql{request.path}", data=request.body,
                            headers=headers, timeout=60, allow_redirects=True)


def check(response: requests.Response, request: ProtocolRequest) -> None:
    expected = request.expected
    where = f"{request.method} /sparql{request.path[:80]}"
    assert any(status_matches(response.status_code, p) for p in expected.statuses), (
        f"{where}: status {response.status_code}, expected {'/'.join(expected.statuses)}: "
        f"{response.text[:300]}")
    if response.status_code >= 400:
        assert response.status_code not in (401, 403), f"{where}: refused for authorisation"
        return
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if expected.media_types:
        assert media in expected.media_types, f"{where}: {media}, expected one of " \
                                              f"{expected.media_types}"
    if expected.form:
        check_form(response, media, expected.form)
    if expected.boolean is not None:
        assert boolean_of(response, media) is expected.boolean, f"{where}: {response.text}"


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_w3c_protocol(endpoint: str, test: ProtocolTest) -> None:
    load_graph_data(endpoint, test.graph_data)
    for request in test.requests:
        check(send(endpoint, request), request)


def test_the_suite_is_whole() -> None:
    """42 SPARQL 1.1 tests and 6 of SPARQL 1.2: none lost in reading the manifests."""
    counts = {m.parent.name: sum(t.suite == m.parent.name for t in TESTS) for m in MANIFESTS}
    assert counts == {"sparql11": 42, "sparql12": 6}
    assert len({t.id for t in TESTS}) == 48
    assert all(t.requests and all(r.expected.statuses for r in t.requests) for t in TESTS)
    negative = [t.name for t in TESTS if t.requests[-1].expected.statuses == ("4XX",)]
    assert len(negative) == 19 and "bad_query_multiple_versions" in negative
