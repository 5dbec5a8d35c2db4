"""One vocabulary: the prefixes, status categories and agent kinds of ``ontology`` are the
ones the graph, the published JSON-LD context, the API, the chart and the pages use."""

from __future__ import annotations

import json

from linking.export import context
from ontology import AGENT_CLASSES, PREFIXES, SCHEMA, STATUS_CATEGORIES, agent_kind
from service.chart import STATUS_COLOURS, STATUS_LABELS, STATUS_ORDER
from service.linked_data import curie


def test_the_published_context_uses_the_same_namespaces() -> None:
    ctx = context()["@context"]
    shared = {p: ns for p, ns in ctx.items() if isinstance(ns, str) and p in PREFIXES}
    assert shared, "the context names prefixes"
    assert shared == {p: PREFIXES[p] for p in shared}
    assert ctx["schema"] == str(SCHEMA) == "https://schema.org/"


def test_linked_data_pages_shorten_schema_org_as_the_graph_writes_it() -> None:
    assert curie("https://schema.org/MonetaryAmount") == "schema:MonetaryAmount"
    assert curie("http://schema.org/MonetaryAmount") == "http://schema.org/MonetaryAmount"


def test_the_graph_binds_the_ontology_prefixes(rule_based_extractor) -> None:
    from extractor.graph import build_dataset

    from .conftest import MOESSINGEN

    ds = build_dataset(rule_based_extractor.extract(MOESSINGEN))
    bound = {p: str(ns) for p, ns in ds.namespaces() if p in PREFIXES}
    assert bound == PREFIXES
    trig = ds.serialize(format="trig")
    assert "https://schema.org/" in trig and "http://schema.org/" not in trig


def test_chart_covers_every_status_category_once() -> None:
    assert sorted(STATUS_ORDER) == sorted(STATUS_CATEGORIES)
    assert set(STATUS_COLOURS) == set(STATUS_LABELS) == set(STATUS_CATEGORIES)


def test_api_allows_exactly_the_status_categories(client) -> None:
    answer = client.get("/api/measures", query_string={"status": "Vertagt"})
    assert answer.status_code == 400
    assert tuple(answer.get_json()["allowed"]) == STATUS_CATEGORIES


def test_agent_kinds_round_trip() -> None:
    for kind, cls in AGENT_CLASSES.items():
        assert agent_kind(str(cls)) == kind
    assert agent_kind("http://xmlns.com/foaf/0.1/Agent") is None
    assert json.dumps(sorted(AGENT_CLASSES)) == '["group", "organization", "person", "unit"]'
