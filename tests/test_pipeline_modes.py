"""The pipeline loader: a configured model (name or directory) first, the fallback otherwise."""

from __future__ import annotations

import logging

import spacy

from extractor.language.pipeline import DOMAIN_COMPONENTS, load_pipeline
from plankg.config import Config


def test_unloadable_model_falls_back_and_logs(caplog):
    config = Config.load(environ={"PLANKG_SPACY_MODEL": "/nonexistent/de_model",
                                  "PLANKG_HANTA": "0"})
    with caplog.at_level(logging.WARNING):
        nlp, info = load_pipeline(config.spacy_model, hanta=config.hanta)
    assert info.mode == "rule-based"
    assert "cannot load spaCy model" in caplog.text
    assert set(DOMAIN_COMPONENTS) <= set(nlp.pipe_names)


def test_model_from_a_directory_is_used_with_its_entities(tmp_path):
    # A saved pipeline stands in for de_core_news_*: loaded by path like any model, and its
    # PER entities become persons without an honorific.
    model = spacy.blank("de")
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Boris Kühn"},
                        {"label": "ORG", "pattern": "Tafel Mössingen"}])
    model.to_disk(tmp_path / "de_test_model")
    config = Config.load(environ={"PLANKG_SPACY_MODEL": str(tmp_path / "de_test_model")})
    nlp, info = load_pipeline(config.spacy_model)
    assert info.mode == "statistical"
    assert nlp.pipe_names[0] == "entity_ruler"
    doc = nlp.make_doc("Boris Kühn und Tafel Mössingen")
    doc._.cell_role = "who"
    doc = nlp(doc)
    found = {(r.agent.kind, r.agent.name) for r in doc._.responsibilities}
    assert found == {("person", "Boris Kühn"), ("organization", "Tafel Mössingen")}


def test_forced_fallback_without_hanta_has_lookup_lemmas():
    nlp, info = load_pipeline(statistical=False, hanta=False)
    assert info.name == "blank:de" and "lemmatizer" in nlp.pipe_names
    assert nlp("Vereine")[0].lemma_ == "Verein"
