"""Minted IRIs dereference under the base: HTML for browsers, RDF by Accept."""

from __future__ import annotations

import json

import rdflib

from tests.service_support import BASE, measure_id

PK = rdflib.Namespace("https://w3id.org/plankg/ontology#")


def test_measure_as_turtle_and_jsonld(client):
    ident = measure_id(client, "Fachtag")
    iri = rdflib.URIRef(f"{BASE}measure/{ident}")
    r = client.get(f"/id/measure/{ident}", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert r.headers["Vary"] == "Accept"
    assert "@prefix pk:" in r.get_data(as_text=True)
    graph = rdflib.Graph().parse(data=r.get_data(as_text=True), format="turtle")
    assert (iri, rdflib.RDF.type, PK.Measure) in graph
    assert "Fachtag" in str(graph.value(iri, PK.title))
    j = client.get(f"/id/measure/{ident}", headers={"Accept": "application/ld+json"})
    assert j.mimetype == "application/ld+json"
    assert rdflib.Graph().parse(data=j.get_data(as_text=True), format="json-ld").value(
        iri, PK.title) == graph.value(iri, PK.title)
    assert json.loads(j.data)


def test_other_formats(client):
    agent = next(a for a in client.get("/api/actors").get_json()["items"]
                 if a["label"] == "Kühn")
    r = client.get(f"/id/agent/{agent['agent_id']}", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.mimetype == "application/n-triples"
    assert '"Kühn"' in r.get_data(as_text=True)
    x = client.get("/id/agent/moessingen/unit/stabsstelle-integration",
                   headers={"Accept": "application/rdf+xml"})
    assert x.status_code == 200 and x.mimetype == "application/rdf+xml"


def test_browsers_get_pages(client, plankg_app):
    ident = measure_id(client, "Fachtag")
    page = client.get(f"/id/measure/{ident}", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.location.endswith(f"/measures/{ident}")
    doc = next(g for g in plankg_app.store.named_graphs() if "/document/" in g)
    r = client.get("/id/" + doc[len(BASE):], headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    text = r.get_data(as_text=True)
    assert "dcterms:source" in text and "moessingen-integrationskonzept" in text


def test_unknown_iri_is_404(client):
    assert client.get("/id/measure/none/such", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/nothing", headers={"Accept": "text/html"}).status_code == 404
