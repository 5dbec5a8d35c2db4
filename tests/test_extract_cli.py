"""`plankg extract`: the corpus to a valid graph, summaries, formats and clear errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, URIRef

from extractor import build_dataset, validate
from ontology import PK, load_ontology
from plankg.cli import main

from .conftest import MOESSINGEN


@pytest.fixture(scope="module")
def dataset(rule_based_extractor):
    return build_dataset(rule_based_extractor.extract(MOESSINGEN))


def test_graph_passes_the_shapes(dataset):
    report = validate(dataset)
    assert report.conforms, report.text


def test_shapes_catch_a_broken_graph(dataset):
    broken = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if p != PK.title:
            broken.add((s, p, o, g))
    assert not validate(broken).conforms


def test_every_term_the_graph_uses_is_defined(dataset):
    ontology = load_ontology()
    defined = set(ontology.subjects())
    used = {p for _, p, _, _ in dataset.quads((None, None, None, None))}
    used |= {o for _, p, o, _ in dataset.quads((None, RDF.type, None, None))}
    ours = {t for t in used if str(t).startswith("https://w3id.org/plankg/")}
    assert ours and ours <= defined, sorted(ours - defined)


def test_one_named_graph_per_document_named_by_the_document(dataset):
    graphs = [g.identifier for g in dataset.graphs() if len(g)]
    assert len(graphs) == 1
    doc = graphs[0]
    assert (doc, RDF.type, PK.PlanDocument) in dataset.graph(doc)
    measures = set(dataset.graph(doc).subjects(RDF.type, PK.Measure))
    assert len(measures) == 27


def test_cli_writes_trig_and_nquads_with_summary(tmp_path):
    runner = CliRunner()
    for name, fmt in (("out.trig", "trig"), ("out.nq", "nquads")):
        out = tmp_path / name
        result = runner.invoke(main, ["extract", str(MOESSINGEN), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "27 measures" in result.output and "status of 2021-03-01" in result.output
        assert "row 9" in result.output  # the comment cell warning names the row
        ds = Dataset()
        ds.parse(out, format=fmt)
        assert len({q[0] for q in ds.quads((None, RDF.type, PK.Measure, None))}) == 27


def test_cli_bad_input_names_file_and_reason_and_exits_non_zero(tmp_path):
    bad = tmp_path / "kaputt.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(bad), "-o", str(tmp_path / "x.trig")])
    assert result.exit_code != 0
    assert "kaputt.csv" in result.output and "no plan table" in result.output
    assert not (tmp_path / "x.trig").exists()
    result = runner.invoke(main, ["extract", str(MOESSINGEN), "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code != 0 and ".trig or .nq" in result.output


@pytest.mark.slow
def test_console_script_runs_as_a_process(tmp_path):
    out = tmp_path / "out.trig"
    proc = subprocess.run([sys.executable, "-m", "plankg.cli", "extract", str(MOESSINGEN), "-o",
                           str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    assert URIRef("https://w3id.org/plankg/ontology#Measure").n3() in out.read_text() or \
        "pk:Measure" in out.read_text()
