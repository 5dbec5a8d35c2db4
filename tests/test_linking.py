"""Links to Wikidata and the GND: refresh from a Wikidata-shaped endpoint, then extraction.

`plankg links refresh` runs against a real Oxigraph server loaded with
tests/data/wikidata_sample.ttl (made-up ids); the corpus is then loaded into a real store
and the links are read back with SPARQL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph

from extractor import references, tables
from extractor.model import Agent
from extractor.references import References
from linking.queries import unlinked_organisations
from plankg.app import Plankg
from plankg.cli import main
from plankg.config import Config

from .conftest import MOESSINGEN

SAMPLE = Path(__file__).parent / "data" / "wikidata_sample.ttl"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def refreshed(oxigraph_server, tmp_path_factory):
    """Tables refreshed from the sample endpoint, in force through $PLANKG_* for this module."""
    sample = Graph().parse(SAMPLE)
    nt = sample.serialize(format="nt")
    requests.post(f"{oxigraph_server}/update", data={"update": f"INSERT DATA {{ {nt} }}"},
                  timeout=30).raise_for_status()
    work = tmp_path_factory.mktemp("tables")
    org_table, mun_table = work / "organisations.csv", work / "municipalities.csv"
    shutil.copy(tables.shipped_organisations(), org_table)
    shutil.copy(tables.shipped_municipalities(), mun_table)
    mp = pytest.MonkeyPatch()
    mp.setenv("PLANKG_ORGANISATIONS", str(org_table))
    mp.setenv("PLANKG_MUNICIPALITIES", str(mun_table))
    result = CliRunner().invoke(main, ["links", "refresh", "--endpoint",
                                       f"{oxigraph_server}/query"])
    references.reload()
    yield {"result": result, "orgs": org_table, "muns": mun_table}
    mp.undo()
    references.reload()
    requests.post(f"{oxigraph_server}/update", data={"update": f"DELETE DATA {{ {nt} }}"},
                  timeout=30).raise_for_status()


def test_refresh_fills_only_unambiguous_rows(refreshed):
    assert refreshed["result"].exit_code == 0, refreshed["result"].output
    by_label = {r["label"]: r for r in tables.read_rows(refreshed["orgs"])}
    assert by_label["Deutscher Caritasverband"]["wikidata"] == "Q9990000002"
    assert by_label["Deutscher Caritasverband"]["gnd"] == "999000002-0"
    assert by_label["Diakonie Deutschland"]["wikidata"] == "Q9990000003"
    assert by_label["Arbeiterwohlfahrt"]["wikidata"] == ""  # two items carry the label
    assert by_label["Deutsches Rotes Kreuz"]["wikidata"] == ""  # only outside Germany
    muns = {r["name"]: r for r in tables.read_rows(refreshed["muns"])}
    assert muns["Mössingen"]["wikidata"] == "Q9990000001"  # by AGS, not the homonym
    assert muns["Mössingen"]["geonames"] == "999000001"
    assert muns["Tübingen"]["wikidata"] == ""
    assert "Arbeiterwohlfahrt: Q9990000004, Q9990000005" in refreshed["result"].output


@pytest.fixture(scope="module")
def loaded(refreshed, rule_based_extractor, tmp_path_factory):
    app = Plankg(Config.load(store=str(tmp_path_factory.mktemp("store") / "s")))
    app.__dict__["extractor"] = rule_based_extractor
    app.load(MOESSINGEN)
    yield app
    app.close()


def _one_column(app, sparql: str) -> set[str]:
    rows = app.store.query("PREFIX owl: <http://www.w3.org/2002/07/owl#> "
                           "PREFIX pk: <https://w3id.org/plankg/ontology#> "
                           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + sparql)
    return {str(next(iter(row.values()))) for row in rows}


def test_moessingen_place_links(loaded):
    place = "https://w3id.org/plankg/id/place/moessingen"
    assert _one_column(loaded, f"SELECT ?o WHERE {{ GRAPH ?g {{ <{place}> owl:sameAs ?o }} }}"
                       ) == {WD + "Q9990000001"}
    key = f"SELECT ?k WHERE {{ GRAPH ?g {{ <{place}> pk:municipalityKey ?k }} }}"
    assert _one_column(loaded, key) == {"08416025"}
    assert _one_column(loaded, f"SELECT ?k WHERE {{ GRAPH ?g {{ <{place}> pk:regionalKey ?k }} }}"
                       ) == {"084165002025"}


@pytest.mark.parametrize("label,qid,gnd", [("Caritas", "Q9990000002", "999000002-0"),
                                           ("Diakonie", "Q9990000003", "999000003-0")])
def test_mentioned_organisations_are_linked(loaded, label, qid, gnd):
    found = _one_column(loaded, f"""SELECT ?link WHERE {{ GRAPH ?g {{
        ?obs pk:mentions ?agent . ?agent rdfs:label "{label}"@de ; owl:sameAs ?link }} }}""")
    assert found == {WD + qid, "https://d-nb.info/gnd/" + gnd}


def test_links_missing_lists_unlinked_organisations(loaded):
    names = {r["label"] for r in unlinked_organisations(loaded.store, loaded.config.base_iri)}
    assert "Stadtwerke" in names and "FK Asyl" in names
    assert "Caritas" not in names and "Diakonie" not in names


def test_ambiguous_name_gets_no_link(refreshed):
    refs = References(organisations_file=refreshed["orgs"])
    assert refs.links_for(Agent("organization", "Schulamt")) == []
    assert len(refs.organisation_candidates("Schulamt")) == 2
    assert refs.links_for(Agent("organization", "Caritas")) != []
    assert refs.links_for(Agent("person", "Caritas")) == []  # only organisations link


def test_user_table_adds_local_organisations(tmp_path):
    table = tmp_path / "orgs.csv"
    table.write_text("label,aliases,wikidata,gnd,note\n"
                     "Staatliches Schulamt Tübingen,Schulamt,Q9990000077,,local choice\n",
                     encoding="utf-8")
    refs = References(organisations_file=table)
    # the user row replaces the shipped one of that label; Albstadt still shares the alias
    assert refs.links_for(Agent("organization", "Schulamt")) == []
    links = refs.links_for(Agent("organization", "Staatliches Schulamt Tübingen"))
    assert [str(x) for x in links] == [WD + "Q9990000077"]


def test_refresh_writes_the_user_data_directory_not_the_package(oxigraph_server, tmp_path):
    """With no table configured, refresh fills copies in the data directory; the shipped
    tables stay as they are, and plankg reads the copies from then on."""
    shipped = {p: p.read_bytes() for p in (tables.shipped_organisations(),
                                           tables.shipped_municipalities())}
    config = tmp_path / "plankg.toml"
    config.write_text(f'[plankg]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "links", "refresh",
                                       "--endpoint", f"{oxigraph_server}/query"],
                                env={"PLANKG_ORGANISATIONS": "", "PLANKG_MUNICIPALITIES": ""})
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in shipped} == shipped
    loaded = Config.load(config, environ={})
    assert loaded.organisations_file == tmp_path / "data" / "organisations.csv"
    assert loaded.municipalities_file == tmp_path / "data" / "municipalities.csv"
    rows = tables.read_rows(loaded.organisations_file)
    assert {r["label"] for r in rows} >= {"Deutscher Caritasverband"}
