"""The same contract tests for both graph store backends: embedded Oxigraph on a temp directory
and a real Oxigraph server (fixture ``oxigraph_server`` from tests/conftest_oxigraph.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from store import (
    BadRequestError,
    GraphStore,
    LocalStore,
    QueryTimeoutError,
    ReadOnlyStoreError,
    RemoteStore,
    StoreBusyError,
    StoreError,
    open_store,
)
from store.remote import derive_endpoints
from tests.conftest import within

# Plain IRIs rather than rdflib's XSD namespace object, which trips pytest's module scan.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
EX = rdflib.Namespace("https://example.org/test/")
G1 = EX["graph/one"]
G2 = EX["graph/two"]
G3 = EX["graph/three"]


def sample_dataset() -> rdflib.Dataset:
    ds = rdflib.Dataset()
    one = ds.graph(G1)
    one.add((EX.m1, EX.title, Literal("Sprachkurse für Eltern", lang="de")))
    one.add((EX.m1, EX.asOf, Literal("2021-03-01", datatype=XSD_DATE)))
    one.add((EX.m1, EX.note, Literal('Zitat "in Anführung"\nzweite Zeile')))
    two = ds.graph(G2)
    budget = rdflib.BNode()
    two.add((EX.m2, EX.budget, budget))
    two.add((budget, EX.value, Literal("5000", datatype=XSD_DECIMAL)))
    return ds


@pytest.fixture(params=["local", "remote"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return request.param


@pytest.fixture
def connect(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[[], GraphStore]:
    """A factory for handles to this test's store, so tests can close and reopen it."""
    if backend == "local":
        return lambda: LocalStore(tmp_path / "store")
    base_url = request.getfixturevalue("oxigraph_server")
    return lambda: RemoteStore(base_url)


@pytest.fixture
def store(connect: Callable[[], GraphStore], backend: str) -> Iterator[GraphStore]:
    opened = connect()
    if backend == "remote":
        opened.update("DROP SILENT ALL")  # the server lives for the whole session
    with opened:
        yield opened


def graph_triples(store: GraphStore, graph: URIRef) -> set[tuple]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows}


def test_add_dataset_round_trip_keeps_graphs_and_terms(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())

    assert store.named_graphs() == sorted([str(G1), str(G2)])
    assert store.has_graph(str(G1)) and not store.has_graph(str(G3))
    assert store.triple_count(str(G1)) == 3
    assert store.triple_count() == 5
    result = store.query(
        f"SELECT ?title ?date WHERE {{ GRAPH <{G1}> "
        f"{{ ?m <{EX.title}> ?title ; <{EX.asOf}> ?date }} }}"
    )
    assert result.kind == "solutions"
    assert result.variables == ["title", "date"]
    (row,) = list(result)
    assert row["title"] == Literal("Sprachkurse für Eltern", lang="de")
    assert row["date"] == Literal("2021-03-01", datatype=XSD_DATE)
    assert isinstance(row["title"], Literal) and row["title"].language == "de"
    (note,) = store.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?m <{EX.note}> ?n }} }}")
    assert note["n"] == Literal('Zitat "in Anführung"\nzweite Zeile')
    (budget,) = store.query(f"SELECT ?b WHERE {{ GRAPH <{G2}> {{ ?m <{EX.budget}> ?b }} }}")
    assert isinstance(budget["b"], rdflib.BNode)
    ask = store.query(f"ASK {{ GRAPH <{G2}> {{ ?b <{EX.value}> 5000.0 }} }}")
    assert ask.kind == "boolean" and ask.boolean is True


def test_add_dataset_accepts_nquads_bytes(store: GraphStore) -> None:
    nquads = sample_dataset().serialize(format="nquads", encoding="utf-8")
    store.add_dataset(nquads)
    assert store.triple_count() == 5


def test_replace_graphs_replaces_exactly_those_graphs(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())
    store.add_dataset(b"", replace_graphs=[])  # nothing to do is not an error
    before_two = graph_triples(store, G2)

    newer = rdflib.Dataset()
    newer.graph(G1).add((EX.m1, EX.title, Literal("Sprachkurse (neu)", lang="de")))
    newer.graph(G3).add((EX.m3, EX.title, Literal("Neu")))
    store.add_dataset(newer, replace_graphs=[str(G1)])

    assert graph_triples(store, G1) == {(EX.m1, EX.title, Literal("Sprachkurse (neu)", lang="de"))}
    assert graph_triples(store, G2) == before_two
    assert store.triple_count(str(G3)) == 1

    store.add_dataset(rdflib.Dataset(), replace_graphs=[str(G1), str(G3)])
    assert store.named_graphs() == [str(G2)]


