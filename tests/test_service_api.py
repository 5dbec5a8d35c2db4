"""The JSON API: actors, measures (filtered, paged), responsibilities, documents, uploads,
and the OpenAPI document that describes them."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openapi_spec_validator import validate

from plankg.app import Plankg
from service import create_app
from tests.service_support import AUTH, BASE, MOESSINGEN, measure_id, variant


def test_actors_and_actor_detail(client):
    body = client.get("/api/actors").get_json()
    labels = {a["label"] for a in body["items"]}
    assert {"Kühn", "Hägele", "Sachgebiet 1-4"} <= labels and body["count"] == len(labels)
    kuehn = next(a for a in body["items"] if a["label"] == "Kühn")
    assert kuehn["kind"] == "person" and kuehn["agent"].startswith(f"{BASE}agent/")
    detail = client.get(f"/api/actors/{kuehn['agent_id']}").get_json()
    assert detail["iri"] == kuehn["agent"] and detail["kind"] == "person"
    assert any("Fortbildungen" in m["title"] for m in detail["measures"])
    by_iri = client.get(f"/api/actors/{kuehn['agent']}")  # a full IRI works as an id too
    assert by_iri.get_json()["iri"] == kuehn["agent"]
    filtered = client.get("/api/actors", query_string={"q": "sachgebiet"}).get_json()
    assert {a["label"] for a in filtered["items"]} == {"Sachgebiet 1-4"}
    missing = client.get("/api/actors/moessingen/person/nobody")
    assert missing.status_code == 404 and missing.get_json()["error"]


def test_measures_are_paged_with_next_links(client):
    first = client.get("/api/measures", query_string={"limit": 10}).get_json()
    assert len(first["items"]) == 10 and first["offset"] == 0 and first["previous"] is None
    seen = [m["m"] for m in first["items"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).get_json()
        seen += [m["m"] for m in page["items"]]
    assert len(seen) == len(set(seen)) == 27  # the corpus report has 27 measures
    assert page["previous"] is not None
    item = first["items"][0]
    assert {"m", "id", "url", "title", "area", "status", "asOf", "timeframe"} <= set(item)


@pytest.mark.parametrize(("params", "expect"), [
    ({"actor": "Kühn"}, "Fortbildungen"),
    ({"q": "Fachtag"}, "Fachtag"),
    ({"status": "OnHold", "q": "Fachtag"}, "Fachtag"),
    ({"area": "Bildung", "q": "Fortbildungen"}, "Fortbildungen"),
])
def test_measure_filters(client, params, expect):
    items = client.get("/api/measures", query_string=params).get_json()["items"]
    assert any(expect in m["title"] for m in items)
    assert len(items) < 27  # the filter filtered
    if "status" in params:
        assert {m["status"] for m in items} == {params["status"]}


@pytest.mark.parametrize("params", [{"status": "Sleeping"}, {"limit": "x"}, {"limit": 0},
                                    {"offset": -1}, {"limit": 100000}])
def test_measure_filter_errors(client, params):
    r = client.get("/api/measures", query_string=params)
    assert r.status_code == 400 and r.get_json()["error"]


def test_measure_detail_with_history_and_source(client):
    ident = measure_id(client, "Fachtag")
    r = client.get(f"/api/measures/{ident}")
    assert r.status_code == 200
    m = r.get_json()
    assert m["iri"] == f"{BASE}measure/{ident}" and m["title"].startswith("Fachtag")
    assert m["source"] == MOESSINGEN.name and isinstance(m["row"], int)
    assert m["history"][0]["status"] == "OnHold" and m["history"][0]["asOf"] == "2021-03-01"
    assert "verschoben" in m["history"][0]["statusText"]
    assert any(a["label"] == "Sachgebiet 1-4" for a in m["agents"])
    assert client.get(f"/api/measures/measure/{ident}").get_json()["iri"] == m["iri"]
    assert client.get("/api/measures/none/such").status_code == 404


def test_responsibilities(client):
    body = client.get("/api/responsibilities", query_string={"who": "Sachgebiet 1-4"}).get_json()
    assert any(r["title"].startswith("Fachtag") for r in body["items"])
    assert all(r["agentLabel"] == "Sachgebiet 1-4" for r in body["items"])
    assert client.get("/api/responsibilities").status_code == 400
    none = client.get("/api/responsibilities", query_string={"who": "Niemand"}).get_json()
    assert none["items"] == [] and none["count"] == 0
    here = client.get("/api/responsibilities", query_string={"who": "Kühn",
                                                             "town": "Mössingen"}).get_json()
    assert here["count"] == 8
    elsewhere = client.get("/api/responsibilities", query_string={"who": "Kühn",
                                                                  "town": "Tübingen"}).get_json()
    assert elsewhere["count"] == 0


def test_responsibilities_are_paged_with_the_total(client):
    whole = client.get("/api/responsibilities", query_string={"who": "Kühn"}).get_json()
    assert whole["total"] == whole["count"] == 8 and whole["next"] is None
    pairs = set()
    first = client.get("/api/responsibilities",
                       query_string={"who": "Kühn", "limit": 3}).get_json()
    page = first
    while True:
        assert page["total"] == 8 and len(page["items"]) <= 3
        pairs |= {(r["agent"], r["measure"]) for r in page["items"]}
        if page["next"] is None:
            break
        page = client.get(page["next"]).get_json()
    assert len(pairs) == 8 and first["previous"] is None
    assert pairs == {(r["agent"], r["measure"]) for r in whole["items"]}
    assert client.get("/api/responsibilities",
                      query_string={"who": "Kühn", "limit": 0}).status_code == 400


def test_who_finds_exact_names_before_parts_of_names(plankg_app):
    store = plankg_app.store
    from store import queries
    # "Kühn" is a family name as written, in any case; "ühn" only a part of one.
    assert queries.find_agents(store, "kühn") == queries.find_agents(store, "Kühn")
    assert queries.find_agents(store, "ühn") == queries.find_agents(store, "Kühn")
    units = queries.find_agents(store, "Sachgebiet 1-4")
    assert len(units) == 1 and units[0].split("/")[-2] == "unit"


def test_documents(client):
    body = client.get("/api/documents").get_json()
    assert body["count"] == 1
    doc = body["items"][0]
    assert doc["source"] == MOESSINGEN.name and doc["statusDate"] == "2021-03-01"
    assert doc["measures"] == 27


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.get_json()["status"] == 404


# --- uploads (into a store of their own) --------------------------------------------------

@pytest.fixture(scope="module")
def upload_client(tmp_path_factory, plankg_app):
    config = replace(plankg_app.config, store=str(tmp_path_factory.mktemp("upload-store")))
    app = Plankg(config)
    web = create_app(app=app)
    web.testing = True
    yield web.test_client()
    app.close()


def _later_report() -> bytes:
    text = MOESSINGEN.read_text(encoding="utf-8")
    assert "Status 01.03.2021" in text and "Corona-bedingt verschoben." in text
    text = text.replace("Status 01.03.2021", "Status 01.09.2021")
    text = text.replace("Corona-bedingt verschoben.", "Hat im Juli 2021 stattgefunden.")
    return text.encode("utf-8")


def test_upload_refusals(upload_client, plankg_app):
    data = MOESSINGEN.read_bytes()
    no_token = upload_client.post("/api/documents?filename=plan.tsv", data=data)
    assert no_token.status_code == 401
    bad = upload_client.post("/api/documents?filename=plan.tsv", data=data,
                             headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    disabled = variant(plankg_app, token=None).test_client()
    r = disabled.post("/api/documents?filename=plan.tsv", data=data, headers=AUTH)
    assert r.status_code == 403 and "no writes" in r.get_json()["error"]
    assert upload_client.get("/api/documents").get_json()["count"] == 0


def test_upload_raw_multipart_and_unchanged(upload_client):
    raw = upload_client.post(f"/api/documents?filename={MOESSINGEN.name}",
                             data=MOESSINGEN.read_bytes(), headers=AUTH,
                             content_type="application/octet-stream")
    assert raw.status_code == 201, raw.get_json()
    report = raw.get_json()
    assert report["status"] == "loaded" and report["measures"] == 27
    assert report["document"].startswith(f"{BASE}document/")
    again = upload_client.post("/api/documents", data=MOESSINGEN.read_bytes(), headers={
        **AUTH, "Content-Disposition": f'attachment; filename="{MOESSINGEN.name}"'})
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    later = upload_client.post(
        "/api/documents", headers=AUTH, content_type="multipart/form-data",
        data={"file": (io.BytesIO(_later_report()), "../../etc/moessingen-status-2021-09.tsv"),
              "plan": "moessingen-integrationskonzept"})
    assert later.status_code == 201, later.get_json()
    body = later.get_json()
    assert body["source"] == "etc_moessingen-status-2021-09.tsv"  # no path survives
    assert body["matched_exact"] >= 20 and not body["new_measures"]
    assert upload_client.get("/api/documents").get_json()["count"] == 2
    ident = measure_id(upload_client, "Fachtag")
    history = upload_client.get(f"/api/measures/{ident}").get_json()["history"]
    assert [h["status"] for h in history] == ["OnHold", "Completed"]


def test_upload_errors(upload_client, plankg_app):
    unreadable = upload_client.post("/api/documents?filename=notes.tsv",
                                    data=b"just a line of text\n", headers=AUTH)
    assert unreadable.status_code == 422
    assert "notes.tsv" in unreadable.get_json()["error"]
    assert "plankg-upload-" not in unreadable.get_json()["error"]  # no temp paths leak
    nameless = upload_client.post("/api/documents", data=b"x", headers=AUTH)
    assert nameless.status_code == 400
    small = variant(plankg_app, max_upload_bytes=1000).test_client()
    big = small.post("/api/documents?filename=plan.tsv", data=MOESSINGEN.read_bytes(),
                     headers=AUTH)
    assert big.status_code == 413
    multipart_big = small.post("/api/documents", headers=AUTH,
                               content_type="multipart/form-data",
                               data={"file": (io.BytesIO(MOESSINGEN.read_bytes()), "p.tsv")})
    assert multipart_big.status_code == 413


# --- OpenAPI -----------------------------------------------------------------------------

def test_openapi_document_is_valid_and_complete(client, web_app):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.get_json()
    validate(doc)
    assert doc["openapi"].startswith("3.1") and doc["servers"][0]["url"] == "http://localhost"
    documented = set(doc["paths"])
    for rule in web_app.url_map.iter_rules():
        path = rule.rule.replace("<path:ident>", "{id}")
        if path.startswith("/api/") or path in ("/sparql", "/service", "/openapi.json"):
            assert path in documented, f"{rule.rule} is missing from the OpenAPI document"
            methods = rule.methods - {"HEAD", "OPTIONS"}
            assert {m.lower() for m in methods} <= set(doc["paths"][path]), rule.rule


def test_upload_with_a_column_mapping(upload_client):
    data = "Kurzname;Bearbeitung;Phase\nBürgerbus;Stadtwerke;läuft\n".encode()
    mapping = '[columns]\n"Kurzname" = "measure"\n"Bearbeitung" = "who"\n"Phase" = "status"\n'
    without = upload_client.post("/api/documents?filename=liste.csv", data=data, headers=AUTH,
                                 content_type="application/octet-stream")
    assert without.status_code == 422 and "[columns]" in without.get_json()["error"]
    ok = upload_client.post(
        "/api/documents", headers=AUTH, content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), "liste-2024-01-31.csv"),
              "mapping": (io.BytesIO(mapping.encode()), "mapping.toml")})
    assert ok.status_code == 201, ok.get_json()
    assert ok.get_json()["measures"] == 1
    bad = upload_client.post(
        "/api/documents", headers=AUTH, content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), "liste2.csv"), "mapping": '"Kurzname" = "titel"'})
    assert bad.status_code == 400 and "unknown role" in bad.get_json()["error"]


def test_status_by_area_gives_the_kept_counts(client):
    body = client.get("/api/status-by-area").get_json()
    assert body["count"] == len(body["items"]) > 0
    assert all(row["measures"] > 0 and row["area"] for row in body["items"])


def test_a_blank_actor_finds_nobody(client):
    # Found by schemathesis: a name of whitespace left an empty SPARQL pattern, whose one
    # empty row had no ?agent (500).
    response = client.get("/api/measures", query_string={"actor": "\t"})
    assert response.status_code == 200 and response.get_json()["items"] == []
