"""The fast paths of the pipeline give what the plain spaCy paths give.

``run_cells`` calls only the components a cell's role needs; the lookup lemmas are read
into a plain dict; HanTa analyses each word once. Each is checked against the slow,
obvious path on the real cells of the Mössingen report.
"""

from __future__ import annotations

import pytest
import spacy

from extractor.language.pipeline import ROLE_COMPONENTS, load_pipeline, run_cells
from extractor.read import read_table
from extractor.rows import plan_rows

from .conftest import MOESSINGEN, pipeline_for


def _cells() -> list[tuple[str, str]]:
    """(role, text) of every cell the extractor reads in the corpus file."""
    rows = plan_rows(read_table(MOESSINGEN)).rows
    cells = [("who", c.text) for r in rows for c in r.who]
    cells += [("timeframe", " ".join(c.text for c in r.timeframe)) for r in rows]
    # The file has no costs column; its time cells stand in ("Mittel i.H.v. 5.000 Euro").
    cells += [("resources", c.text) for r in rows for c in (*r.resources, *r.timeframe)]
    cells += [(role, r.status.text) for r in rows if r.status
              for role in ("status", "mentions", "state")]
    return list(dict.fromkeys(cells))


def _docs(nlp, cells):
    docs = []
    for role, text in cells:
        doc = nlp.make_doc(text)
        doc._.cell_role = role
        docs.append(doc)
    return docs


def _reading(doc) -> tuple:
    agents = [(r.agent.kind, r.agent.label, r.role) for r in doc._.responsibilities or []]
    mentioned = [a.label for a in doc._.mentioned or []]
    status = doc._.status
    return (agents, doc._.is_comment, repr(doc._.timeframe), repr(doc._.budgets), mentioned,
            (status.category, status.cue, status.causes) if status else None)


@pytest.mark.parametrize("mode", ["rule-based", "rule-based+hanta"])
def test_run_cells_reads_every_role_as_the_whole_pipeline_does(mode):
    if mode.endswith("hanta"):
        pytest.importorskip("HanTa")
    nlp, _ = pipeline_for(mode)
    cells = _cells()
    assert {role for role, _ in cells} == set(ROLE_COMPONENTS)
    fast = [_reading(d) for d in run_cells(nlp, _docs(nlp, cells))]
    whole = [_reading(d) for d in nlp.pipe(_docs(nlp, cells))]
    assert fast == whole
    # and the roles really were read: actors found, time frames and statuses set
    assert any(r[0] for r in fast) and any(r[2] != "None" for r in fast)
    assert sum(1 for r in fast if r[5] and r[5][0] != "Unknown") >= 10


def test_lookup_lemmas_are_spacys_lookup_lemmas():
    nlp, info = load_pipeline(statistical=False, hanta=False)
    assert "lemmatizer" in nlp.pipe_names and info.name == "blank:de"
    reference = spacy.blank("de")
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    texts = [text for _, text in _cells()] + ["Vereine, Kreditinstitute und Schulen"]
    ours = [[t.lemma_ for t in nlp.get_pipe("lemmatizer")(nlp.make_doc(x))] for x in texts]
    theirs = [[t.lemma_ for t in reference(x)] for x in texts]
    assert ours == theirs
    assert ours[-1][:1] == ["Verein"]


def test_hanta_word_cache_keeps_the_tags():
    hanta = pytest.importorskip("HanTa.HanoverTagger")
    nlp, _ = pipeline_for("rule-based+hanta")
    plain = hanta.HanoverTagger("morphmodel_ger.pgz")
    sentences = [[t.text for t in nlp.make_doc(text)] for role, text in _cells()
                 if role in ("who", "status")]
    sentences = [s for s in sentences if s]
    cached = nlp.get_pipe("plankg_hanta").tagger
    for _ in range(2):  # the second round reads every word from the cache
        assert [cached.tag_sent(s, taglevel=1) for s in sentences] == \
            [plain.tag_sent(s, taglevel=1) for s in sentences]
    assert cached._tag_word.cache_info().hits > 0
