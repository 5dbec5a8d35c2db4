"""What talking to OpenLink Virtuoso 7 takes beyond standard SPARQL (used by store/remote.py).

Each quirk here was met running the history suite against Debian's virtuoso-opensource
7.2 (tests/conftest_virtuoso.py); the README's "Virtuoso" section lists them all.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

# The graphs a fresh Virtuoso holds of its own (its RDF views, LDP, the /sparql service):
# part of its union default graph and of every GRAPH ?g, never plankg's.
VIRTUOSO_OWN = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                "http://localuriqaserver/")

_DURATION = re.compile(r'("(?:[^"\\\n]|\\.)*")\^\^<http://www\.w3\.org/2001/XMLSchema#duration>')


def virtuoso_update(sparql: str) -> str:
    """An update as Virtuoso takes it: an ``xsd:duration`` literal cannot be stored there
    (it refuses "P1Y"^^xsd:duration in an update, and its Graph Store keeps it as the
    number 12), so it is written as a plain string of the same text; plankg reads no
    durations back."""
    return _DURATION.sub(r"\1", sparql)


def split_by_graph(data: bytes, fmt: ox.RdfFormat) -> dict[str | None, bytes]:
    """N-Quads or TriG as N-Triples per graph (None: the default graph). Virtuoso's Graph
    Store takes one graph's triples a request: given quads it answers 201 Created and
    stores none of them under their graphs."""
    graphs: dict[str | None, list[ox.Triple]] = {}
    for q in ox.parse(data, fmt):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        graphs.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    return {name: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            for name, triples in graphs.items()}
