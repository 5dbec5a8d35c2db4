"""The questions analysts ask, as SPARQL over any GraphStore.

Command line and web API both answer from here. Every query names its graphs
(``GRAPH ?g``) so it means the same on the embedded store and on any SPARQL server,
whatever that server's default graph is. "Latest status" is read from the small
``graph/latest`` graph that each load maintains, never computed with NOT EXISTS.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, SKOS

from ontology import (
    AGENT_CLASSES,
    AGENT_KINDS,
    STATUS_CATEGORIES,
    agent_kind,
    local_name,
    sparql_prefixes,
)

from .backend import GraphStore

PREFIXES = sparql_prefixes()
# The agent classes, for FILTER(?kind IN (…)).
AGENT_CLASS_LIST = ", ".join(c.n3() for c in AGENT_CLASSES.values())


def latest_graph(base: str) -> str:
    return f"{base}graph/latest"


# SPARQL's ECHAR escapes for the characters a short string literal cannot hold as they are.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                          "\t": "\\t", "\b": "\\b", "\f": "\\f"})


def literal(value: str) -> str:
    """A SPARQL string literal for any text: one short "…" literal, every backslash, quote
    and line break escaped (rdflib's n3() picks long literals, whose escaping breaks on a
    line break followed by a backslash and a quote)."""
    return '"' + str(value).translate(_ESCAPES) + '"'


def iri(value: str) -> str:
    return URIRef(value).n3()


def select(store: GraphStore, sparql: str, timeout: float | None = None) -> list[dict]:
    """Rows of a SELECT (prefixed with PREFIXES) as dicts of plain Python values."""
    return store.query(PREFIXES + sparql, timeout=timeout).values()


def _local(concept: str | None) -> str | None:
    return local_name(concept)


@dataclass
class Filters:
    actor: str | None = None
    area: str | None = None
    status: str | None = None
    q: str | None = None
    measures: list[str] | None = None  # only these (the search index's hits)


def measures(store: GraphStore, base: str, filters: Filters | None = None, *,
             limit: int = 50, offset: int = 0) -> list[dict]:
    """Measures with area, latest status and time frame text, filtered and paged."""
    f = filters or Filters()
    clauses = []
    if f.measures is not None:
        if not f.measures:
            return []
        clauses.append(f"VALUES ?m {{ {' '.join(iri(m) for m in f.measures)} }}")
    if f.actor:
        agents = find_agents(store, f.actor)
        if not agents:
            return []
        clauses.append(f"""VALUES ?agent {{ {" ".join(iri(a) for a in agents)} }}
  GRAPH ?ag {{ ?m pk:responsibleAgent ?agent }}""")
    if f.area:
        clauses.append(f"FILTER(CONTAINS(LCASE(STR(?area)), LCASE({literal(f.area)})))")
    if f.status:
        clauses.append(f"""GRAPH {iri(latest_graph(base))} {{ ?m pk:latestStatus ?obs }}
  GRAPH ?og {{ ?obs pk:statusCategory pks:{_safe_local(f.status)} }}""")
    if f.q:
        clauses.append(f"""OPTIONAL {{ GRAPH ?g {{ ?m pk:description ?desc }} }}
  FILTER(CONTAINS(LCASE(CONCAT(STR(?title), " ", COALESCE(STR(?desc), ""))),
                  LCASE({literal(f.q)})))""")
    sparql = f"""SELECT DISTINCT ?m ?title ?area WHERE {{
  GRAPH ?g {{ ?m a pk:Measure ; pk:title ?title ; pk:inArea ?a . ?a skos:prefLabel ?area }}
  {' '.join(clauses)}
}} ORDER BY ?area ?title ?m LIMIT {int(limit)} OFFSET {int(offset)}"""
    seen, result = set(), []
    for row in select(store, sparql):  # a retitled measure appears once per title; keep the first
        if row["m"] not in seen:
            seen.add(row["m"])
            result.append(row)
    page = [row["m"] for row in result]
    states, labels = latest_states(store, base, page), timeframe_labels(store, base, page)
    for row in result:
        row.update(states.get(row["m"], {"status": None, "asOf": None, "statusText": None}))
        row["timeframe"] = labels.get(row["m"])
    return result


def latest_states(store: GraphStore, base: str, measures: list[str]) -> dict[str, dict]:
    """Each measure's latest status: category, text and date.

    Looked up from the page's measures, one pattern at a time: Oxigraph reads a group
    holding an OPTIONAL for the whole store before it joins it (see store/who.py).
    """
    if not measures:
        return {}
    values = " ".join(iri(m) for m in measures)
    rows = select(store, f"""SELECT ?m ?category ?statusText ?asOf WHERE {{
  VALUES ?m {{ {values} }}
  GRAPH {iri(latest_graph(base))} {{ ?m pk:latestStatus ?obs }}
  GRAPH ?og {{ ?obs pk:statusCategory ?category ; pk:statusText ?statusText }}
  OPTIONAL {{ GRAPH ?og {{ ?obs pk:asOf ?asOf }} }} }}""")
    return {row["m"]: {"status": _local(row["category"]), "asOf": row.get("asOf"),
                       "statusText": row["statusText"]} for row in rows}


def _safe_local(name: str) -> str:
    if name not in STATUS_CATEGORIES:
        raise ValueError(f"unknown status {name!r}")
    return name


# Where an agent's name is written: who looks names up here (and store/names.py counts them).
NAME_PROPERTIES = (FOAF.familyName, FOAF.name, SKOS.prefLabel)
NAME_VALUES = " ".join(p.n3() for p in NAME_PROPERTIES)


def name_forms(name: str) -> list[str]:
    """The typed name in the case forms names are written in."""
    name = " ".join(name.split())
    return [f for f in dict.fromkeys([name, name.title(), name[:1].upper() + name[1:],
                                      name.lower(), name.upper()]) if f]


def _spellings(name: str) -> list[str]:
    """The name's forms as SPARQL terms, plain and German-tagged."""
    return [term for f in name_forms(name) for term in (literal(f), Literal(f, lang="de").n3())]


