"""The W3C SPARQL Protocol test manifests (tests/vendor/w3c-sparql-protocol/) as plain data.

Each ``mf:ProtocolTest`` is one or more HTTP requests sent in order, each with the response
it must get. The manifests encode the expectation in several ways, all read here:

- ``mf:expectedStatus ht:StatusCode2xx`` (older tests) or ``ht:statusCodeValue "2XX"``
  (newer ones): the status class;
- ``mf:expectedBoolean`` or a response ``ht:body`` whose ``cnt:chars`` is a boolean: the
  answer of an ASK;
- ``mf:expectedFormat`` "boolean", "tabular" or "RDF": the kind of result;
- response ``ht:headers`` named Content-Type (or, in two tests, Accept) with
  ``ht:headerElements``: the media types the answer may have.

``ut:graphData`` names the N-Triples files and graph names the dataset holds before the
test; the suite's own runner (sparql12-protocol-test.mjs) loads them through the Graph
Store Protocol, the first with PUT and the others with POST, which the test runner here
does too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

VENDOR = Path(__file__).resolve().parent / "vendor" / "w3c-sparql-protocol"
MANIFESTS = (VENDOR / "sparql11" / "manifest.ttl", VENDOR / "sparql12" / "manifest.ttl")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
ENDPOINT_PREFIX = "/sparql"  # every ht:absolutePath starts with it; the runner replaces it


@dataclass(frozen=True)
class Expected:
    statuses: tuple[str, ...]  # patterns such as "2XX"
    boolean: bool | None = None
    form: str | None = None  # "boolean", "tabular" or "RDF"
    media_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str  # what follows the endpoint: "" or "?query=…"
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class ProtocolTest:
    suite: str  # "sparql11" or "sparql12"
    name: str
    title: str
    graph_data: tuple[tuple[Path, str], ...]  # (N-Triples file, graph IRI)
    requests: tuple[ProtocolRequest, ...]

    @property
    def id(self) -> str:
        return f"{self.suite}:{self.name}"


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _headers(graph: Graph, owner: Node) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, value, element names) of the owner's ``ht:headers`` list."""
    out = []
    for header in _list(graph, _one(graph, owner, HT.headers)):
        elements = tuple(str(_one(graph, e, HT.elementName))
                         for e in _list(graph, _one(graph, header, HT.headerElements)))
        out.append((str(_one(graph, header, HT.fieldName)),
                    str(_one(graph, header, HT.fieldValue)), elements))
    return out


def _status_pattern(node: Node) -> str:
    """``ht:StatusCode2xx`` → "2XX"."""
    local = str(node).rsplit("StatusCode", 1)[-1]
    return local.upper()


def _expected(graph: Graph, response: Node) -> Expected:
    statuses = [_status_pattern(s) for s in graph.objects(response, MF.expectedStatus)]
    statuses += [str(s).upper() for s in graph.objects(response, HT.statusCodeValue)]
    boolean = _one(graph, response, MF.expectedBoolean)
    body = _one(graph, response, HT.body)
    chars = _one(graph, body, CNT.chars) if body is not None else None
    if boolean is None and isinstance(chars, Literal) and isinstance(chars.value, bool):
        boolean = chars
    form = _one(graph, response, MF.expectedFormat)
    media = tuple(element.lower() for name, _value, elements in _headers(graph, response)
                  if name.lower() in ("content-type", "accept") for element in elements)
    return Expected(tuple(sorted(set(statuses))),
                    boolean.value if isinstance(boolean, Literal) else None,
                    str(form) if form is not None else None, media)


def _request(graph: Graph, node: Node) -> ProtocolRequest:
    path = str(_one(graph, node, HT.absolutePath))
    if not path.startswith(ENDPOINT_PREFIX):
        raise ValueError(f"ht:absolutePath {path!r} does not start with {ENDPOINT_PREFIX}")
    rest = path[len(ENDPOINT_PREFIX):]
    rest = rest[1:] if rest.startswith("/") else rest  # "/sparql/?q" and "/sparql?q" alike
    body_node = _one(graph, node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(_one(graph, body_node, CNT.characterEncoding) or "UTF-8")
        body = str(_one(graph, body_node, CNT.chars)).encode(encoding)
    headers = tuple((name, value) for name, value, _elements in _headers(graph, node))
    response = _one(graph, node, HT.resp)
    expected = _expected(graph, response) if response is not None else Expected(())
    return ProtocolRequest(str(_one(graph, node, HT.methodName)), rest, headers, body,
                           expected)


def load_manifest(path: Path) -> list[ProtocolTest]:
    """The tests of one manifest, in the order of its ``mf:entries``."""
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _list(graph, _one(graph, manifest, MF.entries)):
        action = _one(graph, entry, MF.action)
        requests = tuple(_request(graph, r)
                         for r in _list(graph, _one(graph, action, HT.requests)))
        data = []
        for item in graph.objects(entry, UT.graphData):
            source = _one(graph, item, UT.graph)
            data.append((Path(str(source).removeprefix("file://")),
                         str(_one(graph, item, RDFS.label))))
        tests.append(ProtocolTest(path.parent.name, str(entry).rsplit("#", 1)[-1],
                                  str(_one(graph, entry, MF.name)), tuple(sorted(data)),
                                  requests))
    return tests


def all_tests() -> list[ProtocolTest]:
    return [test for manifest in MANIFESTS for test in load_manifest(manifest)]
