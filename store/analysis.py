"""Questions across reports and towns: what is overdue, what is alike, a measure's facts.

Like store/queries.py, every query names its graphs and works on any GraphStore.
"""

from __future__ import annotations

import datetime as dt

from rapidfuzz import fuzz, process, utils

from ontology import local_name

from .backend import GraphStore
from .queries import iri, latest_graph, select

SIMILAR_CUTOFF = 60  # rapidfuzz token_set_ratio over title and description


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def overdue(store: GraphStore, base: str) -> list[dict]:
    """Measures whose time frame ended before their latest status date and that are not
    completed (nor cancelled or rejected): behind plan by the data, not by the words."""
    rows = select(store, f"""SELECT ?m ?title ?area ?category ?asOf ?end ?tfLabel WHERE {{
  GRAPH <{latest_graph(base)}> {{ ?m pk:latestStatus ?obs }}
  GRAPH ?og {{ ?obs pk:statusCategory ?category ; pk:asOf ?asOf ; prov:wasDerivedFrom ?doc }}
  GRAPH ?doc {{ ?m pk:title ?title ; pk:timeframe ?tf ; pk:inArea ?a . ?a skos:prefLabel ?area .
               ?tf pk:endDate ?end . OPTIONAL {{ ?tf rdfs:label ?tfLabel }} }}
  FILTER(?category NOT IN (pks:Completed, pks:Cancelled, pks:Rejected))
}}""")
    found: dict[str, dict] = {}
    for row in rows:
        end, as_of = _date(row["end"]), _date(row["asOf"])
        if end is None or as_of is None or end >= as_of:
            continue
        entry = dict(row, status=local_name(row.pop("category")), end=end, asOf=as_of,
                     daysBehind=(as_of - end).days)
        if row["m"] not in found or found[row["m"]]["end"] < end:
            found[row["m"]] = entry  # the latest end a report gives
    return sorted(found.values(), key=lambda r: (-r["daysBehind"], r["title"]))


def measure_facts(store: GraphStore, measure: str) -> dict:
    """Identifier, budgets and causes of a measure, over all its reports."""
    m = iri(measure)
    ids = select(store, f"""SELECT DISTINCT ?id WHERE {{
  GRAPH ?g {{ {m} dcterms:identifier ?id }} }}""")
    budgets = select(store, f"""SELECT DISTINCT ?value ?currency ?year ?label WHERE {{
  GRAPH ?g {{ {m} pk:budget ?b . ?b schema:value ?value .
             OPTIONAL {{ ?b schema:currency ?currency }} OPTIONAL {{ ?b pk:budgetYear ?year }}
             OPTIONAL {{ ?b rdfs:label ?label }} }} }} ORDER BY ?year""")
    causes = select(store, f"""SELECT DISTINCT ?cause WHERE {{
  GRAPH ?g {{ ?obs pk:ofMeasure {m} ; pk:cause ?cause }} }}""")
    return {"identifiers": [r["id"] for r in ids], "budgets": budgets,
            "causes": [local_name(r["cause"]) for r in causes]}


def town_of(measure: str, base: str) -> str | None:
    """The town part of a minted measure IRI: …/measure/<plan>/<id>, the plan key begins
    with the town's slug (``moessingen-integrationskonzept``)."""
    prefix = f"{base}measure/"
    if not measure.startswith(prefix):
        return None
    return measure[len(prefix):].split("/", 1)[0].split("-", 1)[0]


def similar_measures(store: GraphStore, base: str, measure: str, *,
                     limit: int = 5) -> list[dict]:
    """Measures of other towns most alike in title and description (rapidfuzz)."""
    rows = select(store, """SELECT ?m ?title ?desc WHERE {
  GRAPH ?g { ?m a pk:Measure ; pk:title ?title . OPTIONAL { ?m pk:description ?desc } } }""")
    texts: dict[str, str] = {}
    for row in rows:
        texts.setdefault(row["m"], f"{row['title']} {row.get('desc') or ''}")
    if measure not in texts:
        return []
    town = town_of(measure, base)
    others = {m: t for m, t in texts.items() if town_of(m, base) != town}
    hits = process.extract(texts[measure], others, scorer=fuzz.token_set_ratio,
                           processor=utils.default_process, limit=limit,
                           score_cutoff=SIMILAR_CUTOFF)
    titles = {row["m"]: row["title"] for row in rows}
    return [{"measure": m, "title": titles[m], "town": town_of(m, base),
             "score": round(score)} for _text, score, m in hits]


def agent_names(store: GraphStore, agents: list[str]) -> dict[str, str]:
    """The fullest name the reports give each agent: "Herr Boris Kühn" over "Kühn"."""
    values = " ".join(iri(a) for a in agents)
    rows = select(store, f"""SELECT ?agent ?name ?given ?family ?honorific WHERE {{
  VALUES ?agent {{ {values} }}
  GRAPH ?g {{ {{ ?agent foaf:name ?name }} UNION {{ ?agent skos:prefLabel ?name }}
             OPTIONAL {{ ?agent foaf:givenName ?given }}
             OPTIONAL {{ ?agent foaf:familyName ?family }}
             OPTIONAL {{ ?agent pk:honorific ?honorific }} }} }}""")
    best: dict[str, str] = {}
    for row in rows:
        parts = [row.get("honorific"), row.get("given"), row.get("family")]
        full = " ".join(str(p) for p in parts if p) if row.get("family") else str(row["name"])
        if len(full) > len(best.get(row["agent"], "")):
            best[row["agent"]] = full
    return best