def test_update_with_syntax_error_raises_and_changes_nothing(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())
    before = store.triple_count()
    with pytest.raises(BadRequestError):
        store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ GRAPH <{G3}> {{ <{EX.a}> <{EX.b}> }} }}")
    assert store.triple_count() == before
    assert store.has_graph(str(G1))


def test_update_failing_midway_is_rolled_back(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())
    before = store.triple_count()
    # Parses fine; the last operation fails at run time, after the first two have run.
    request = (
        f"DROP GRAPH <{G1}> ; "
        f'INSERT DATA {{ GRAPH <{G3}> {{ <{EX.a}> <{EX.b}> "c" }} }} ; '
        f"DROP GRAPH <{EX['graph/missing']}>"
    )
    with pytest.raises(StoreError, match="does not exist"):
        store.update(request)
    assert store.triple_count() == before
    assert store.has_graph(str(G1)) and not store.has_graph(str(G3))


def test_add_dataset_with_invalid_data_writes_nothing(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())
    before = store.triple_count()
    bad_nquads = (
        f'<{EX.m9}> <{EX.title}> "gut" <{G1}> .\n'
        f'<http://bad iri/x> <{EX.title}> "schlecht" <{G1}> .\n'
    ).encode()
    with pytest.raises(BadRequestError, match="IRI"):
        store.add_dataset(bad_nquads, replace_graphs=[str(G1)])
    bad_dataset = rdflib.Dataset()
    bad_dataset.graph(G1).add((EX.m9, EX.title, Literal("gut")))
    bad_dataset.graph(G1).add((URIRef("http://bad iri/y"), EX.title, Literal("x")))
    with pytest.raises(BadRequestError):
        store.add_dataset(bad_dataset, replace_graphs=[str(G1)])
    with pytest.raises(BadRequestError, match="graph IRI"):
        store.add_dataset(sample_dataset(), replace_graphs=["not an iri"])
    assert store.triple_count() == before
    assert store.triple_count(str(G1)) == 3


def test_serialized_results_parse_back_with_rdflib(store: GraphStore) -> None:
    store.add_dataset(sample_dataset())
    select = store.query(
        f"SELECT ?s ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }} ORDER BY ?o", result_format="xml"
    )
    for fmt in ("json", "xml", "csv", "tsv"):
        parsed = rdflib.query.Result.parse(io.BytesIO(select.serialize(fmt)), format=fmt)
        assert [str(v) for v in parsed.vars] == ["s", "o"], fmt
        assert len(parsed.bindings) == 3, fmt
        assert {str(b[rdflib.Variable("s")]) for b in parsed.bindings} == {str(EX.m1)}, fmt
    assert select.media_type("csv").startswith("text/csv")

    ask = store.query(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    for fmt in ("json", "xml"):
        assert (
            rdflib.query.Result.parse(io.BytesIO(ask.serialize(fmt)), format=fmt).askAnswer is True
        )

    construct = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert construct.kind == "graph"
    expected = sample_dataset().graph(G1)
    for fmt, rdflib_fmt in [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("rdfxml", "xml"),
        ("jsonld", "json-ld"),
    ]:
        graph = rdflib.Graph().parse(data=construct.serialize(fmt), format=rdflib_fmt)
        assert isomorphic(graph, expected), fmt
    for fmt, rdflib_fmt in [("nquads", "nquads"), ("trig", "trig")]:
        ds = rdflib.Dataset().parse(data=construct.serialize(fmt), format=rdflib_fmt)
        assert len(ds) == 3, fmt
    assert isomorphic(construct.graph(), expected)

    whole = rdflib.Dataset().parse(data=store.dump("nquads"), format="nquads")
    assert {str(g.identifier) for g in whole.graphs() if len(g)} == {str(G1), str(G2)}
    assert len(list(whole.quads((None, None, None, None)))) == 5
    trig = rdflib.Dataset().parse(data=store.dump("trig"), format="trig")
    assert len(list(trig.quads((None, None, None, None)))) == 5
    one = rdflib.Graph().parse(data=store.dump("turtle", graph=str(G1)), format="turtle")
    assert isomorphic(one, expected)
    one_quads = rdflib.Dataset().parse(data=store.dump("nquads", graph=str(G1)), format="nquads")
    assert {str(g.identifier) for g in one_quads.graphs() if len(g)} == {str(G1)}
    assert store.dump("turtle", graph=str(G3)).strip() == b""
    with pytest.raises(ValueError, match="named graphs"):
        store.dump("turtle")


def test_bulk_load_into_a_named_graph(store: GraphStore, tmp_path: Path) -> None:
    turtle = f'<{EX.a}> <{EX.b}> "eins", "zwei" .\n'.encode()
    store.bulk_load(turtle, "turtle", graph=str(G3))
    file = tmp_path / "data.nq"
    file.write_bytes(sample_dataset().serialize(format="nquads", encoding="utf-8"))
    store.bulk_load(file, "nquads")
    assert store.triple_count(str(G3)) == 2
    assert store.triple_count() == 7


def test_data_survives_close_and_reopen(connect: Callable[[], GraphStore]) -> None:
    first = connect()
    first.update("DROP SILENT ALL")
    first.add_dataset(sample_dataset())
    first.close()
    with pytest.raises(StoreError, match="closed"):
        first.triple_count()
    with connect() as again:
        assert again.triple_count() == 5
        assert again.named_graphs() == sorted([str(G1), str(G2)])


def slow_query(size: int = 80) -> str:
    values = " ".join(str(i) for i in range(size))
    blocks = " ".join(f"VALUES ?{v} {{ {values} }}" for v in "abcd")
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}"


