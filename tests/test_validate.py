"""The project's validator (pyshacl-turbo, shapes compiled once) gives pyshacl's verdicts:
the same graphs refused at the same resources, with messages that say why."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Dataset, Namespace, URIRef

from extractor.graph.terms import DocumentGraph, from_rdflib
from extractor.graph.validate import validate
from ontology import load_ontology, load_shapes

from .test_ontology import BROKEN, ID, valid_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


def reference(data) -> tuple[bool, set[str]]:
    """pyshacl's verdict and the properties it names (short form)."""
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
        advanced=True, allow_warnings=True)
    paths = {data.namespace_manager.normalizeUri(p) if p is not None else "value"
             for p in results.objects(None, SH.resultPath)}
    if any(results.value(r, SH.resultPath) is None
           for r in results.subjects(None, SH.ValidationResult)):
        paths.add("value")
    return conforms, paths


def test_valid_document_conforms() -> None:
    report = validate(valid_graph())
    assert report.conforms, report.text
    assert report.failures == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_document_refused_like_pyshacl(case: str) -> None:
    data = valid_graph()
    BROKEN[case][0](data)
    expected_conforms, paths = reference(data)
    report = validate(data)
    assert report.conforms is expected_conforms is False
    for path in paths:  # every property pyshacl names is named in a failure
        assert any(f": {path} " in f for f in report.failures), (path, report.failures)
    assert not any("violated at" in f for f in report.failures), report.failures


def test_start_after_end_names_both_dates() -> None:
    data = valid_graph()
    BROKEN["start after end"][0](data)
    (failure,) = validate(data).failures
    assert "2021-01-01" in failure and "2020-12-31" in failure


def test_default_messages_name_the_allowed_values() -> None:
    data = valid_graph()
    BROKEN["honorific not Herr/Frau"][0](data)
    (failure,) = validate(data).failures
    assert '"Dr."' in failure and '"Herr"' in failure and '"Frau"' in failure
    data = valid_graph()
    BROKEN["status date not a date"][0](data)
    (failure,) = validate(data).failures
    assert failure.endswith("pk:statusDate '01.03.2021': Value is not Literal with datatype "
                            "xsd:date"), failure


def test_validation_leaves_the_data_as_it_was() -> None:
    data = Dataset()
    for s, p, o in valid_graph():
        data.add((s, p, o, URIRef(ID.doc)))
    before = set(data.quads((None, None, None, None)))
    assert validate(data).conforms
    assert set(data.quads((None, None, None, None))) == before


def test_each_named_graph_is_checked_on_its_own() -> None:
    # Two documents' graphs: the second lacks its title, the first is whole; their union
    # would conform.
    data = Dataset()
    good, bad = valid_graph(), valid_graph()
    BROKEN["document without title"][0](bad)
    for s, p, o in good:
        data.add((s, p, o, URIRef(ID.doc)))
    for s, p, o in bad:
        data.add((s, p, o, URIRef(ID.other)))
    report = validate(data)
    assert not report.conforms
    assert report.failures and all("dcterms:title" in f for f in report.failures)


def _document_graph(data) -> DocumentGraph:
    graph = DocumentGraph(ID.doc)
    for triple in data:
        graph.add(tuple(from_rdflib(t) for t in triple))
    return graph


@pytest.mark.parametrize("case", ["valid", *sorted(BROKEN)])
def test_the_load_paths_graph_gets_the_same_verdict_and_messages(case: str) -> None:
    # The load path hands the engine N-Triples text, not rdflib terms: same shapes, same
    # report, down to the wording of every failure.
    data = valid_graph()
    if case != "valid":
        BROKEN[case][0](data)
    graph = _document_graph(data)
    expected, ours = validate(graph.to_dataset()), validate(graph)  # rdflib terms, and not
    assert ours.conforms is expected.conforms is (case == "valid")
    assert ours.failures == expected.failures