def _agent_pattern(name: str, town_docs: list[str] | None, exact: bool, also: str = "",
                   graph: str = "?ng") -> str:
    """Bind ?agent to the agents called ``name``; with ``town_docs``, named in those.

    Exact: the name as written (any case) is a family name, full name or unit label. Else
    the fallback: any label containing it. A town is scoped through its documents, named
    as constant graphs: with ``GRAPH ?g`` bound by dcterms:spatial in the same pattern the
    store starts from every name of every town. (Agents of other towns that a town's
    report names are dropped by the callers, by IRI: a FILTER here slowed the join 15x.)
    """
    if exact:
        find = f"""VALUES ?name {{ {" ".join(_spellings(name))} }}
      VALUES ?np {{ {NAME_VALUES} }} ?agent ?np ?name"""
    else:
        find = f"""{{ ?agent foaf:name ?l }} UNION {{ ?agent skos:prefLabel ?l ; a foaf:Agent }}
      FILTER(CONTAINS(LCASE(STR(?l)), LCASE({literal(name)})))"""
    if town_docs is not None:  # ``also``: more of the same document's pattern
        return " UNION ".join(f"{{ GRAPH {iri(g)} {{ {find} {also} }} }}" for g in town_docs)
    if exact:
        # Without a town: one constant pattern per property and spelling, each one index
        # range; VALUES for both were joined against a scan (8x slower at 1 M).
        return " UNION ".join(f"{{ GRAPH {graph} {{ ?agent {p} {n} }} }}"
                              for p in NAME_VALUES.split() for n in _spellings(name))
    return f"GRAPH ?ng {{ {find} }}"


def _scope(store: GraphStore, base: str | None, town: str | None
           ) -> tuple[list[str] | None, str | None]:
    """The town's documents and agent IRI prefix (None, None without a town)."""
    if not (town and base):
        return None, None
    docs = [row["g"] for row in select(store, f"""SELECT ?g WHERE {{
  GRAPH ?g {{ ?g dcterms:spatial {iri(town_place(base, town))} }} }}""")]
    return docs, town_agents(base, town)


def town_place(base: str, town: str) -> str:
    """The place a town's documents name (dcterms:spatial)."""
    return f"{base}place/{town}"


def town_agents(base: str, town: str) -> str:
    """The IRI prefix of a town's agents."""
    return f"{base}agent/{town}/"


def find_agents(store: GraphStore, name: str, *, town: str | None = None,
                base: str | None = None) -> list[str]:
    """Agents called ``name`` (exactly, in any case), else agents whose name contains it;
    with ``town`` (a town slug, needs ``base``) only that town's."""
    if not name.split():  # a blank name would leave an empty pattern: one empty row
        return []
    docs, prefix = _scope(store, base, town)
    if docs == []:
        return []
    for exact in (True, False):
        pattern = _agent_pattern(name, docs, exact)
        found = sorted(row["agent"] for row in select(
            store, f"SELECT DISTINCT ?agent WHERE {{ {pattern} }}")
            if not prefix or row["agent"].startswith(prefix))
        if found:
            return found
    return []


