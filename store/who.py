"""Who is responsible for what: agents found by name (or by a search), their measures,
paged, with each measure's latest state.

Nothing reads every label or every responsibility of the store: names are looked up in
the object index first, a town is scoped through its documents, and only the page's
(agent, measure) pairs are described.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import names
from .backend import GraphStore
from .queries import (
    _agent_pattern,
    _kind_of,
    _local,
    _scope,
    iri,
    latest_graph,
    name_forms,
    select,
    town_agents,
    town_place,
)


@dataclass
class WhoPage:
    items: list[dict]
    total: int  # (agent, measure) pairs over all pages


def who(store: GraphStore, base: str, name: str, *, town: str | None = None,
        agents: list[str] | None = None) -> list[dict]:
    """What an actor is responsible for: role, area, time frame, latest status (all rows).
    ``agents``: the agents a search already found for ``name`` (else looked up by name)."""
    return who_page(store, base, name, town=town, agents=agents, limit=None).items


def who_page(store: GraphStore, base: str, name: str, *, town: str | None = None,
             agents: list[str] | None = None, limit: int | None = 50,
             offset: int = 0) -> WhoPage:
    """One page of what an actor is responsible for, with the total over all pages.

    Nothing reads every label or every responsibility of the store: names are looked up
    in the object index first (see _agent_pattern), a town is scoped through its
    documents, and only the page's (agent, measure) pairs are described. Within a town (or
    for given agents) the pairs are ordered by agent and measure IRI. A name asked of every
    town pages through the pairs in the store's own order instead (the same from page to
    page while nothing is written) and takes its total from the counts kept at load time
    (store/names.py): sorting or counting 20,000 pairs at 10 M triples is what took time.
    """
    if agents is None and not name.split():
        return WhoPage([], 0)
    prefix = town_agents(base, town) if town and base else None
    if agents is not None:
        keys = _pairs_of_agents(store, [a for a in agents if not prefix or a.startswith(prefix)])
    elif town and base:
        keys = _town_pairs(store, base, name, town)
    else:
        page = _streamed_page(store, base, name, limit, offset) if limit is not None else None
        if page is not None:
            return page
        keys = _pairs_by_name(store, name, None, None)
    page = keys[offset:] if limit is None else keys[offset:offset + limit]
    return WhoPage(_describe_pairs(store, base, page, town), len(keys))


def _streamed_page(store: GraphStore, base: str, name: str, limit: int, offset: int
                   ) -> WhoPage | None:
    """The page of an exact name over all towns, LIMIT first: the store stops after the
    page's pairs (deep pages cost the pairs before them). None when the store keeps no
    name counts or none has the name (then the caller reads the pairs, or parts of names)."""
    total = names.total(store, base, name_forms(name))
    if not total:
        return None
    rows = select(store, f"""SELECT DISTINCT ?agent ?m WHERE {{ {_agent_pattern(name, None, True)}
  GRAPH ?g {{ ?m pk:responsibleAgent ?agent }} }} LIMIT {int(limit)} OFFSET {int(offset)}""")
    keys = [(row["agent"], row["m"]) for row in rows]
    return WhoPage(_describe_pairs(store, base, keys, None), total)


def _town_pairs(store: GraphStore, base: str, name: str, town: str) -> list[tuple[str, str]]:
    """The pairs of the town's agents called ``name``: exactly, in one query that finds the
    town's documents too (it starts from them: the place is a constant); else (no exact
    name there) any name containing it, in the documents found first."""
    prefix = town_agents(base, town)
    rows = select(store, f"""SELECT DISTINCT ?agent ?m WHERE {{
  GRAPH ?d {{ ?d dcterms:spatial {iri(town_place(base, town))} }}
  {_agent_pattern(name, None, True, graph="?d")}
  GRAPH ?d {{ ?m pk:responsibleAgent ?agent }} }}""")
    keys = sorted({(row["agent"], row["m"]) for row in rows if row["agent"].startswith(prefix)})
    if keys:
        return keys
    docs, _ = _scope(store, base, town)
    return _pairs_by_name(store, name, docs, prefix, passes=(False,))


def _pairs_of_agents(store: GraphStore, agents: list[str]) -> list[tuple[str, str]]:
    if not agents:
        return []
    values = " ".join(iri(a) for a in agents)
    return sorted({(row["agent"], row["m"]) for row in select(store, f"""SELECT DISTINCT ?agent ?m
