"""Web pages: search, measure page with highlighted cells, actor pages, overview, editor."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from service.chart import bar_chart
from service.highlight import mark_dates, mark_phrases
from tests.service_support import measure_id, variant


@pytest.fixture()
def client(web_app):
    """A browser that prefers English: these tests read the English words (the German
    defaults are tested in test_service_analyst.py)."""
    english = web_app.test_client()
    english.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    return english


def test_home_and_search_by_actor(client):
    home = client.get("/")
    assert home.status_code == 200 and 'name="q"' in home.get_data(as_text=True)
    r = client.get("/", query_string={"q": "Kühn"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Fortbildungen" in page
    assert 'class="badge status-Delayed"' in page  # the Fortbildungen row is delayed
    assert "2020-2022" in page  # its time frame
    links = re.findall(r'class="measure-link" href="([^"]+)"', page)
    assert links and all(link.startswith("/measures/") for link in links)


def test_search_by_phrase_and_nothing_found(client):
    page = client.get("/", query_string={"q": "Fachtag"}).get_data(as_text=True)
    assert "Fachtag" in page and "status-OnHold" in page
    none = client.get("/", query_string={"q": "Raumfahrt"}).get_data(as_text=True)
    assert "0 measures" in none


def test_search_escapes_the_query(client):
    page = client.get("/", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_measure_page_marks_extracted_phrases(client):
    ident = measure_id(client, "Fortbildungen")
    r = client.get(f"/measures/{ident}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert re.search(r'<mark class="agent">Kühn</mark>', page)
    assert re.search(r'<mark class="agent">Hägele</mark>', page)
    assert '<mark class="date">2020-2022</mark>' in page
    assert re.search(r'<mark class="cue">[^<]*verzögert</mark>', page)
    assert "row " in page and "moessingen-integrationskonzept-status-2021-03-01.tsv" in page
    assert 'id="history"' in page and "2021-03-01" in page
    assert client.get("/measures/none/such").status_code == 404


def test_highlighting_escapes_cell_text():
    marked = str(mark_phrases('<b onclick="x">Kühn</b> & H. Kühn', ["kühn"], "agent"))
    assert marked.count('<mark class="agent">') == 2
    assert "&lt;b onclick=&#34;x&#34;&gt;" in marked and "&amp;" in marked
    assert "<b" not in marked.replace("<mark", "")
    assert str(mark_dates("Start <i>März 2021</i>")) == (
        'Start &lt;i&gt;<mark class="date">März 2021</mark>&lt;/i&gt;')
    assert str(mark_phrases(None, ["x"])) == ""


def test_actor_pages(client):
    listing = client.get("/actors").get_data(as_text=True)
    href = re.search(r'href="(/actors/[^"]+)">(?:Herr )?Kühn<', listing)
    assert href
    page = client.get(href.group(1)).get_data(as_text=True)
    assert "Fortbildungen" in page and "person" in page


def test_overview_chart(client):
    r = client.get("/overview")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "<svg" in page
    assert page.count("<rect") > 9  # bars plus the legend
    assert "Bildung und Betreuung" in page and "on hold" in page
    assert MOESSINGEN_NAME in page


MOESSINGEN_NAME = "moessingen-integrationskonzept-status-2021-03-01.tsv"


def test_bar_chart_escapes_labels():
    svg = str(bar_chart([{"area": "A & <B>", "status": "Completed", "measures": 2}]))
    assert "A &amp; &lt;B&gt;" in svg and "<B>" not in svg


def test_editor_examples_and_results(client):
    page = client.get("/query").get_data(as_text=True)
    assert page.count('class="example"') == 3
    assert "fachtag" in page and "CausePandemic" in page and "latestStatus" in page
    for link in re.findall(r'class="example" href="([^"]+)"', page):
        answer = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
        assert 'id="query-results"' in answer, link
    fachtag = client.get(re.findall(r'class="example" href="([^"]+)"', page)[0]
                         .replace("&amp;", "&")).get_data(as_text=True)
    assert "Sachgebiet 1-4" in fachtag
    corona = client.get(re.findall(r'class="example" href="([^"]+)"', page)[1]
                        .replace("&amp;", "&")).get_data(as_text=True)
    assert "Neubürger-Treff" in corona and "Fortbildungen" in corona
    assert client.get("/static/editor.js").status_code == 200


def test_editor_errors_and_refusals(client, plankg_app):
    bad = client.get("/query?query=" + quote("SELECT nonsense")).get_data(as_text=True)
    assert 'id="query-error"' in bad and "syntax error" in bad
    service = quote("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    refused = client.get("/query?query=" + service).get_data(as_text=True)
    assert "SERVICE" in refused and 'id="query-error"' in refused
    ask = client.get("/query?query=" + quote("ASK { GRAPH ?g { ?s ?p ?o } }"))
    assert 'id="query-answer">yes' in ask.get_data(as_text=True)
    capped = variant(plankg_app, result_limit=3).test_client().get(
        "/query?lang=en&query=" + quote("SELECT * { GRAPH ?g { ?s ?p ?o } }")
    ).get_data(as_text=True)
    assert "3 rows (cut at the limit)" in capped


def test_pages_use_no_cdn(client):
    for path in ("/", "/overview", "/query", "/actors"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), path


def test_reconcile_and_catalog_are_served_by_the_app(client):
    manifest = client.get("/reconcile").get_json()
    assert manifest["versions"] and "defaultTypes" in manifest
    catalog = client.get("/catalog", headers={"Accept": "text/turtle"})
    assert catalog.status_code == 200 and b"dcat:Catalog" in catalog.data
