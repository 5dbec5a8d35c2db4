"""Bugs found while restructuring (issue 11), each reproduced by the way it showed."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from extractor import Extractor
from plankg.app import Plankg
from plankg.config import Config
from service import create_app

from .conftest import MOESSINGEN, pipeline_for

BASE = "http://localhost/id/"


def test_a_small_extraction_cache_never_loses_the_cells_of_the_document() -> None:
    """Past the cache's size it used to clear itself and hand back the empty dict: KeyError
    on a long batch or in a long-running service."""
    nlp, info = pipeline_for("rule-based")
    unbounded = Extractor(nlp, info).extract(MOESSINGEN)
    tiny = Extractor(nlp, info, cache_cells=3)
    for _ in range(2):  # the second pass meets a cache that holds only the last 3 cells
        record = tiny.extract(MOESSINGEN)
        assert len(tiny._cache) <= 3
        assert [m.status.category for m in record.measures] == \
            [m.status.category for m in unbounded.measures]
        assert [len(m.responsibilities) for m in record.measures] == \
            [len(m.responsibilities) for m in unbounded.measures]


@pytest.fixture(scope="module")
def undated(tmp_path_factory) -> tuple:
    """A plan without a status column (so without a status date), in its own store."""
    work = tmp_path_factory.mktemp("undated")
    path = work / "moessingen-massnahmenplan.tsv"
    with MOESSINGEN.open(encoding="utf-8", newline="") as src, \
            path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        for row in csv.reader(src, delimiter="\t"):
            writer.writerow(row[:-1])  # the last column is "Status 01.03.2021"
    app = Plankg(Config.load(store=str(work / "store"), base_iri=BASE, environ={}))
    app.__dict__["extractor"] = Extractor(*pipeline_for("rule-based"))
    report = app.load(path)
    assert report.status == "loaded"
    web = create_app(app=app)
    web.testing = True
    yield app, web.test_client()
    app.close()


def test_measure_of_a_document_without_status_date_has_pages(undated) -> None:
    _app, client = undated
    items = client.get("/api/measures", query_string={"q": "Fachtag"}).get_json()["items"]
    assert items
    api = client.get(f"/api/measures/{items[0]['id']}")
    assert api.status_code == 200, api.get_json()
    detail = api.get_json()
    assert "Fachtag" in detail["title"] and detail["history"] == []
    page = client.get(f"/measures/{items[0]['id']}")
    assert page.status_code == 200 and "Fachtag" in page.get_data(as_text=True)


@pytest.mark.parametrize(("how", "value"), [("format", "jsonld"), ("format", "json-ld"),
                                            ("Accept", "application/ld+json")])
def test_catalog_in_json_ld_is_json_ld(undated, how: str, value: str) -> None:
    _app, client = undated
    answer = (client.get("/catalog", query_string={"format": value}) if how == "format"
              else client.get("/catalog", headers={"Accept": value}))
    assert answer.status_code == 200
    assert answer.mimetype == "application/ld+json"
    assert len(Graph().parse(data=answer.data, format="json-ld")) > 10
    turtle = client.get("/catalog", query_string={"format": "turtle"})
    assert turtle.mimetype == "text/turtle"


def test_documents_record_their_media_type(undated) -> None:
    app, _client = undated
    rows = app.store.query(f"SELECT ?f WHERE {{ GRAPH ?g {{ ?d <{DCTERMS.format}> ?f }} }}")
    assert {str(r["f"]) for r in rows} == {"text/tab-separated-values"}


def test_dead_code_is_gone() -> None:
    import extractor.graph.build as build
    import service
    from plankg.config import Config as C

    assert not hasattr(Extractor, "extract_many")
    assert not hasattr(build, "interval_literal")
    assert not hasattr(service, "EXTRA_BLUEPRINTS")
    assert "extra" not in {f for f in C.__dataclass_fields__}

