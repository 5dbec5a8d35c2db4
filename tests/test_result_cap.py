"""The result cap bounds the work: the store stops reading solutions past ``max_rows``, so
a query with billions of answers is cut, not evaluated (or serialised) to the end."""

from __future__ import annotations

import pytest
import rdflib

from store import GraphStore
from tests.test_store_backends import backend, connect, sample_dataset, store  # noqa: F401

# The sample's 5 triples joined with themselves 14 times: 5^14 ≈ 6·10^9 solutions, which
# only a cut that stops evaluating can answer within the minute.
_CROSS = " ".join(f"GRAPH ?g{i} {{ ?s{i} ?p{i} ?o{i} }}" for i in range(14))
HUGE = f"SELECT * WHERE {{ {_CROSS} }}"
HUGE_GRAPH = f"CONSTRUCT {{ ?s0 ?p0 ?o13 }} WHERE {{ {_CROSS} }}"


def test_huge_select_is_cut_lazily(store: GraphStore, backend: str) -> None:  # noqa: F811
    store.add_dataset(sample_dataset())
    if backend == "remote":
        # A server sends all it has; the cut bounds what plankg decodes and passes on.
        small = store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=2)
        assert len(small) == 2 and small.truncated
        return
    result = store.query(HUGE, timeout=60, max_rows=4)
    assert result.truncated and len(result) == 4
    assert set(next(iter(result))) >= {"s0", "p0", "o0", "s13", "o13"}
    assert result.serialize("xml").startswith(b"<?xml")  # the cut payload re-serialises


def test_huge_construct_is_cut_lazily(store: GraphStore, backend: str) -> None:  # noqa: F811
    store.add_dataset(sample_dataset())
    query = HUGE_GRAPH if backend == "local" else \
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = store.query(query, timeout=60, max_rows=3)
    assert result.truncated and len(result) == 3
    assert len(result.serialize("ntriples").strip().splitlines()) == 3


def test_results_within_the_cap_are_whole(store: GraphStore) -> None:  # noqa: F811
    store.add_dataset(sample_dataset())
    full = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o")
    capped = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o",
                         max_rows=len(full))
    assert not capped.truncated
    assert [dict(r) for r in capped if "budget" not in str(r["p"])] == \
        [dict(r) for r in full if "budget" not in str(r["p"])]
    langs = {r["o"].language for r in capped if isinstance(r["o"], rdflib.Literal)}
    assert "de" in langs
    types = {r["o"].datatype for r in capped if isinstance(r["o"], rdflib.Literal)}
    assert rdflib.XSD.date in types and rdflib.XSD.decimal in types
    ask = store.query("ASK { GRAPH ?g { ?s ?p ?o } }", max_rows=1)
    assert ask.kind == "boolean" and ask.boolean and not ask.truncated


def test_query_workers_cut_lazily_too(store: GraphStore, backend: str) -> None:  # noqa: F811
    """The service's killable query processes apply the cap where they evaluate."""
    if backend == "remote":
        pytest.skip("query workers read a local on-disk store")
    from store.pool import PoolLimits
    from store.pooled import PooledStore

    store.add_dataset(sample_dataset())
    pooled = PooledStore(store, PoolLimits(workers=1, spare=0), 60.0)
    try:
        result = pooled.query(HUGE, timeout=60, max_rows=4)
        assert result.truncated and len(result) == 4
        graph = pooled.query(HUGE_GRAPH, timeout=60, max_rows=3)
        assert graph.truncated and len(graph) == 3
        whole = pooled.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=100)
        assert not whole.truncated and len(whole) == 5
    finally:
        pooled.close()
