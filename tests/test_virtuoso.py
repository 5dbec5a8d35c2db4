"""The remote backend against a real Virtuoso 7 (tests/conftest_virtuoso.py): the quirks
store/virtuoso.py works around, each checked on the server itself."""

from __future__ import annotations

import pytest

from store.remote import RemoteStore

pytestmark = pytest.mark.remote
G1, G2 = "http://example.org/g1", "http://example.org/g2"
QUADS = (f'<http://example.org/s> <http://example.org/p> "eins"@de <{G1}> .\n'
         f'<http://example.org/s> <http://example.org/p> "2"^^<http://www.w3.org/2001/'
         f'XMLSchema#integer> <{G2}> .\n').encode()


@pytest.fixture
def store(virtuoso_server):
    remote = RemoteStore(virtuoso_server)
    for graph in remote.named_graphs():
        remote.update(f"DROP SILENT GRAPH <{graph}>")
    yield remote
    remote.close()


def test_it_is_recognised_and_its_own_graphs_are_left_out(store) -> None:
    assert store.virtuoso and store.endpoints.gsp.endswith("/sparql-graph-crud")
    assert store.named_graphs() == [] and store.triple_count() == 0


def test_quads_are_loaded_and_dumped_graph_by_graph(store) -> None:
    store.bulk_load(QUADS, "nquads")
    assert store.named_graphs() == [G1, G2] and store.triple_count() == 2
    assert store.has_graph(G1) and not store.has_graph("http://example.org/none")
    assert sorted(store.dump("nquads").splitlines()) == sorted(QUADS.splitlines())
    assert store.dump("nquads", graph=G1) == QUADS.splitlines(keepends=True)[0]


def test_a_duration_is_kept_as_its_text(store) -> None:
    store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <http://example.org/t> '
                 f'<http://www.w3.org/2006/time#hasXSDDuration> '
                 f'"P1Y"^^<http://www.w3.org/2001/XMLSchema#duration> }} }}')
    (row,) = store.query(f"SELECT ?d WHERE {{ GRAPH <{G1}> {{ ?t ?p ?d }} }}")
    assert str(row["d"]) == "P1Y"
