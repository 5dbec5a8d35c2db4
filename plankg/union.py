"""The union of the named graphs as the default graph, as Fuseki and Oxigraph offer it.

Every triple plankg writes lives in a named graph (one per document), so a plain
``SELECT * WHERE { ?s ?p ?o }`` over the empty default graph finds nothing. The command
line, the pages and the editor therefore query with the named graphs as the default graph
unless the query names its own dataset (FROM / FROM NAMED); the /sparql endpoint does so
when ``sparql_union_default_graph`` is on. It is given as the protocol's dataset (the list
of graphs), so it means the same on every backend, local or remote.
"""

from __future__ import annotations

from service.sparql_text import SparqlTextError, keywords
from store import GraphStore


def names_dataset(sparql: str) -> bool:
    """Whether the query has its own FROM / FROM NAMED clause."""
    try:
        return "FROM" in keywords(sparql).top
    except SparqlTextError:
        return False


def union_dataset(store: GraphStore, sparql: str) -> dict[str, list[str]]:
    """Keyword arguments for ``GraphStore.query``: the named graphs as the default graph,
    or nothing when the query names its dataset."""
    if names_dataset(sparql):
        return {}
    return {"default_graph": store.named_graphs()}