def _kind_of(agent: str) -> str | None:
    """The kind is part of every agent IRI plankg mints: …/agent/<town>/<kind>/<name>."""
    parts = agent.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-2] in AGENT_KINDS else None


def _local_class(iri: str | None) -> str | None:
    return agent_kind(iri)


def measure_detail(store: GraphStore, base: str, measure: str) -> dict | None:
    """One measure with its goal, area, agents and full status history."""
    m = iri(measure)
    head = select(store, f"""SELECT ?title ?desc ?goal ?goalTitle ?area ?whoText ?row ?doc ?source
WHERE {{ GRAPH ?g {{ {m} pk:title ?title ; pk:servesGoal ?goal ; pk:inArea ?a ;
                      prov:wasDerivedFrom ?doc . ?goal pk:title ?goalTitle .
                   ?a skos:prefLabel ?area . ?doc dcterms:source ?source .
                   OPTIONAL {{ ?doc pk:statusDate ?d }}
                   OPTIONAL {{ {m} pk:description ?desc }} OPTIONAL {{ {m} pk:whoText ?whoText }}
                   OPTIONAL {{ {m} pk:sourceRow ?row }} }} }} ORDER BY DESC(?d) LIMIT 1""")
    if not head:
        return None
    detail = head[0]
    detail["iri"] = measure
    detail["agents"] = select(store, f"""SELECT DISTINCT ?agent ?label ?role WHERE {{
  GRAPH ?g {{ ?r pk:measure {m} ; pk:agent ?agent . ?agent rdfs:label ?label .
             OPTIONAL {{ ?r pk:roleText ?role }} }} }} ORDER BY ?label""")
    detail["history"] = [dict(row, status=_local(row.pop("category"))) for row in select(
        store, f"""SELECT ?obs ?category ?asOf ?statusText ?cue ?doc ?source WHERE {{
  GRAPH ?g {{ ?obs pk:ofMeasure {m} ; pk:statusCategory ?category ;
                 pk:statusText ?statusText ; prov:wasDerivedFrom ?doc .
             ?doc dcterms:source ?source . OPTIONAL {{ ?obs pk:asOf ?asOf }}
             OPTIONAL {{ ?obs pk:statusCue ?cue }} }}
}} ORDER BY ?asOf""")]
    detail["timeframes"] = select(store, f"""SELECT ?label ?start ?end ?doc WHERE {{
  GRAPH ?g {{ {m} pk:timeframe ?tf . ?tf rdfs:label ?label ; prov:wasDerivedFrom ?doc .
             OPTIONAL {{ ?tf pk:startDate ?start }} OPTIONAL {{ ?tf pk:endDate ?end }} }} }}""")
    return detail


def latest_status_by_area(store: GraphStore, base: str) -> list[dict]:
    """How many measures of each area stand in each status category now.

    Read from the counts each load keeps (store/counts.py); a store that has none yet
    (filled by bulk loads only) is grouped on the spot.
    """
    from . import counts

    cells = counts.read(store, base) or counts.grouped(store, base)
    rows = [{"area": str(label), "status": _local(str(category)), "measures": n}
            for label, category, n in cells]
    return sorted(rows, key=lambda r: (r["area"], r["status"] or ""))


def actors(store: GraphStore, base: str) -> list[dict]:
    sparql = f"""SELECT ?agent ?label ?kind (COUNT(DISTINCT ?m) AS ?measures) WHERE {{
  GRAPH ?g {{ ?agent a ?kind ; rdfs:label ?label . FILTER(?kind IN ({AGENT_CLASS_LIST}))
             OPTIONAL {{ ?m pk:responsibleAgent ?agent }} }}
}} GROUP BY ?agent ?label ?kind ORDER BY ?label"""
    return [dict(row, kind=_local_class(row["kind"])) for row in select(store, sparql)]


def documents(store: GraphStore, base: str) -> list[dict]:
    sparql = """SELECT ?doc ?title ?source ?statusDate ?plan (COUNT(DISTINCT ?m) AS ?measures)
WHERE { GRAPH ?doc { ?doc a pk:PlanDocument ; dcterms:title ?title ; dcterms:source ?source ;
                          pk:ofPlan ?plan . OPTIONAL { ?doc pk:statusDate ?statusDate }
                     OPTIONAL { ?m a pk:Measure } } }
GROUP BY ?doc ?title ?source ?statusDate ?plan ORDER BY ?plan ?statusDate"""
    return select(store, sparql)


