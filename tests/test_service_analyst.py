"""The pages an analyst works with: German first, local links, search, changes, overdue,
downloads, upload, and the union default graph of the editor and the endpoint."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from plankg.app import Plankg
from plankg.config import Config
from service import create_app
from tests.test_analyst_cli import MOESSINGEN, later_report

TOKEN = "analyst-token-5b1"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Plankg:
    folder = tmp_path_factory.mktemp("analyst-pages")
    plankg = Plankg(Config.load(store=str(folder / "data"), token=TOKEN, query_workers=0))
    assert plankg.load(MOESSINGEN).status == "loaded"
    plankg.later = later_report(folder)  # uploaded in test_upload_page_shows_what_changed
    yield plankg
    plankg.close()


@pytest.fixture(scope="module")
def web(app: Plankg):
    web = create_app(app=app)
    web.testing = True
    return web


@pytest.fixture()
def client(web):
    return web.test_client()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_pages_speak_german_by_default_and_english_on_request(client):
    german = text_of(client.get("/?q=Fortbildungen"))
    assert "Maßnahmen für" in german and "verzögert" in german and "01.03.2021" in german
    english = text_of(client.get("/?q=Fortbildungen&lang=en"))
    assert "measures for" in english and "delayed" in english and "2021-03-01" in english
    fresh = client.application.test_client()
    asked = text_of(fresh.get("/overview", headers={"Accept-Language": "en-US,en;q=0.8"}))
    assert "Overview" in asked and "in progress" in asked
    browser_de = text_of(fresh.get("/overview", headers={"Accept-Language": "de-DE,en;q=0.5"}))
    assert "Übersicht" in browser_de


@pytest.mark.parametrize("query", ["Herr Kühn", "H. Kühn", "Kuehn"])
def test_the_web_search_and_the_api_find_every_spelling(client, query):
    page = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert "Fortbildungen" in page
    items = client.get("/api/measures", query_string={"q": query}).get_json()["items"]
    assert len(items) >= 8 and any("Fortbildungen" in i["title"] for i in items)


def test_every_link_stays_local(client):
    mid = client.get("/api/measures", query_string={"q": "Fortbildungen"}).get_json()
    paths = ["/", "/?q=K%C3%BChn", "/overview", "/actors", "/overdue", "/changes",
             f"/measures/{mid['items'][0]['id']}", "/query?query=" + quote(
                 "SELECT ?m ?c WHERE { ?o <https://w3id.org/plankg/ontology#ofMeasure> ?m ; "
                 "<https://w3id.org/plankg/ontology#statusCategory> ?c } LIMIT 5")]
    for path in paths:
        page = client.get(path).get_data(as_text=True)
        links = re.findall(r'href="([^"]+)"', page)
        assert links, path
        assert not [link for link in links if not link.startswith(("/", "#", "?"))], path
    iri = client.get(f"/measures/{mid['items'][0]['id']}").get_data(as_text=True)
    local = re.search(r'href="(/id/[^"]+)"', iri)
    if local:  # the IRI's own /id/ path answers, whatever the base
        assert client.get(local.group(1), headers={"Accept": "text/turtle"}).status_code == 200


def test_the_sites_own_404(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404
    page = text_of(r)
    assert "Nicht gefunden" in page and 'name="q"' in r.get_data(as_text=True)


def test_measure_page_facts_once(client):
    ident = client.get("/api/measures", query_string={"q": "Fortbildungen"}).get_json()
    page = client.get(f"/measures/{ident['items'][0]['id']}").get_data(as_text=True)
    assert page.count('class="cell timeframe"') == 1
    assert 'id="similar"' in page and 'id="facts"' in page


def test_actors_have_full_names_counts_and_filters(client):
    page = text_of(client.get("/actors"))
    assert "Herr Kühn Person 8" in page
    assert " 0 " not in page.split("Maßnahmen", 2)[-1]  # no actor without measures
    units = text_of(client.get("/actors?kind=unit"))
    assert "Stabsstelle Integration" in units and "Herr Kühn" not in units
    named = text_of(client.get("/actors", query_string={"name": "Herr Kuehn"}))
    assert "Herr Kühn" in named and "Stabsstelle" not in named


def test_overview_bars_link_to_the_lists_they_count(client):
    page = client.get("/overview").get_data(as_text=True)
    links = re.findall(r'<a class="bar" href="([^"]+)"', page)
    assert links
    listing = client.get(links[0].replace("&amp;", "&"))
    assert listing.status_code == 200 and 'id="results"' in listing.get_data(as_text=True)


def test_overdue_lists_ended_time_frames_not_completed(client):
    page = client.get("/overdue").get_data(as_text=True)
    rows = re.findall(r"<tr><td><a class=\"measure-link\"", page)
    assert rows
    assert "Tage" in page and "abgeschlossen" not in text_of(client.get("/overdue")).split(
        "Verzug", 1)[-1]


def test_csv_for_german_excel_and_xlsx(client):
    csv = client.get("/download/overdue.csv")
    body = csv.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM German Excel needs
    header = body.decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:2] == ["Maßnahme", "Handlungsfeld"]
    assert "attachment" in csv.headers["Content-Disposition"]
    xlsx = client.get("/download/measures.xlsx?q=K%C3%BChn")
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).active
    assert sheet.max_row >= 9 and sheet.cell(1, 1).value == "Maßnahme"
    actors = client.get("/download/actors.csv").get_data().decode("utf-8-sig")
    assert "Herr Kühn;Person;8" in actors


def test_editor_shows_labels_prefixed_names_and_downloads(client):
    query = ("SELECT ?m ?c WHERE { ?o <https://w3id.org/plankg/ontology#ofMeasure> ?m ; "
             "<https://w3id.org/plankg/ontology#statusCategory> ?c } LIMIT 5")
    page = client.get("/query?query=" + quote(query)).get_data(as_text=True)
    assert "pks:" in page and 'class="download-csv"' in page
    csv = client.get("/query/results.csv?query=" + quote(query)).get_data().decode("utf-8-sig")
    assert csv.splitlines()[0] == "m;m (IRI);c;c (IRI)"
    undefined = text_of(client.get("/query?query=" + quote("SELECT * { ?s nope:x ?o }")))
    assert "the prefix nope: is not defined" in undefined


def test_union_default_graph_in_the_editor_and_configurable_at_the_endpoint(app, client):
    editor = text_of(client.get("/query?query=" + quote(COUNT_ALL)))
    assert re.search(r"n \d{3,}", editor.replace(".", ""))
    plain = client.get("/sparql", query_string={"query": COUNT_ALL},
                       headers={"Accept": "application/sparql-results+json"}).get_json()
    assert plain["results"]["bindings"][0]["n"]["value"] == "0"  # a stock dataset
    other = Plankg(replace(app.config, sparql_union_default_graph=True))
    other.store = app.store
    union = create_app(app=other).test_client().get(
        "/sparql", query_string={"query": COUNT_ALL},
        headers={"Accept": "application/sparql-results+json"}).get_json()
    assert int(union["results"]["bindings"][0]["n"]["value"]) > 1000


def test_upload_page_shows_what_changed(app, client):
    refused = client.post("/upload", data={"token": "wrong", "file": (
        io.BytesIO(b"x"), "x.tsv")}, content_type="multipart/form-data")
    assert refused.status_code == 403
    later: Path = app.later
    with open(later, "rb") as fh:
        r = client.post("/upload", data={"token": TOKEN, "file": (fh, later.name)},
                        content_type="multipart/form-data")
    page = text_of(r)
    assert r.status_code == 200 and "geladen" in page
    assert "Geänderter Sachstand" in page and "abgeschlossen" in page
    changes = text_of(client.get("/changes"))
    assert "01.03.2021" in changes and "01.09.2021" in changes and "abgeschlossen" in changes
    assert client.get("/?q=stattgefunden").status_code == 200
    assert "Fachtag" in text_of(client.get("/?q=stattgefunden"))  # the index was updated
