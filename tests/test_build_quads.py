"""The load path builds a report's graph as pyoxigraph terms (extractor.graph.terms); it
must store what the rdflib builder it replaced stored (tests/reference_build.py).

Corpus reports, among them plans with two and three reports (so that measures and agents
are matched to earlier ones), and a synthetic town's three reports are loaded through
``load_record`` twice, once with each builder, and the two stores compared quad for quad:
every document's graph, graph/latest and the status and name counts kept beside them.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from extractor import ExtractOptions
from extractor.graph import build_dataset
from extractor.graph.build import minter_for
from extractor.graph.terms import DocumentGraph, text
from plankg import loading
from store.local import LocalStore

from . import reference_build
from .conftest import CORPUS

BASE = "https://example.org/quads/"
REPORTS = [CORPUS / "moessingen-integrationskonzept-status-2021-03-01.tsv",
           CORPUS / "karlsruhe-klimaanpassung-monitoring-2023.txt",
           CORPUS / "karlsruhe-klimaanpassung-monitoring-2025.txt",
           *(next((CORPUS / "real" / folder).glob("*.txt")) for folder in (
               "karlsruhe-kita-ausbau-sachstand-2011-10",
               "karlsruhe-kita-ausbau-sachstand-2012-04",
               "karlsruhe-kita-ausbau-sachstand-2012-08",
               "karlsruhe-masterplan-2015-sachstand-2008",
               "karlsruhe-masterplan-2015-sachstand-2009"))]


@pytest.fixture(scope="module")
def records(rule_based_extractor, tmp_path_factory) -> list:
    from benchmarks.synth import town_documents

    out = [rule_based_extractor.extract(path) for path in REPORTS]
    folder = tmp_path_factory.mktemp("synthetic")
    for doc in sorted(town_documents(7_000_000, folder, rows_per_doc=12, reports=3),
                      key=lambda d: d.status_date):
        out.append(rule_based_extractor.extract(folder / doc.path,
                                                ExtractOptions(municipality=doc.town)))
    return out


def _reference_graph(record, *, base, **identities) -> DocumentGraph:
    """The old builder's Dataset, read into a DocumentGraph the way the old load path
    read it into the store (N-Quads, parsed by pyoxigraph)."""
    dataset = reference_build.build_dataset(record, base=base, **identities)
    graph = DocumentGraph(str(minter_for(record, base).document(record.sha256)))
    for quad in ox.parse(dataset.serialize(format="nquads"), ox.RdfFormat.N_QUADS):
        assert quad.graph_name == graph.name, "the old builder wrote one named graph"
        graph.add((quad.subject, quad.predicate, quad.object))
    return graph


def _load(records: list, path: Path) -> set[str]:
    store = LocalStore(path)
    try:
        for record in records:
            assert loading.load_record(store, record, base=BASE).status == "loaded"
        return set(store.dump("nquads").decode().splitlines())
    finally:
        store.close()


def test_the_corpus_stores_the_same_quads_as_with_the_rdflib_builder(records, tmp_path,
                                                                      monkeypatch):
    built = _load(records, tmp_path / "built")
    monkeypatch.setattr(loading, "build_graph", _reference_graph)
    reference = _load(records, tmp_path / "reference")
    assert len(reference) > 5000
    assert sum(f"<{BASE}graph/status-counts>" in q for q in reference) > 0
    assert sum(f"<{BASE}graph/name-counts>" in q for q in reference) > 0
    assert built == reference, (sorted(built - reference)[:5], sorted(reference - built)[:5])


def test_build_dataset_is_the_rdflib_builders_dataset(records):
    def quads(dataset) -> set:
        return set(dataset.quads((None, None, None, None)))

    for record in records:
        ours = quads(build_dataset(record, base=BASE))
        assert ours, record.path.name
        assert ours == quads(reference_build.build_dataset(record, base=BASE)), record.path.name


def test_document_graph_is_a_set_and_its_ntriples_are_pyoxigraphs():
    graph = DocumentGraph("https://example.org/doc")
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    tricky = ['say "hi"\\', "two\nlines\r\t", "\x01 control", "Kühn €", "\u2028"]
    for value in tricky * 2:
        graph.add((s, p, text(value, "de")))
    assert len(graph) == len(tricky)
    assert graph.objects(s, p) == [text(v, "de") for v in tricky]
    triples = [ox.Triple(*t) for t in graph]
    assert graph.ntriples() == ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    assert [q.object.value for q in ox.parse(graph.ntriples(), ox.RdfFormat.N_TRIPLES)] == tricky
