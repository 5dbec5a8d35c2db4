"""Fill the reference tables from a SPARQL endpoint with Wikidata's shape.

A row gets an id only when the endpoint gives exactly one answer; ids already in a
table are kept unless the endpoint contradicts them, which is logged. Properties used:
P439 (German municipality key, AGS), P1388 (German regional key, ARS), P1566 (GeoNames ID),
P227 (GND ID), P17 (country) = Q183 (Germany).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import requests
from rdflib import Literal

from extractor.tables import (
    MUNICIPALITY_FIELDS,
    ORGANISATION_FIELDS,
    read_rows,
    split_aliases,
    write_rows,
)

log = logging.getLogger(__name__)
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = "plankg-links-refresh/0.1 (https://w3id.org/plankg; municipal plan graphs)"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


class RefreshError(Exception):
    pass


@dataclass
class RefreshReport:
    filled: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.filled)} filled, {len(self.ambiguous)} ambiguous, "
                f"{len(self.not_found)} not found, {len(self.conflicts)} conflicts")


class Endpoint:
    def __init__(self, url: str = WIKIDATA_SPARQL, timeout: float = 60.0):
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT,
                                     "Accept": "application/sparql-results+json"})

    def select(self, sparql: str) -> list[dict[str, str]]:
        try:
            response = self.session.post(self.url, data={"query": PREFIXES + sparql},
                                         timeout=self.timeout)
            response.raise_for_status()
            bindings = response.json()["results"]["bindings"]
        except (requests.RequestException, ValueError, KeyError) as exc:
            raise RefreshError(f"{self.url}: {exc}") from exc
        return [{k: v["value"] for k, v in b.items()} for b in bindings]


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _label_clause(var: str, names: tuple[str, ...]) -> str:
    values = " ".join(Literal(n, lang="de").n3() for n in names)
    return f"VALUES ?name {{ {values} }} {var} rdfs:label|skos:altLabel ?name ."


def _fill(row: dict, key: str, value: str | None, report: RefreshReport, what: str) -> None:
    if not value:
        return
    if row.get(key) and row[key] != value:
        report.conflicts.append(f"{what}: {key} {row[key]} in the table, {value} at the endpoint")
        return
    if not row.get(key):
        row[key] = value
        report.filled.append(f"{what}: {key}={value}")


def _single_item(found: list[dict], name: str, report: RefreshReport) -> str | None:
    """The one Wikidata item the answer names; none or several are reported, not linked."""
    items = {f["item"] for f in found}
    if not items:
        report.not_found.append(name)
        return None
    if len(items) > 1:
        report.ambiguous.append(f"{name}: {', '.join(sorted(_qid(i) for i in items))}")
        return None
    return items.pop()


def refresh_municipalities(path: Path, endpoint: Endpoint) -> RefreshReport:
    report = RefreshReport()
    rows = read_rows(path)
    for row in rows:
        name = row["name"]
        if row.get("ags"):
            where = f'?item wdt:P439 "{row["ags"]}" .'
        else:
            where = _label_clause("?item", (name, *split_aliases(row.get("aliases", "")))) + \
                " ?item wdt:P439 ?anyAgs ."
        found = endpoint.select(f"""SELECT DISTINCT ?item ?ags ?ars ?geonames WHERE {{
  {where}
  OPTIONAL {{ ?item wdt:P439 ?ags }} OPTIONAL {{ ?item wdt:P1388 ?ars }}
  OPTIONAL {{ ?item wdt:P1566 ?geonames }} }}""")
        if _single_item(found, name, report) is None:
            continue
        for f in found:
            _fill(row, "wikidata", _qid(f["item"]), report, name)
            for key in ("ags", "ars", "geonames"):
                _fill(row, key, f.get(key), report, name)
    write_rows(path, rows, MUNICIPALITY_FIELDS)
    return report


def refresh_organisations(path: Path, endpoint: Endpoint) -> RefreshReport:
    report = RefreshReport()
    rows = read_rows(path)
    for row in rows:
        label = row["label"]
        if row.get("wikidata"):
            where = f"BIND(wd:{row['wikidata']} AS ?item)"
        else:  # only the full label, never an alias: aliases are what makes names ambiguous
            where = _label_clause("?item", (label,)) + " ?item wdt:P17 wd:Q183 ."
        found = endpoint.select(f"""SELECT DISTINCT ?item ?gnd WHERE {{
  {where} OPTIONAL {{ ?item wdt:P227 ?gnd }} }}""")
        item = _single_item(found, label, report)
        if item is None:
            continue
        gnds = {f["gnd"] for f in found if f.get("gnd")}
        _fill(row, "wikidata", _qid(item), report, label)
        if len(gnds) == 1:
            _fill(row, "gnd", gnds.pop(), report, label)
        elif gnds:
            report.ambiguous.append(f"{label}: GND {', '.join(sorted(gnds))}")
    write_rows(path, rows, ORGANISATION_FIELDS)
    return report