def test_slow_query_times_out(store: GraphStore) -> None:
    with pytest.raises(QueryTimeoutError):
        store.query(slow_query(), timeout=0.3)
    (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 } }", timeout=30)
    assert int(row["n"]) == 3


@pytest.mark.timing
def test_slow_query_times_out_soon_after_the_limit(store: GraphStore) -> None:
    with within(2.5), pytest.raises(QueryTimeoutError):
        store.query(slow_query(), timeout=0.3)


def test_describe_names_the_location(store: GraphStore, backend: str) -> None:
    text = store.describe()
    assert (
        text.startswith("oxigraph at ")
        if backend == "local"
        else "remote SPARQL at http://127.0.0.1:" in text
    )


@pytest.mark.slow
def test_second_process_on_local_store_is_reported_busy(tmp_path: Path) -> None:
    path = tmp_path / "store"
    LocalStore(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, pyoxigraph
                store = pyoxigraph.Store({str(path)!r})
                print("open", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreBusyError) as caught:
            LocalStore(path)
        message = str(caught.value)
        assert str(path) in message
        assert "another process" in message and "--store http://" in message
        # Reading stays possible while the writer holds the lock.
        with LocalStore(path, read_only=True) as reader:
            assert reader.triple_count() == 0
            with pytest.raises(ReadOnlyStoreError):
                reader.update(f"INSERT DATA {{ <{EX.a}> <{EX.b}> <{EX.c}> }}")
    finally:
        holder.communicate(input="", timeout=10)
    with LocalStore(path) as store:
        assert store.triple_count() == 0


def test_open_store_picks_backend_from_location(tmp_path: Path) -> None:
    remote = open_store("http://127.0.0.1:9/sparql", token="t0ken")
    assert isinstance(remote, RemoteStore)
    assert remote.endpoints.gsp == "http://127.0.0.1:9/service"
    remote.close()
    with open_store(str(tmp_path / "from-text")) as local:
        assert isinstance(local, LocalStore)
        assert local.path == tmp_path / "from-text"
    with open_store(tmp_path / "explicit") as local:
        assert local.describe() == f"oxigraph at {tmp_path / 'explicit'}"


@pytest.mark.parametrize(
    ("url", "query", "update", "gsp"),
    [
        ("http://h:7878", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        (
            "http://h:7878/query",
            "http://h:7878/query",
            "http://h:7878/update",
            "http://h:7878/store",
        ),
        (
            "http://h:3030/ds/query",
            "http://h:3030/ds/query",
            "http://h:3030/ds/update",
            "http://h:3030/ds/data",
        ),
        ("http://h:3030/ds", "http://h:3030/ds", "http://h:3030/ds", "http://h:3030/ds"),
        (
            "https://h/kg/sparql",
            "https://h/kg/sparql",
            "https://h/kg/sparql",
            "https://h/kg/service",
        ),
    ],
)
def test_endpoint_conventions(url: str, query: str, update: str, gsp: str) -> None:
    endpoints = derive_endpoints(url)
    assert (endpoints.query, endpoints.update, endpoints.gsp) == (query, update, gsp)


def test_unreachable_remote_store_raises_connection_error() -> None:
    with (
        RemoteStore("http://127.0.0.1:9", timeout=2) as remote,
        pytest.raises(ConnectionError, match="cannot reach"),
    ):
        remote.query("ASK {}")


def test_optimize_after_a_bulk_load_keeps_every_quad(store: GraphStore) -> None:
    data = b"".join(f"<urn:s{i}> <urn:p> \"{i}\" <urn:g{i % 3}> .\n".encode()
                    for i in range(500))
    store.bulk_load(data, "nquads")
    before = store.triple_count()
    store.optimize()  # compacts the local store; a no-op for a server
    assert store.triple_count() == before == 500
    assert len(graph_triples(store, URIRef("urn:g1"))) == 167
