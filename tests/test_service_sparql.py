"""SPARQL 1.1 Protocol at /sparql: query forms, formats, dataset, refusals, limits, updates."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib

from tests.service_support import AUTH, BASE, variant

# The shared fixtures (assigned, not imported, so that pytest finds them here).

SELECT_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT_AREAS = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?a skos:prefLabel ?l } WHERE { GRAPH ?g { ?a a pk:ActionArea ; skos:prefLabel ?l } }"""
SCRATCH = f"{BASE}graph/test-scratch"


def bindings(response) -> list[dict]:
    return response.get_json()["results"]["bindings"]


def test_get_query_defaults_to_sparql_json(client):
    r = client.get("/sparql", query_string={"query": SELECT_GRAPHS})
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    graphs = {b["g"]["value"] for b in bindings(r)}
    assert f"{BASE}graph/latest" in graphs and f"{BASE}graph/status-counts" in graphs
    assert any(g.startswith(f"{BASE}document/") for g in graphs)
    assert r.headers["Vary"] == "Accept"


@pytest.mark.parametrize(("accept", "mimetype"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
])
def test_select_results_by_accept(client, accept, mimetype):
    r = client.get("/sparql", query_string={"query": SELECT_GRAPHS}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.mimetype == mimetype
    text = r.get_data(as_text=True)
    if "xml" in mimetype:
        root = ET.fromstring(text)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        # the document, the latest statuses, the status counts, the name counts
        assert len(root.findall(f"{ns}results/{ns}result")) == 4
    elif mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["g"] and len(rows) == 5
    elif "tab" in mimetype:
        lines = text.strip().splitlines()
        assert lines[0] == "?g" and len(lines) == 5 and lines[1].startswith("<http://localhost/")


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", query_string={"query": SELECT_GRAPHS, "format": "csv"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.mimetype == "text/csv"


def test_form_post_and_direct_post(client):
    form = client.post("/sparql", data={"query": SELECT_GRAPHS})
    direct = client.post("/sparql", data=SELECT_GRAPHS.encode(),
                         content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert bindings(form) == bindings(direct) and len(bindings(form)) == 4


def test_ask(client):
    r = client.get("/sparql", query_string={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
    assert r.get_json()["boolean"] is True


@pytest.mark.parametrize(("accept", "mimetype", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_construct_by_accept(client, accept, mimetype, rdflib_format):
    r = client.get("/sparql", query_string={"query": CONSTRUCT_AREAS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mimetype
    graph = rdflib.Graph().parse(data=r.get_data(as_text=True), format=rdflib_format)
    labels = {str(o) for o in graph.objects()}
    assert "Bildung und Betreuung" in labels


def test_construct_defaults_to_turtle(client):
    r = client.post("/sparql", data={"query": CONSTRUCT_AREAS}, headers={"Accept": "*/*"})
    assert r.mimetype == "text/turtle"


def test_dataset_parameters_replace_the_default_graph(client, plankg_app):
    doc = next(g for g in plankg_app.store.named_graphs() if "/document/" in g)
    empty = client.get("/sparql", query_string={"query": COUNT_DEFAULT})
    assert bindings(empty)[0]["n"]["value"] == "0"  # the store's own default graph is empty
    r = client.get("/sparql", query_string={"query": COUNT_DEFAULT, "default-graph-uri": doc})
    assert int(bindings(r)[0]["n"]["value"]) > 500
    named = client.post("/sparql", data={"query": SELECT_GRAPHS,
                                         "named-graph-uri": f"{BASE}graph/latest"})
    assert [b["g"]["value"] for b in bindings(named)] == [f"{BASE}graph/latest"]


def test_bad_query_is_400_with_a_readable_message(client):
    r = client.get("/sparql", query_string={"query": "SELEC ?x WHERE { ?x ?p ?o }"})
    assert r.status_code == 400
    assert "syntax error" in r.get_data(as_text=True) and "line 1" in r.get_data(as_text=True)


def test_error_positions_are_in_the_text_as_sent(client):
    """The service's BASE line goes before the text: positions still count from its start."""
    r = client.get("/sparql", query_string={"query": "ASK {\n  ?s ?p ?o .\n  FILTER( }"})
    assert r.status_code == 400
    assert "line 3, column" in r.get_data(as_text=True), r.get_data(as_text=True)
    update = client.post("/sparql", data={"update": "CLEAR GRAPH <a:b> ;\nCLEAR XYZ"},
                         headers=AUTH)
    assert update.status_code == 400 and "line 2, column" in update.get_data(as_text=True)


def test_relative_iris_resolve_against_the_service_bases(client):
    """Updates write relative IRIs under the graph's base_iri; queries resolve theirs
    against the endpoint (SPARQL Protocol §2.4); a BASE in the text wins over both."""
    try:
        r = client.post("/sparql", headers=AUTH, data={
            "update": f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <rel-s> <{BASE}p> <rel-o> }} }}"})
        assert r.status_code == 204, r.get_data(as_text=True)
        found = client.get("/sparql", query_string={
            "query": f"SELECT ?s ?o WHERE {{ GRAPH <{SCRATCH}> {{ ?s <{BASE}p> ?o }} }}"})
        assert bindings(found) == [{"s": {"type": "uri", "value": f"{BASE}rel-s"},
                                    "o": {"type": "uri", "value": f"{BASE}rel-o"}}]
        built = client.post("/sparql", data={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                            headers={"Accept": "application/n-triples"})
        assert built.status_code == 200
        assert built.get_data(as_text=True).startswith("<http://localhost/s> <http://localhost/p>")
        own = client.get("/sparql", query_string={
            "query": f"BASE <{BASE}> ASK {{ GRAPH <{SCRATCH}> {{ <rel-s> <p> <rel-o> }} }}"})
        assert own.get_json()["boolean"] is True
    finally:
        client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{SCRATCH}>"}, headers=AUTH)


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("post", {"data": {"query": "ASK {}", "update": "CLEAR DEFAULT"}}, 400),
    ("get", {"query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("post", {"data": {"query": ["ASK {}", "ASK {}"]}}, 400),
    ("post", {"data": b"ASK {}", "content_type": "text/plain"}, 415),
    ("post", {"data": b"ASK {}"}, 400),
    ("post", {"data": b"ASK {}", "content_type": "application/sparql-query; charset=UTF-16"}, 415),
    ("post", {"data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query"},
     400),
    ("get", {"query_string": {"update": "CLEAR DEFAULT"}}, 400),
    ("put", {"data": b"ASK {}", "content_type": "application/sparql-query"}, 405),
    ("post", {"data": {"nothing": "here"}}, 400),
    ("get", {"query_string": {"query": "ASK {}"}, "data": b"ASK {}"}, 400),
])
def test_protocol_refusals(client, method, kwargs, status):
    r = getattr(client, method)("/sparql", **kwargs)
    assert r.status_code == status, r.get_data(as_text=True)


def test_service_description(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=r.get_data(as_text=True), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert service is not None
    assert graph.value(service, sd.endpoint) == rdflib.URIRef("http://localhost/sparql")
    languages = set(graph.objects(service, sd.supportedLanguage))
    assert sd.SPARQL11Query in languages and sd.SPARQL11Update in languages
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert f"{BASE}graph/latest" in names
    assert (service, sd.feature, sd.BasicFederatedQuery) not in graph
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.data)


def test_service_description_for_browsers_is_the_editor(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.location.endswith("/query")


def test_service_description_without_writes_or_with_federation(plankg_app):
    c = variant(plankg_app, token=None, allow_service=True).test_client()
    graph = rdflib.Graph().parse(data=c.get("/sparql").get_data(as_text=True), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert sd.SPARQL11Update not in set(graph.objects(None, sd.supportedLanguage))
    assert sd.BasicFederatedQuery in set(graph.objects(None, sd.feature))


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 403 and "SERVICE" in r.get_data(as_text=True)
    # Even hidden in a subquery and spelled in lower case.
    nested = "select * { { select ?s { service silent <http://127.0.0.1:9/> { ?s ?p ?o } } } }"
    assert client.get("/sparql", query_string={"query": nested}).status_code == 403
    # The word inside a string is not a SERVICE call.
    harmless = 'SELECT * WHERE { BIND("SERVICE <http://x/>" AS ?x) }'
    assert client.get("/sparql", query_string={"query": harmless}).status_code == 200


def test_query_over_the_time_limit(plankg_app):
    c = variant(plankg_app, query_timeout=0.2).test_client()
    slow = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f }
              FILTER(STRLEN(CONCAT(STR(?c), STR(?f))) > 3) }"""
    r = c.get("/sparql", query_string={"query": slow})
    assert r.status_code == 503
    assert "0.2 s" in r.get_data(as_text=True)


def test_result_cap(plankg_app):
    c = variant(plankg_app, result_limit=5).test_client()
    r = c.get("/sparql", query_string={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert len(bindings(r)) == 5
    assert r.headers["X-Result-Truncated"] == "true" and r.headers["X-Result-Limit"] == "5"
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    g = c.get("/sparql", query_string={"query": construct},
              headers={"Accept": "application/n-triples"})
    assert len(g.get_data(as_text=True).strip().splitlines()) == 5
    small = c.get("/sparql", query_string={"query": SELECT_GRAPHS})
    assert "X-Result-Truncated" not in small.headers


# --- updates -----------------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{SCRATCH}> {{ <{BASE}x> <{BASE}p> "scratch" }} }}'


def _scratch_count(client) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SCRATCH}> {{ ?s ?p ?o }} }}"
    return int(bindings(client.get("/sparql", query_string={"query": q}))[0]["n"]["value"])


def test_update_needs_the_token(client):
    no_token = client.post("/sparql", data={"update": INSERT})
    assert no_token.status_code == 401
    assert no_token.headers["WWW-Authenticate"].startswith("Bearer")
    bad = client.post("/sparql", data={"update": INSERT},
                      headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401 and "invalid_token" in bad.headers["WWW-Authenticate"]
    basic = client.post("/sparql", data={"update": INSERT},
                        headers={"Authorization": "Basic dTpw"})
    assert basic.status_code == 401
    assert _scratch_count(client) == 0


def test_no_writes_without_a_configured_token(plankg_app):
    c = variant(plankg_app, token=None).test_client()
    r = c.post("/sparql", data={"update": INSERT}, headers=AUTH)
    assert r.status_code == 403 and "no writes" in r.get_data(as_text=True)


def test_update_with_the_token(client):
    try:
        form = client.post("/sparql", data={"update": INSERT}, headers=AUTH)
        assert form.status_code == 204
        assert _scratch_count(client) == 1
        direct = client.post("/sparql", data=f"CLEAR GRAPH <{SCRATCH}>".encode(),
                             content_type="application/sparql-update", headers=AUTH)
        assert direct.status_code == 204
        assert _scratch_count(client) == 0
    finally:
        client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{SCRATCH}>"}, headers=AUTH)


@pytest.mark.parametrize(("update", "status", "words"), [
    ("LOAD <http://127.0.0.1:9/data.ttl>", 403, "LOAD"),
    (f"INSERT {{ GRAPH <{SCRATCH}> {{ ?s ?p ?o }} }} WHERE "
     "{ SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("INSERT DATA { <a:b> <a:c> ", 400, "syntax error"),
])
def test_update_refusals(client, update, status, words):
    r = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == status and words in r.get_data(as_text=True)
    assert _scratch_count(client) == 0


def test_update_dataset_conflict(client):
    update = f"DELETE {{ ?s ?p ?o }} USING <{SCRATCH}> WHERE {{ ?s ?p ?o }}"
    r = client.post("/sparql", data={"update": update, "using-graph-uri": SCRATCH},
                    headers=AUTH)
    assert r.status_code == 400


def test_update_dataset_from_the_protocol_parameters(client):
    source = f"{SCRATCH}-source"
    copy = f"INSERT {{ GRAPH <{SCRATCH}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"
    try:
        r = client.post("/sparql", data={
            "update": f"INSERT DATA {{ GRAPH <{source}> {{ <urn:a> <urn:b> 'c' , 'd' }} }}"},
            headers=AUTH)
        assert r.status_code == 204
        # Without a dataset the WHERE reads the (empty) default graph: nothing copied.
        assert client.post("/sparql", data={"update": copy}, headers=AUTH).status_code == 204
        assert _scratch_count(client) == 0
        # using-graph-uri makes the source graph the default graph of the WHERE clause.
        r = client.post("/sparql", data={"update": copy, "using-graph-uri": source},
                        headers=AUTH)
        assert r.status_code == 204 and _scratch_count(client) == 2
        # using-named-graph-uri: the graph is visible by name only.
        named = (f"INSERT {{ GRAPH <{SCRATCH}> {{ ?s ?p 'named' }} }} "
                 f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
        r = client.post("/sparql?using-named-graph-uri=" + source, data=named.encode(),
                        headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert r.status_code == 204 and _scratch_count(client) == 3
    finally:
        client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{SCRATCH}> ; "
                                               f"DROP SILENT GRAPH <{source}>"}, headers=AUTH)
    assert _scratch_count(client) == 0


@pytest.mark.parametrize("update, expected", [
    ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
     "INSERT { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }"),
    ("delete { ?s <urn:where> 'where' } where { ?s ?p ?o } # where",
     "delete { ?s <urn:where> 'where' } USING <urn:g> where { ?s ?p ?o } # where"),
    ("DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
     "DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ("INSERT { ?s ?p \"\"\"x } WHERE {\"\"\" } WHERE { ?s ?p ?o FILTER(?o < 3) }",
     "INSERT { ?s ?p \"\"\"x } WHERE {\"\"\" } USING <urn:g> WHERE { ?s ?p ?o FILTER(?o < 3) }"),
])
def test_using_clauses_go_before_each_top_level_where(update, expected):
    from service.protocol import add_using

    assert add_using(update, ["urn:g"], []) == expected
