"""How many (agent, measure) responsibilities each name has, kept up to date at load time.

"Who is Müller responsible for", asked of every town at once, pages through the pairs
cheaply (the store streams them, store/who.py), but its total had to read every pair: at
10 M triples some 20,000 of them. So each load keeps, in ``<base>graph/name-counts``, one
number per name, in the same update request as the document:

    <base>name-count/<hash of the name> rdfs:label "Müller" ; rdf:value 2112 .

A count means what who's exact lookup means: the distinct (agent, measure) pairs of
``pk:responsibleAgent`` whose agent carries that name, as written (the lexical form, plain
or @de), as ``foaf:familyName``, ``foaf:name`` or ``skos:prefLabel``, in any graph. An
agent holding two spellings of one name ("Müller", "MÜLLER") is counted under each, so a
question asking for both counts it twice. A store filled another way gets its counts from
:func:`rebuild`; the first load into a store without them rebuilds them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS

from ontology import PK

from .backend import GraphStore
from .counts import add_to_counter
from .queries import NAME_PROPERTIES, NAME_VALUES, PREFIXES, iri, literal

_VALUE = RDF.value.n3()
_RESPONSIBLE = ox.NamedNode(str(PK.responsibleAgent))
_NAMES = {ox.NamedNode(str(p)) for p in NAME_PROPERTIES}


def names_graph(base: str) -> str:
    return f"{base}graph/name-counts"


def _cell(base: str, name: str) -> str:
    return iri(f"{base}name-count/{hashlib.sha1(name.encode()).hexdigest()[:16]}")


def total(store: GraphStore, base: str, names: list[str]) -> int | None:
    """The pairs of the agents called any of ``names`` (lexical forms); None when the
    store keeps no counts."""
    forms = " ".join(_cell(base, n) for n in dict.fromkeys(names))
    graph = names_graph(base)
    # One request: the cells, and any one triple of the graph (whether counts are kept).
    rows = store.query(PREFIXES + f"""SELECT ?n ?kept WHERE {{
  {{ GRAPH <{graph}> {{ VALUES ?c {{ {forms} }} ?c {_VALUE} ?n }} }}
  UNION {{ SELECT ?kept WHERE {{ GRAPH <{graph}> {{ ?kept ?p ?o }} }} LIMIT 1 }} }}""").values()
    if not any("kept" in row for row in rows):
        return None
    return sum(int(row["n"]) for row in rows if "n" in row)


_GROUPED = f"""SELECT ?name (COUNT(*) AS ?pairs) WHERE {{
  {{ SELECT DISTINCT ?agent ?m WHERE {{ GRAPH ?g {{ ?m pk:responsibleAgent ?agent }} }} }}
  {{ SELECT DISTINCT ?agent ?name WHERE {{ VALUES ?np {{ {NAME_VALUES} }}
      GRAPH ?ng {{ ?agent ?np ?l }} BIND(STR(?l) AS ?name) }} }}
}} GROUP BY ?name"""


def grouped(store: GraphStore) -> dict[str, int]:
    """The same numbers computed from the whole store."""
    return {str(r["name"]): int(r["pairs"]) for r in store.query(PREFIXES + _GROUPED)}


def rebuild(store: GraphStore, base: str) -> int:
    """Recount from the store (after bulk loads or hand-made updates); returns the names."""
    cells = grouped(store)
    store.update(_rebuild_update(base, cells))
    return len(cells)


def _rebuild_update(base: str, cells: dict[str, int]) -> str:
    graph = names_graph(base)
    body = " ".join(f"{_cell(base, n)} {RDFS.label.n3()} {literal(n)} ; {_VALUE} {k} ."
                    for n, k in cells.items())
    drop = f"DROP SILENT GRAPH <{graph}>"
    # No empty INSERT DATA: Virtuoso refuses "GRAPH <g> { }" as a syntax error.
    return f"{drop} ;\nINSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}" if body else drop


def load_update(store: GraphStore, base: str, triples: Iterable[tuple]) -> str:
    """The operations that bring the name counts up to date with one report about to be
    written (``triples``: its named graph, as pyoxigraph terms), to run in the same
    request. Reads the store only about the report's own agents."""
    pairs: dict[str, set[str]] = {}
    report_names: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == _RESPONSIBLE:
            pairs.setdefault(o.value, set()).add(s.value)
        elif p in _NAMES and isinstance(o, ox.Literal):
            report_names.setdefault(s.value, set()).add(o.value)
    if not pairs:
        return ""
    old_pairs, old_names = _before(store, list(pairs))
    delta: Counter = Counter()
    for agent, measures in pairs.items():
        names = report_names.get(agent, set()) | old_names.get(agent, set())
        before, after = old_pairs.get(agent, set()), measures | old_pairs.get(agent, set())
        for name in names:
            delta[name] += len(after) - (len(before) if name in old_names.get(agent, ()) else 0)
    operations = []
    if not _kept(store, base):
        operations.append(_rebuild_update(base, grouped(store)))
    operations += [_add(base, name, n) for name, n in sorted(delta.items()) if n]
    return " ;\n".join(operations)


def _before(store: GraphStore, agents: list[str]
            ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    values = " ".join(iri(a) for a in agents)
    # DISTINCT: each name and pair is in every report's graph; the rows are read once each.
    rows = store.query(PREFIXES + f"""SELECT DISTINCT ?agent ?m ?name WHERE {{
  VALUES ?agent {{ {values} }}
  {{ GRAPH ?g {{ ?m pk:responsibleAgent ?agent }} }}
  UNION {{ VALUES ?np {{ {NAME_VALUES} }} GRAPH ?ng {{ ?agent ?np ?name }} }} }}""")
    pairs: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for row in rows:
        if "m" in row:
            pairs.setdefault(str(row["agent"]), set()).add(str(row["m"]))
        if "name" in row:
            names.setdefault(str(row["agent"]), set()).add(str(row["name"]))
    return pairs, names


def _kept(store: GraphStore, base: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{names_graph(base)}> {{ ?s ?p ?o }} }}"))


def _add(base: str, name: str, n: int) -> str:
    return add_to_counter(names_graph(base), _cell(base, name),
                          f"{RDFS.label.n3()} {literal(name)}", n)
