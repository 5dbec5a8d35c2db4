"""SPARQL that the linking features ask of the store (shared questions live in store.queries)."""

from __future__ import annotations

from store.queries import AGENT_CLASS_LIST, iri, latest_graph, literal, select


def unlinked_organisations(store, base: str) -> list[dict]:
    """Organisations in the graph without an owl:sameAs link, with how often they occur."""
    return select(store, """SELECT ?agent ?label (COUNT(DISTINCT ?g) AS ?documents) WHERE {
  GRAPH ?g { ?agent a org:Organization ; rdfs:label ?label }
  FILTER NOT EXISTS { GRAPH ?lg { ?agent owl:sameAs ?link } }
} GROUP BY ?agent ?label ORDER BY ?label""")


def links(store, base: str) -> list[dict]:
    return select(store, """SELECT DISTINCT ?s ?label ?link WHERE { GRAPH ?g { ?s owl:sameAs ?link .
  OPTIONAL { ?s rdfs:label ?label } } } ORDER BY ?s ?link""")


def entities(store, base: str, kinds: list[str], text: str | None = None,
             limit: int = 1000) -> list[dict]:
    """Agents and measures by type, with label; ``text`` narrows to labels containing it."""
    values = " ".join(iri(k) for k in kinds)
    narrow = (f"FILTER(CONTAINS(LCASE(STR(?label)), LCASE({literal(text)})))" if text else "")
    return select(store, f"""SELECT DISTINCT ?e ?type ?label WHERE {{
  VALUES ?type {{ {values} }}
  GRAPH ?g {{ ?e a ?type ; rdfs:label ?label }} {narrow}
}} LIMIT {int(limit)}""")


def entity_properties(store, base: str, entity: str) -> list[dict]:
    """Literal and IRI values of one entity, from every graph, for property matching."""
    return select(store, f"""SELECT DISTINCT ?p ?o ?oLabel WHERE {{
  GRAPH ?g {{ {iri(entity)} ?p ?o . OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?oLabel }} }} }}""")


def responsibilities(store, base: str) -> list[dict]:
    """One row per measure x agent, with area, goal, time frame, latest status and source."""
    return select(store, f"""SELECT ?m ?title ?area ?goal ?agent ?agentLabel ?kind ?role
       ?timeframe ?start ?end
       ?category ?asOf ?statusText ?source ?row WHERE {{
  GRAPH ?g {{ ?r a pk:Responsibility ; pk:measure ?m ; pk:agent ?agent .
             OPTIONAL {{ ?r pk:roleText ?role }}
             ?m pk:title ?title ; pk:inArea ?a ; pk:servesGoal ?gl ; prov:wasDerivedFrom ?doc .
             ?a skos:prefLabel ?area . ?gl pk:title ?goal . ?agent rdfs:label ?agentLabel .
             OPTIONAL {{ ?agent a ?kind FILTER(?kind IN ({AGENT_CLASS_LIST})) }}
             ?doc dcterms:source ?source . OPTIONAL {{ ?m pk:sourceRow ?row }}
             OPTIONAL {{ ?m pk:timeframe ?tf . ?tf rdfs:label ?timeframe .
                        OPTIONAL {{ ?tf pk:startDate ?start }} OPTIONAL {{ ?tf pk:endDate ?end }} }}
  }}
  OPTIONAL {{ GRAPH <{latest_graph(base)}> {{ ?m pk:latestStatus ?obs }}
             GRAPH ?og {{ ?obs pk:statusCategory ?category ; pk:statusText ?statusText
                          OPTIONAL {{ ?obs pk:asOf ?asOf }} }} }}
}} ORDER BY ?area ?title ?agentLabel ?source""")


def catalogue_facts(store, base: str) -> list[dict]:
    """Per document: title, file, status date, format, municipality with its keys and links."""
    return select(store, """SELECT ?doc ?title ?source ?statusDate ?format ?sha ?place
       ?placeLabel ?ags ?ars ?wd WHERE {
  GRAPH ?doc { ?doc a pk:PlanDocument ; dcterms:title ?title ; dcterms:source ?source ;
                    pk:sha256 ?sha .
               OPTIONAL { ?doc pk:statusDate ?statusDate } OPTIONAL { ?doc dcterms:format ?format }
               OPTIONAL { ?doc dcterms:spatial ?place . ?place rdfs:label ?placeLabel .
                          OPTIONAL { ?place pk:municipalityKey ?ags }
                          OPTIONAL { ?place pk:regionalKey ?ars }
                          OPTIONAL { ?place owl:sameAs ?wd } } }
} ORDER BY ?statusDate ?source""")


def graph_sizes(store, base: str) -> list[dict]:
    return select(store, """SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?g ORDER BY ?g""")


def dataset_counts(store, base: str) -> dict:
    rows = select(store, """SELECT (COUNT(DISTINCT ?s) AS ?subjects)
  (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
  WHERE { GRAPH ?g { ?s ?p ?o } }""")
    return rows[0] if rows else {}