def find_document(store: GraphStore, base: str, ref: str) -> str | None:
    """A document IRI from an IRI or a file name."""
    for doc in documents(store, base):
        if ref in (doc["doc"], doc["source"]) or doc["source"] == ref.rsplit("/", 1)[-1]:
            return doc["doc"]
    return None


def changes(store: GraphStore, base: str, old: str, new: str) -> dict:
    """Status transitions, new and dropped measures between two reports of a plan."""
    def statuses(doc: str) -> dict[str, dict]:
        rows = select(store, f"""SELECT ?m ?title ?category ?statusText WHERE {{
  GRAPH {iri(doc)} {{ ?m a pk:Measure ; pk:title ?title .
      OPTIONAL {{ ?obs pk:ofMeasure ?m ; pk:statusCategory ?category ; pk:statusText ?statusText }}
  }} }}""")
        return {r["m"]: dict(r, status=_local(r.get("category"))) for r in rows}

    before, after = statuses(old), statuses(new)
    transitions = [
        {"measure": m, "title": after[m]["title"], "from": before[m]["status"],
         "to": after[m]["status"], "statusText": after[m].get("statusText")}
        for m in after if m in before and before[m]["status"] != after[m]["status"]
    ]
    retitled = [{"measure": m, "from": before[m]["title"], "to": after[m]["title"]}
                for m in after if m in before and before[m]["title"] != after[m]["title"]]
    return {
        "old": old, "new": new, "transitions": transitions, "retitled": retitled,
        "new_measures": [{"measure": m, "title": after[m]["title"]}
                         for m in after if m not in before],
        "dropped_measures": [{"measure": m, "title": before[m]["title"]}
                             for m in before if m not in after],
    }


def actor_detail(store: GraphStore, base: str, agent: str) -> dict | None:
    """One actor: label, kind, names, units it belongs to, and what it is responsible for."""
    a = iri(agent)
    head = select(store, f"""SELECT ?label ?kind ?name ?familyName ?givenName ?honorific WHERE {{
  GRAPH ?g {{ {a} rdfs:label ?label .
             OPTIONAL {{ {a} a ?kind FILTER(?kind IN ({AGENT_CLASS_LIST})) }}
             OPTIONAL {{ {a} foaf:name ?name }} OPTIONAL {{ {a} foaf:familyName ?familyName }}
             OPTIONAL {{ {a} foaf:givenName ?givenName }}
             OPTIONAL {{ {a} pk:honorific ?honorific }} }} }} LIMIT 1""")
    if not head:
        return None
    detail = dict(head[0], iri=agent, kind=_local_class(head[0].get("kind")))
    detail["memberOf"] = select(store, f"""SELECT DISTINCT ?unit ?label WHERE {{
  GRAPH ?g {{ {a} org:memberOf ?unit . ?unit rdfs:label ?label }} }} ORDER BY ?label""")
    measures: dict[str, dict] = {}
    for row in select(store, f"""SELECT DISTINCT ?m ?title ?area ?role WHERE {{
  GRAPH ?g {{ ?r pk:agent {a} ; pk:measure ?m . OPTIONAL {{ ?r pk:roleText ?role }}
             ?m pk:title ?title ; pk:inArea ?ar . ?ar skos:prefLabel ?area }}
}} ORDER BY ?area ?title"""):
        entry = measures.setdefault(row["m"], {"measure": row["m"], "title": row["title"],
                                               "area": row["area"], "roles": []})
        if row.get("role") and row["role"] not in entry["roles"]:
            entry["roles"].append(row["role"])
    detail["measures"] = list(measures.values())
    return detail


def timeframe_labels(store: GraphStore, base: str, measures: list[str]) -> dict[str, str]:
    """The time frame text of each measure (the latest report's when several give one)."""
    if not measures:
        return {}
    values = " ".join(iri(m) for m in measures)
    rows = select(store, f"""SELECT ?m ?label ?d WHERE {{ VALUES ?m {{ {values} }}
  GRAPH ?g {{ ?m pk:timeframe ?tf . ?tf rdfs:label ?label ; prov:wasDerivedFrom ?doc }}
  OPTIONAL {{ GRAPH ?g {{ ?doc pk:statusDate ?d }} }} }} ORDER BY ?m DESC(?d)""")
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row["m"], row["label"])
    return labels
