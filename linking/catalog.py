"""The dataset described for catalogues (DCAT-AP 2.x / DCAT-AP.de) and for linked-data tools (VoID).

One dcat:Dataset for the whole graph; each loaded document is a dcat:Distribution (its named
graph, fetched through the Graph Store Protocol); the SPARQL endpoint is a dcat:DataService.
VoID gives triple counts for the dataset and for each named graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, VOID

from . import queries

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
DL_BY_DE_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
RDF_MEDIA = "https://www.iana.org/assignments/media-types/text/turtle"


@dataclass(frozen=True)
class CatalogOptions:
    service_url: str = "http://127.0.0.1:8080"  # where /sparql and /service are served
    publisher: str = "plankg"
    license: str = DL_BY_DE_2
    title: str = "Kommunale Handlungspläne und Sachstandsberichte"
    description: str = ("Maßnahmen, Zuständigkeiten, Zeiträume und Sachstände aus kommunalen "
                        "Handlungskonzepten und Statusberichten als Wissensgraph.")


def catalog_graph(store, base: str, options: CatalogOptions | None = None) -> Graph:
    o = options or CatalogOptions()
    service = o.service_url.rstrip("/")
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("void", VOID),
                       ("dcatde", DCATDE), ("owl", OWL)):
        g.bind(prefix, ns)
    catalog, dataset = URIRef(f"{base}catalog"), URIRef(f"{base}dataset")
    publisher, sparql = URIRef(f"{base}publisher"), URIRef(f"{base}service/sparql")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(o.publisher)))

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(o.title, lang="de")))
    g.add((catalog, DCTERMS.description, Literal(o.description, lang="de")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, URIRef(o.license)))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCAT.service, sparql))

    g.add((sparql, RDF.type, DCAT.DataService))
    g.add((sparql, DCTERMS.title, Literal("SPARQL-Endpunkt", lang="de")))
    g.add((sparql, DCAT.endpointURL, URIRef(f"{service}/sparql")))
    g.add((sparql, DCAT.servesDataset, dataset))
    g.add((sparql, DCTERMS.license, URIRef(o.license)))
    g.add((sparql, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))

    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(o.title, lang="de")))
    g.add((dataset, DCTERMS.description, Literal(o.description, lang="de")))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{service}/sparql")))

    facts = queries.catalogue_facts(store, base)
    dates: list[dt.date] = []
    seen: set[str] = set()
    for row in facts:
        doc = URIRef(row["doc"])
        if row.get("place"):
            _place(g, dataset, row)
        if isinstance(row.get("statusDate"), dt.date):
            dates.append(row["statusDate"])
        if row["doc"] in seen:
            continue
        seen.add(row["doc"])
        g.add((dataset, DCAT.distribution, doc))
        _distribution(g, doc, row, service, sparql, o)
    if dates:
        period = URIRef(f"{base}dataset/period")
        g.add((dataset, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(min(dates), datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(max(dates), datatype=XSD.date)))
    _void(g, store, base, dataset)
    return g


def _distribution(g: Graph, doc: URIRef, row: dict, service: str, sparql: URIRef,
                  o: CatalogOptions) -> None:
    """One loaded document as a distribution: its named graph through the Graph Store."""
    g.add((doc, RDF.type, DCAT.Distribution))
    g.add((doc, DCTERMS.title, Literal(f"{row['title']} ({row['source']})", lang="de")))
    g.add((doc, DCAT.accessURL, URIRef(f"{service}/service?graph={quote(row['doc'], '')}")))
    g.add((doc, DCAT.accessService, sparql))
    g.add((doc, DCAT.mediaType, URIRef(RDF_MEDIA)))
    g.add((doc, DCTERMS.license, URIRef(o.license)))
    if row.get("statusDate"):
        g.add((doc, DCTERMS.issued, Literal(row["statusDate"], datatype=XSD.date)))


def _place(g: Graph, dataset: URIRef, row: dict) -> None:
    place = URIRef(row["place"])
    g.add((dataset, DCTERMS.spatial, place))
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, DCTERMS.title, Literal(row["placeLabel"], lang="de")))
    if row.get("ags"):
        g.add((dataset, DCATDE.politicalGeocodingURI, URIRef(GEOCODING + row["ags"])))
    if row.get("wd"):
        g.add((place, OWL.sameAs, URIRef(row["wd"])))


def _void(g: Graph, store, base: str, dataset: URIRef) -> None:
    total = 0
    for row in queries.graph_sizes(store, base):
        n = int(row["triples"])
        total += n
        part = URIRef(row["g"])
        g.add((dataset, VOID.subset, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID.triples, Literal(n)))
    g.add((dataset, VOID.triples, Literal(total)))
    counts = queries.dataset_counts(store, base)
    for key, prop in (("subjects", VOID.distinctSubjects), ("properties", VOID.properties),
                      ("objects", VOID.distinctObjects)):
        if counts.get(key) is not None:
            g.add((dataset, prop, Literal(int(counts[key]))))
