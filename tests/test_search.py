"""The full-text index beside the store: German spellings, honorifics, status words, ranking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from plankg.app import Plankg
from plankg.config import Config
from plankg.search import SearchIndex, index_path, match_expression, normalise, query_terms

ROOT = Path(__file__).resolve().parents[1]
MOESSINGEN = ROOT / "corpus" / "moessingen-integrationskonzept-status-2021-03-01.tsv"


def test_umlauts_meet_their_transliteration_both_ways():
    assert normalise("Kühn") == normalise("Kuehn") == normalise("KUEHN") == "kuehn"
    assert normalise("Straße") == normalise("Strasse")
    assert normalise("Bürger") == normalise("Buerger")


@pytest.mark.parametrize("text", ["H. Kühn", "Herr Kühn", "Hr. Kuehn", "Frau Dr. Kühn", "kühn"])
def test_honorifics_are_not_search_words(text):
    assert query_terms(text) == ["kuehn"]


def test_only_honorifics_search_nothing():
    assert match_expression("Herr") is None
    assert match_expression("  ") is None


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Plankg:
    store = tmp_path_factory.mktemp("search") / "data"
    plankg = Plankg(Config.load(store=str(store), query_workers=0))
    assert plankg.load(MOESSINGEN).status == "loaded"
    yield plankg
    plankg.close()


def test_the_load_writes_the_index_beside_the_store(app):
    assert app.search.path == Path(app.config.store).with_name("data.search.sqlite")
    assert app.search.path.is_file()
    with sqlite3.connect(app.search.path) as db:
        assert db.execute("SELECT COUNT(*) FROM measures").fetchone()[0] == 27


@pytest.mark.parametrize("name", ["H. Kühn", "Herr Kühn", "Kuehn", "kühn", "KÜHN"])
def test_every_spelling_of_a_name_finds_the_person(app, name):
    agents = app.search.agents(name)
    assert agents and all("kuehn" in a for a in agents)
    measures = app.search.measures(name)
    assert len(measures) >= 8  # he is named on eight measures


def test_spellings_find_the_same_measures(app):
    assert set(app.search.measures("H. Kühn")) == set(app.search.measures("Kuehn"))


def test_status_words_are_searched(app):
    # "verschoben" and "Corona" stand only in status texts, never in a title
    postponed = app.search.measures("verschoben")
    assert postponed
    corona = app.search.measures("Corona")
    assert corona
    titles = app.store.query(
        "PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT ?t WHERE { GRAPH ?g { "
        "?m pk:title ?t FILTER(CONTAINS(LCASE(?t), 'verschoben')) } }")
    assert not list(titles)


def test_a_word_in_the_title_ranks_first(app):
    hits = app.search.measures("Fachtag")
    assert hits
    first = app.store.query(
        "PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT ?t WHERE { GRAPH ?g { "
        f"<{hits[0]}> pk:title ?t }} }}")
    assert "fachtag" in str(next(iter(first))["t"]).lower()


def test_prefixes_of_words_match(app):
    assert app.search.measures("Fortbild")  # "Fortbildungen"


def test_a_missing_index_is_rebuilt(app, tmp_path):
    fresh = SearchIndex(tmp_path / "other.search.sqlite")
    assert fresh.measures("Kühn") == []
    assert fresh.catch_up(app.store) == 27
    assert fresh.measures("Kühn") == app.search.measures("Kühn")
    assert fresh.catch_up(app.store) == 0  # nothing left to catch up
    assert fresh.rebuild(app.store) == 27


def test_a_remote_store_keeps_its_index_in_the_data_directory(tmp_path):
    path = index_path("http://example.org/sparql", tmp_path)
    assert path.parent == tmp_path and path.name.startswith("search-")
