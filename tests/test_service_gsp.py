"""Graph Store HTTP Protocol at /service: reads open, writes with the token."""

from __future__ import annotations

import rdflib

from tests.service_support import AUTH, BASE, variant

GRAPH = f"{BASE}graph/gsp-test"
TURTLE = f"<{BASE}a> <{BASE}p> \"one\" , \"two\" ."


def _triples(client, graph: str = GRAPH) -> set:
    r = client.get("/service", query_string={"graph": graph},
                   headers={"Accept": "application/n-triples"})
    if r.status_code == 404:
        return set()
    g = rdflib.Graph().parse(data=r.get_data(as_text=True), format="nt")
    return {str(o) for o in g.objects()}


def test_read_a_document_graph(client, plankg_app):
    doc = next(g for g in plankg_app.store.named_graphs() if "/document/" in g)
    r = client.get("/service", query_string={"graph": doc}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=r.get_data(as_text=True), format="turtle")
    assert len(graph) > 500


def test_read_the_dataset_and_missing_graphs(client):
    r = client.get("/service", headers={"Accept": "application/n-quads"})
    assert r.status_code == 200 and r.mimetype == "application/n-quads"
    assert f"<{BASE}graph/latest> ." in r.get_data(as_text=True)
    assert client.get("/service", query_string={"graph": f"{BASE}graph/none"}).status_code == 404
    both = client.get("/service", query_string={"graph": GRAPH, "default": ""})
    assert both.status_code == 400


def test_writes_need_the_token(client, plankg_app):
    kwargs = {"query_string": {"graph": GRAPH}, "data": TURTLE, "content_type": "text/turtle"}
    assert client.put("/service", **kwargs).status_code == 401
    assert client.post("/service", headers={"Authorization": "Bearer nope"},
                       **kwargs).status_code == 401
    assert client.delete("/service", query_string={"graph": GRAPH}).status_code == 401
    disabled = variant(plankg_app, token=None).test_client()
    assert disabled.put("/service", headers=AUTH, **kwargs).status_code == 403
    assert _triples(client) == set()


def test_put_post_delete_cycle(client):
    try:
        created = client.put("/service", query_string={"graph": GRAPH}, data=TURTLE,
                             content_type="text/turtle", headers=AUTH)
        assert created.status_code == 201
        assert _triples(client) == {"one", "two"}
        replaced = client.put("/service", query_string={"graph": GRAPH},
                              data=f'<{BASE}a> <{BASE}p> "three" .',
                              content_type="application/n-triples", headers=AUTH)
        assert replaced.status_code == 204
        assert _triples(client) == {"three"}
        added = client.post("/service", query_string={"graph": GRAPH},
                            data=f'[{{"@id": "{BASE}a", "{BASE}p": "four"}}]',
                            content_type="application/ld+json", headers=AUTH)
        assert added.status_code == 204
        assert _triples(client) == {"three", "four"}
        assert client.delete("/service", query_string={"graph": GRAPH},
                             headers=AUTH).status_code == 204
        assert client.delete("/service", query_string={"graph": GRAPH},
                             headers=AUTH).status_code == 404
    finally:
        client.delete("/service", query_string={"graph": GRAPH}, headers=AUTH)


def test_post_to_the_store_creates_a_graph(client):
    r = client.post("/service", data=TURTLE, content_type="text/turtle", headers=AUTH)
    assert r.status_code == 201
    created = r.headers["Location"].split("graph=", 1)[1]
    try:
        assert created.startswith(f"{BASE}graph/")
        assert _triples(client, created) == {"one", "two"}
    finally:
        client.delete("/service", query_string={"graph": created}, headers=AUTH)


def test_bad_bodies(client):
    bad = client.put("/service", query_string={"graph": GRAPH}, data="<a> <b",
                     content_type="text/turtle", headers=AUTH)
    assert bad.status_code == 400
    odd = client.put("/service", query_string={"graph": GRAPH}, data="x",
                     content_type="application/x-unknown", headers=AUTH)
    assert odd.status_code == 415
    assert _triples(client) == set()
