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
    _scope,
    iri,
    measure_states,
    name_forms,
    select,
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
    docs, prefix = _scope(store, base, town)
    if agents is None and docs is None and limit is not None:
        page = _streamed_page(store, base, name, limit, offset)
        if page is not None:
            return page
    if agents is not None:
        keys = _pairs_of_agents(store, [a for a in agents if not prefix or a.startswith(prefix)])
    else:
        keys = _pairs_by_name(store, name, docs, prefix)
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


def _pairs_of_agents(store: GraphStore, agents: list[str]) -> list[tuple[str, str]]:
    if not agents:
        return []
    values = " ".join(iri(a) for a in agents)
    return sorted({(row["agent"], row["m"]) for row in select(store, f"""SELECT DISTINCT ?agent ?m
WHERE {{ VALUES ?agent {{ {values} }} GRAPH ?g {{ ?m pk:responsibleAgent ?agent }} }}""")})


def _pairs_by_name(store: GraphStore, name: str, docs: list[str] | None,
                   prefix: str | None) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for exact in (True, False) if docs != [] else ():
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
    if not keys:
        return []
    values = " ".join(f"({iri(a)} {iri(m)})" for a, m in keys)
    rows = select(store, f"""SELECT DISTINCT ?agent ?agentLabel ?m ?title ?area ?role WHERE {{
  VALUES (?agent ?m) {{ {values} }}
  GRAPH ?g {{ ?r pk:agent ?agent ; pk:measure ?m . ?agent rdfs:label ?agentLabel .
             ?m pk:title ?title ; pk:inArea ?a . ?a skos:prefLabel ?area
             OPTIONAL {{ ?r pk:roleText ?role }} }}
}}""")
    state = measure_states(store, base, {m for _, m in keys})
    merged: dict[tuple, dict] = {key: {} for key in keys}
    for row in rows:
        entry = merged[(row["agent"], row["m"])]
        if not entry:
            entry.update({
                "agent": row["agent"], "agentLabel": row["agentLabel"],
                "kind": _kind_of(row["agent"]), "measure": row["m"], "title": row["title"],
                "area": row["area"], "roles": [], "timeframe": None, "start": None,
                "end": None, "status": None, "asOf": None, "statusText": None,
            })
            entry.update(state.get(row["m"], {}))
        if row.get("role") and row["role"] not in entry["roles"]:
            entry["roles"].append(row["role"])
    return sorted((entry for entry in merged.values() if entry),
                  key=lambda e: (e["agentLabel"], e["agent"], e["area"], e["title"]))
