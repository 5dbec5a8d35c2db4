"""Catalogue (DCAT-AP SHACL subset, pyshacl) and reconciliation (vendored 0.2 JSON schemas)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from flask import Flask
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import DCAT
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import service.catalog
import service.reconcile
from linking.catalog import catalog_graph
from plankg.app import Plankg
from plankg.config import Config

from .conftest import MOESSINGEN

VENDOR = Path(__file__).parent / "vendor" / "reconciliation-api-0.2"
SHAPES = Path(__file__).parents[1] / "linking" / "data" / "dcat-ap-shapes.ttl"
_schemas = {p.name: json.loads(p.read_text()) for p in VENDOR.glob("*.json")}
REGISTRY = Registry().with_resources(
    (s["$id"], Resource.from_contents(s, default_specification=DRAFT7)) for s in _schemas.values())


def check(name: str, payload: dict) -> None:
    schema = _schemas[name]
    jsonschema.Draft7Validator(schema, registry=REGISTRY).validate(payload)


@pytest.fixture(scope="module")
def app(rule_based_extractor, tmp_path_factory):
    plankg = Plankg(Config.load(store=str(tmp_path_factory.mktemp("rc") / "store")))
    plankg.__dict__["extractor"] = rule_based_extractor
    plankg.load(MOESSINGEN)
    yield plankg
    plankg.close()


@pytest.fixture(scope="module")
def client(app):
    web = Flask(__name__)
    web.extensions["plankg"] = app
    web.register_blueprint(service.reconcile.bp)
    web.register_blueprint(service.catalog.bp)
    return web.test_client()


def test_catalogue_conforms_to_dcat_ap_shapes(app):
    g = catalog_graph(app.store, app.config.base_iri)
    conforms, _, text = validate(g, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, text
    broken = Graph()
    for t in g:
        broken.add(t)
    broken.remove((None, DCAT.accessURL, None))
    assert not validate(broken, shacl_graph=Graph().parse(SHAPES))[0]


def test_catalogue_served_as_turtle_and_jsonld_with_void_counts(client, app):
    ttl = client.get("/catalog", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.mimetype == "text/turtle"
    g = Graph().parse(data=ttl.data, format="turtle")
    jl = client.get("/catalog", headers={"Accept": "application/ld+json"})
    assert jl.mimetype == "application/ld+json"
    assert len(Graph().parse(data=jl.data, format="json-ld")) == len(g)
    rows = list(g.query("""PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?n WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ; void:triples ?n }"""))
    assert int(rows[0][0]) == app.store.triple_count()


def test_manifest_matches_schema(client):
    manifest = client.get("/reconcile").json
    check("manifest.json", manifest)
    assert manifest["versions"] == ["0.2"]


def test_reconcile_form_and_json_body_with_types_and_properties(client):
    queries = {"q0": {"query": "Kühn", "type": "Person", "limit": 3},
               "q1": {"query": "Herr Kuehn"},
               "q2": {"query": "Ausbildungsmessen nutzen", "type": "Measure",
                      "properties": [{"pid": "area", "v": "Arbeit und Beschäftigung"}]},
               "q3": {"query": "Schulamt Tübingen", "type": ["Organization", "OrganizationalUnit"],
                      "type_strict": "any"}}
    check("reconciliation-query-batch.json", queries)
    by_form = client.post("/reconcile", data={"queries": json.dumps(queries)}).json
    by_json = client.post("/reconcile", json={"queries": queries}).json
    assert by_form == by_json
    check("reconciliation-result-batch.json", by_form)
    top = by_form["q0"]["result"][0]
    assert top["name"] == "Kühn" and top["match"] is True
    assert by_form["q2"]["result"][0]["name"] == "Ausbildungsmessen nutzen"
    assert by_form["q2"]["result"][0]["match"] is True
    assert all(not r["match"] for r in by_form["q3"]["result"])
    bad = client.post("/reconcile", json={"queries": {"q": {"query": "x", "type": "Nope"}}})
    assert bad.status_code == 400


def test_reconcile_then_preview_round_trip(client):
    result = client.post("/reconcile", data={"queries": json.dumps(
        {"q": {"query": "Stabsstelle Integration"}})}).json["q"]["result"][0]
    page = client.get("/reconcile/preview", query_string={"id": result["id"]})
    assert page.status_code == 200 and "Stabsstelle Integration" in page.get_data(as_text=True)
    assert client.get("/reconcile/preview", query_string={"id": "urn:x:none"}).status_code == 404


def test_suggest_services_match_schemas(client):
    entities = client.get("/reconcile/suggest/entity", query_string={"prefix": "Stab"}).json
    check("suggest-entities-response.json", entities)
    assert entities["result"][0]["name"].startswith("Stab")
    types = client.get("/reconcile/suggest/type", query_string={"prefix": "Pers"}).json
    check("suggest-types-response.json", types)
    assert [t["id"] for t in types["result"]] == ["Person"]
    props = client.get("/reconcile/suggest/property", query_string={"prefix": "area"}).json
    check("suggest-properties-response.json", props)
    assert props["result"][0]["id"] == "area"


def test_responsibilities_csv_and_context(client):
    response = client.get("/export/responsibilities.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    kuehn = [r for r in rows if r["agent_label"] == "Kühn"]
    assert kuehn and all(r["source_document"] == MOESSINGEN.name for r in kuehn)
    assert {r["status"] for r in rows} >= {"Completed", "OnHold"}
    ctx = client.get("/context.jsonld")
    assert ctx.mimetype == "application/ld+json" and "@context" in ctx.json