WHERE {{ VALUES ?agent {{ {values} }} GRAPH ?g {{ ?m pk:responsibleAgent ?agent }} }}""")})


def _pairs_by_name(store: GraphStore, name: str, docs: list[str] | None,
                   prefix: str | None, passes: tuple[bool, ...] = (True, False)
                   ) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for exact in passes if docs != [] else ():
        # pk:responsibleAgent (the contract's shortcut) is one index lookup per agent; the
        # pairs are sorted and cut here: ORDER BY + LIMIT in the store took 20x as long.
        if docs is not None:  # a town's agents are responsible in the town's documents
            pairs = _agent_pattern(name, docs, exact, ". ?m pk:responsibleAgent ?agent")
        else:
            pairs = f"""{{ SELECT DISTINCT ?agent WHERE {{ {_agent_pattern(name, None, exact)} }} }}
  GRAPH ?g {{ ?m pk:responsibleAgent ?agent }}"""
        keys = sorted({(row["agent"], row["m"]) for row in select(
            store, f"SELECT DISTINCT ?agent ?m WHERE {{ {pairs} }}")
            if not prefix or row["agent"].startswith(prefix)})
        if keys:
            break
    return keys


def _describe_pairs(store: GraphStore, base: str, keys: list[tuple[str, str]],
                    town: str | None) -> list[dict]:
    """The pairs with their agent's label, the measure's title and area, the roles, and the
    measure's latest state, in one query.

    Two branches, each starting from its own VALUES (the pairs; the measures) and joined
    pattern by pattern from there: Oxigraph evaluates a join with a group that holds an
    OPTIONAL, or a union, by reading that group for the whole store first (a VALUES joined
    to a union of both branches took seconds). So every OPTIONAL holds one pattern or path
    (a report gives a measure one time frame, so the three paths read the same one).
    Rows carry the pairs' and measures' positions (small numbers, no IRI to read back).
    Where reports give a pair different labels, the first row's stand (as they always
    did); the latest state's title replaces the title.
    """
    if not keys:
        return []
    measures = list(dict.fromkeys(m for _, m in keys))
    pairs = " ".join(f"({iri(a)} {iri(m)} {k})" for k, (a, m) in enumerate(keys))
    states = " ".join(f"({iri(m)} {j})" for j, m in enumerate(measures))
    rows = select(store, f"""SELECT ?k ?agentLabel ?title ?area ?role ?j ?category ?statusText
  ?asOf ?tfLabel ?start ?end WHERE {{
  {{ SELECT DISTINCT ?k ?agentLabel ?title ?area ?role WHERE {{
    VALUES (?agent ?m ?k) {{ {pairs} }}
    GRAPH ?g {{ ?r pk:measure ?m ; pk:agent ?agent . ?agent rdfs:label ?agentLabel .
               ?m pk:title ?title ; pk:inArea ?a . ?a skos:prefLabel ?area }}
    OPTIONAL {{ GRAPH ?g {{ ?r pk:roleText ?role }} }} }} }}
  UNION {{
    VALUES (?m ?j) {{ {states} }}
    GRAPH <{latest_graph(base)}> {{ ?m pk:latestStatus ?obs }}
    GRAPH ?og {{ ?obs pk:statusCategory ?category ; pk:statusText ?statusText .
                ?m pk:title ?title }}
    OPTIONAL {{ GRAPH ?og {{ ?obs pk:asOf ?asOf }} }}
    OPTIONAL {{ GRAPH ?og {{ ?m pk:timeframe/rdfs:label ?tfLabel }} }}
    OPTIONAL {{ GRAPH ?og {{ ?m pk:timeframe/pk:startDate ?start }} }}
    OPTIONAL {{ GRAPH ?og {{ ?m pk:timeframe/pk:endDate ?end }} }} }}
}}""")
    state: dict[str, dict] = {}
    described: dict[int, list[dict]] = {}
    for row in rows:
        if "j" in row:  # a measure's latest state (the last row wins, as it always did)
            state[measures[row["j"]]] = {
                "title": row["title"], "status": _local(row["category"]),
                "asOf": row.get("asOf"), "statusText": row["statusText"],
                "timeframe": row.get("tfLabel"), "start": row.get("start"),
                "end": row.get("end")}
        else:
            described.setdefault(row["k"], []).append(row)
    entries = []
    for k, found in described.items():
        agent, m = keys[k]
        first = found[0]
        entry = {
            "agent": agent, "agentLabel": first["agentLabel"], "kind": _kind_of(agent),
            "measure": m, "title": first["title"], "area": first["area"],
            "roles": list(dict.fromkeys(row["role"] for row in found if row.get("role"))),
            "timeframe": None, "start": None, "end": None, "status": None, "asOf": None,
            "statusText": None,
        }
        entry.update(state.get(m, {}))
        entries.append(entry)
    return sorted(entries, key=lambda e: (e["agentLabel"], e["agent"], e["area"], e["title"]))
