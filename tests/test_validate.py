"""The project's validator (pyshacl-turbo, shapes compiled once) gives pyshacl's verdicts:
the same graphs refused at the same nodes, with messages that say why."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Dataset, Namespace, URIRef

from extractor.graph.validate import validate
from ontology import load_ontology, load_shapes

from .test_ontology import BROKEN, ID, valid_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


def reference(data) -> tuple[bool, set[tuple]]:
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
        advanced=True, allow_warnings=True)
    return conforms, {(results.value(r, SH.focusNode), results.value(r, SH.resultPath))
                      for r in results.subjects(None, SH.ValidationResult)}


def test_valid_document_conforms() -> None:
    report = validate(valid_graph())
    assert report.conforms, report.text
    assert report.messages == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_document_refused_like_pyshacl(case: str) -> None:
    break_it, focus, path = BROKEN[case]
    data = valid_graph()
    break_it(data)
    expected_conforms, expected = reference(data)
    report = validate(data)
    assert report.conforms is expected_conforms is False
    where = " ".join(load_shapes().namespace_manager.normalizeUri(n)
                     for n in (focus, path) if n is not None)
    assert [m for m in report.messages if m.startswith(where + ":")], report.messages
    assert len(report.messages) == len(expected)
    assert not any("violated at" in m for m in report.messages), report.messages


def test_start_after_end_names_both_dates() -> None:
    data = valid_graph()
    BROKEN["start after end"][0](data)
    (message,) = validate(data).messages
    assert "2021-01-01" in message and "2020-12-31" in message


def test_default_messages_name_the_allowed_values() -> None:
    data = valid_graph()
    BROKEN["honorific not Herr/Frau"][0](data)
    (message,) = validate(data).messages
    assert '"Dr."' in message and '"Herr"' in message and '"Frau"' in message
    data = valid_graph()
    BROKEN["status date not a date"][0](data)
    assert validate(data).messages == [f"<{ID.doc}> pk:statusDate: Value is not "
                                       "Literal with datatype xsd:date"]


def test_validation_leaves_the_data_as_it_was() -> None:
    data = Dataset()
    for s, p, o in valid_graph():
        data.add((s, p, o, URIRef(ID.doc)))
    before = set(data.quads((None, None, None, None)))
    assert validate(data).conforms
    assert set(data.quads((None, None, None, None))) == before


def test_each_named_graph_is_checked_on_its_own() -> None:
    # Two documents' graphs: the second lacks its title, the first is whole.
    data = Dataset()
    good, bad = valid_graph(), valid_graph()
    BROKEN["document without title"][0](bad)
    for s, p, o in good:
        data.add((s, p, o, URIRef(ID.doc)))
    for s, p, o in bad:
        data.add((s, p, o, URIRef(ID.other)))
    report = validate(data)
    assert not report.conforms
    title = f"<{ID.doc}> dcterms:title"
    assert report.messages and all(m.startswith(title) for m in report.messages)
