"""What the store remembers across reports, and the one write that adds a report.

The questions here return plain rows; which row is which measure or person is decided by
the graph code (``extractor.graph.matching`` and ``.identity``), and ``plankg.loading``
runs the steps in order. Everything one report adds goes to the store in one SPARQL
Update request, which the store applies atomically, together with the moves of
``pk:latestStatus`` in the small ``graph/latest`` graph.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Literal, URIRef

from extractor.graph.terms import DocumentGraph
from ontology import AGENT_CLASSES, PK

from . import counts, names
from .backend import GraphStore
from .queries import iri, latest_graph, select

_LATEST_P = PK.latestStatus.n3()


def known_measures(store: GraphStore, plan: str) -> list[dict]:
    """Measures of earlier reports of ``plan`` (m, title, goalTitle, id: the printed
    number), oldest report first."""
    return select(store, f"""SELECT ?m ?title ?goalTitle ?d ?id WHERE {{
  GRAPH ?doc {{ ?doc pk:ofPlan {iri(plan)} . OPTIONAL {{ ?doc pk:statusDate ?d }}
               ?m a pk:Measure ; pk:title ?title ; pk:servesGoal ?goal .
               ?goal pk:title ?goalTitle OPTIONAL {{ ?m dcterms:identifier ?id }} }} }}
  ORDER BY ?d""")


def known_agents(store: GraphStore, *, place: str | None, prefix: str) -> list[dict]:
    """Agents in the documents about ``place`` (else: minted under ``prefix``), one row per
    unit a person belongs to: a, kind, label, family, given, honorific, unitLabel."""
    kinds = " ".join(c.n3() for c in AGENT_CLASSES.values())
    agents = f"""VALUES ?kind {{ {kinds} }} ?a a ?kind ; rdfs:label ?label .
    OPTIONAL {{ ?a foaf:familyName ?family }} OPTIONAL {{ ?a foaf:givenName ?given }}
    OPTIONAL {{ ?a pk:honorific ?honorific }} OPTIONAL {{ ?a org:memberOf ?unit }}"""
    # Single-pattern OPTIONALs only: "?a org:memberOf ?u . ?u rdfs:label ?l" as one OPTIONAL
    # was planned as a hash join over every memberOf of the store (5.7 s of a load at 10 M
    # triples); the units' labels are in these same rows, as the town's agents. And the
    # town's documents are named first: with GRAPH ?g bound by dcterms:spatial in the same
    # pattern, the store started from every agent of the store (0.7 s a load at 1 M).
    if place:
        docs = [row["g"] for row in select(
            store, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g dcterms:spatial {iri(place)} }} }}")]
        if not docs:
            return []
        rows = select(store, "SELECT * WHERE { " + " UNION ".join(
            f"{{ GRAPH {iri(g)} {{ {agents} }} }}" for g in docs) + " }")
    else:
        rows = select(store, f"""SELECT * WHERE {{ GRAPH ?g {{ {agents}
    FILTER(STRSTARTS(STR(?a), {Literal(prefix).n3()})) }} }}""")
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["a"], set()).add(row["label"])
    out = []
    for row in rows:
        unit = row.pop("unit", None)
        out += [dict(row, unitLabel=label) for label in sorted(labels.get(unit, ()))] or [row]
    return out


# measure -> (observation, as of); as of None: an undated observation (pk:undated)
Observations = dict[URIRef, tuple[URIRef, dt.date | None]]


def latest_update(store: GraphStore, base: str, observations: Observations) -> str:
    """SPARQL that points pk:latestStatus of each measure at its new observation, unless the
    store already holds a newer one (a late-loaded older report)."""
    latest = latest_graph(base)
    if not observations:
        return ""
    values = " ".join(m.n3() for m in observations)
    current = {row["m"]: row.get("asOf") for row in select(store, f"""SELECT ?m ?asOf WHERE {{
  VALUES ?m {{ {values} }}
  GRAPH <{latest}> {{ ?m pk:latestStatus ?obs }} GRAPH ?g {{ ?obs pk:asOf ?asOf }} }}""")}
    deletes, inserts = [], []
    for measure, (obs, as_of) in observations.items():
        if not counts.supersedes(current.get(str(measure)), as_of):
            continue  # an older report loaded late does not hide the newer status
        deletes.append(f"DELETE WHERE {{ GRAPH <{latest}> {{ {measure.n3()} {_LATEST_P} ?o }} }}")
        inserts.append(f"{measure.n3()} {_LATEST_P} {obs.n3()} .")
    # No empty INSERT DATA: Virtuoso refuses "GRAPH <g> { }" as a syntax error.
    insert = [f"INSERT DATA {{ GRAPH <{latest}> {{ {' '.join(inserts)} }} }}"] if inserts else []
    return " ;\n".join([*deletes, *insert])


def report_update(store: GraphStore, graph: DocumentGraph, base: str,
                  observations: Observations) -> tuple[str, int]:
    """The one SPARQL Update that replaces the document's graph and moves the latest
    statuses and the counts, and the number of quads it writes. Reads the store; writes
    nothing."""
    parts = [graph_update(graph), latest_update(store, base, observations),
             counts.load_update(store, base, graph, observations),
             names.load_update(store, base, graph)]
    return " ;\n".join(p for p in parts if p), len(graph)


def graph_update(graph: DocumentGraph) -> str:
    """DROP the document's graph and INSERT DATA its triples (as N-Triples, which SPARQL
    reads as they are)."""
    drop = f"DROP SILENT GRAPH {graph.name}"
    if not len(graph):
        return drop
    return f"{drop} ;\nINSERT DATA {{\nGRAPH {graph.name} {{\n{graph.ntriples()}}}\n}}"


def write_report(store: GraphStore, graph: DocumentGraph, base: str,
                 observations: Observations) -> int:
    """Replace the document's graph and move the latest statuses, in one request.
    Returns the number of quads written."""
    update, written = report_update(store, graph, base, observations)
    store.update(update)
    return written
