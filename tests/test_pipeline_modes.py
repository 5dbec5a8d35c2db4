"""The pipeline loader: a configured model (name or directory) first, the fallback otherwise."""

from __future__ import annotations

import logging

import spacy

from extractor.language.pipeline import DOMAIN_COMPONENTS, load_pipeline


def test_unloadable_model_falls_back_and_logs(monkeypatch, caplog):
    monkeypatch.setenv("PLANKG_SPACY_MODEL", "/nonexistent/de_model")
    with caplog.at_level(logging.WARNING):
        nlp, info = load_pipeline(hanta=False)
    assert info.mode == "rule-based"
    assert "cannot load spaCy model" in caplog.text
    assert set(DOMAIN_COMPONENTS) <= set(nlp.pipe_names)


def test_model_from_a_directory_is_used_with_its_entities(tmp_path, monkeypatch):
    # A saved pipeline stands in for de_core_news_*: loaded by path like any model, and its
    # PER entities become persons without an honorific.
    model = spacy.blank("de")
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Boris Kühn"},
                        {"label": "ORG", "pattern": "Tafel Mössingen"}])
    model.to_disk(tmp_path / "de_test_model")
    monkeypatch.setenv("PLANKG_SPACY_MODEL", str(tmp_path / "de_test_model"))
    nlp, info = load_pipeline()
    assert info.mode == "statistical"
    assert nlp.pipe_names[0] == "entity_ruler"
    doc = nlp.make_doc("Boris Kühn und Tafel Mössingen")
    doc._.cell_role = "who"
    doc = nlp(doc)
    found = {(r.agent.kind, r.agent.name) for r in doc._.responsibilities}
    assert found == {("person", "Boris Kühn"), ("organization", "Tafel Mössingen")}


def test_forced_fallback_without_hanta_loads_no_lemma_tables():
    # No rule reads a lemma: the tables only cost load time. Collectives are found by text.
    nlp, info = load_pipeline(statistical=False, hanta=False)
    assert info.name == "blank:de" and "lemmatizer" not in nlp.pipe_names
    doc = nlp.make_doc("Vereine und Schulen")
    doc._.cell_role = "who"
    found = {(r.agent.kind, r.agent.name) for r in nlp(doc)._.responsibilities}
    assert {kind for kind, _ in found} == {"group"}, found
