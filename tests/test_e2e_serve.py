"""End to end: `plankg serve` as a real process, loaded over HTTP, asked with real clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

from .live_server import free_port, plankg, plankg_env, plankg_serve

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("moessingen-*.tsv"))
TOKEN = "e2e-token-81c2"

pytestmark = pytest.mark.slow

FACHTAG_WHO = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?title ?who WHERE { GRAPH ?g {
  ?m a pk:Measure ; pk:title ?title ; pk:responsibleAgent ?a . ?a rdfs:label ?who .
  FILTER(CONTAINS(LCASE(STR(?title)), "fachtag")) } }"""
CORONA = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX pks: <https://w3id.org/plankg/status/>
SELECT DISTINCT ?title ?category WHERE { GRAPH ?g {
  ?obs pk:ofMeasure ?m ; pk:cause pks:CausePandemic ; pk:statusCategory ?category .
  ?m pk:title ?title . FILTER(?category IN (pks:Delayed, pks:OnHold)) } }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    port = free_port()
    store = tmp_path_factory.mktemp("e2e-store")
    env = plankg_env(PLANKG_TOKEN=TOKEN, PLANKG_BASE_IRI=f"http://127.0.0.1:{port}/id/")
    log = tmp_path_factory.mktemp("e2e-log") / "serve.log"
    with plankg_serve(store, env, log, port=port) as live:
        yield {"url": live.url, "store": store, "env": env, "log": log}


@pytest.fixture(scope="module")
def loaded(server: dict) -> dict:
    assert CORPUS, "no corpus/moessingen-*.tsv"
    for path in CORPUS:
        with open(path, "rb") as fh:
            r = requests.post(f"{server['url']}/api/documents", files={"file": (path.name, fh)},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "loaded"
    return server


def _sparql(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_upload_needs_the_token(server):
    r = requests.post(f"{server['url']}/api/documents", files={"file": ("x.tsv", b"a\tb\n")},
                      timeout=30)
    assert r.status_code == 401


def test_who_is_responsible_for_the_fachtag(loaded):
    result = _sparql(loaded["url"], FACHTAG_WHO).queryAndConvert()
    who = {b["who"]["value"] for b in result["results"]["bindings"]}
    assert "Sachgebiet 1-4" in who
    api = requests.get(f"{loaded['url']}/api/responsibilities",
                       params={"who": "Sachgebiet 1-4"}, timeout=30).json()
    assert any(item["title"].startswith("Fachtag") for item in api["items"])


def test_delayed_or_on_hold_by_corona(loaded):
    result = _sparql(loaded["url"], CORONA).queryAndConvert()
    titles = [b["title"]["value"] for b in result["results"]["bindings"]]
    assert any(t.startswith("Fachtag") for t in titles)
    assert any("Fortbildungen" in t for t in titles)
    assert any("Neubürger-Treff" in t for t in titles)
    csv_text = _sparql(loaded["url"], CORONA, CSV).queryAndConvert().decode("utf-8")
    assert csv_text.splitlines()[0].strip() == "title,category"
    # The same question by plain HTTP, POSTed as a form, as XML.
    r = requests.post(f"{loaded['url']}/sparql", data={"query": CORONA},
                      headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert r.status_code == 200 and "Neubürger-Treff" in r.text


def test_minted_iris_dereference(loaded):
    items = requests.get(f"{loaded['url']}/api/measures", params={"q": "Fachtag"},
                         timeout=30).json()["items"]
    iri = items[0]["m"]
    assert iri.startswith(f"{loaded['url']}/id/measure/")
    turtle = requests.get(iri, headers={"Accept": "text/turtle"}, timeout=30)
    assert turtle.status_code == 200 and "Fachtag" in turtle.text
    page = requests.get(iri, headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "Verlauf" in page.text  # German first


def test_local_load_is_refused_while_serving(loaded):
    result = plankg("load", "--store", str(loaded["store"]), str(CORPUS[0]), env=loaded["env"])
    assert result.returncode != 0
    assert "in use" in result.stderr


def test_load_through_the_running_service(loaded, tmp_path):
    later = tmp_path / "moessingen-integrationskonzept-status-2021-09-01.tsv"
    text = CORPUS[0].read_text(encoding="utf-8")
    later.write_text(text.replace("Status 01.03.2021", "Status 01.09.2021")
                     .replace("Corona-bedingt verschoben.", "Hat im Juli 2021 stattgefunden."),
                     encoding="utf-8")
    endpoint = f"{loaded['url']}/sparql"
    refused = plankg("load", "--store", endpoint, str(later),
                      env={**loaded["env"], "PLANKG_STORE_TOKEN": "wrong"})
    assert refused.returncode != 0
    result = plankg("load", "--store", endpoint, str(later),
                     env={**loaded["env"], "PLANKG_STORE_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout
    docs = requests.get(f"{loaded['url']}/api/documents", timeout=30).json()
    assert docs["count"] == 2
    fachtag = requests.get(f"{loaded['url']}/api/measures",
                           params={"q": "Fachtag", "status": "Completed"}, timeout=30).json()
    assert any(m["title"].startswith("Fachtag") for m in fachtag["items"])


def test_second_server_on_the_same_store_is_refused(loaded):
    result = plankg("serve", "--store", str(loaded["store"]), "--port", str(free_port()),
                     env=loaded["env"])
    assert result.returncode != 0
    assert "in use" in result.stderr
