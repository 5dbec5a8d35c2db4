"""A report the way towns publish them: two who-columns, a status vocabulary column beside
a prose column, per-year and total costs, one partner spelt two ways, a measure that went
into another. Extracted, written as RDF and checked with SHACL."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from extractor import build_dataset
from extractor.graph.validate import validate
from ontology import PK, PKR, PKS

HEADER = ["Nr.", "Maßnahme", "Federführung", "Kooperationspartner", "Zeitraum",
          "Kosten pro Jahr", "Kosten gesamt", "Aktueller Stand", "Status"]
ROWS = [
    ["1", "Radverkehrskonzept", "Amt 61", "Stadtwerke; Amt 61", "2020-2022", "3.000",
     "10.000 €", "Verzögerung wegen Personalmangel, Stelle unbesetzt", "gestartet"],
    ["2", "Beratung für Zugewanderte", "Klever IQ", "", "04/2015 - 08/2016", "", "",
     "Projektstart im Juli 2020", ""],
    ["3", "Sprachkurse", "KleverIQ", "Umwelt- und Arbeitsschutz", "KW 12/2023", "", "",
     "Konzeption abgeschlossen, Umsetzung folgt", ""],
    ["4", "Willkommenstreff", "Umwelt- und Arbeiitsschutz", "", "bis Mitte 2023", "", "",
     "Die Maßnahme ist in Maßnahme 1 aufgegangen.", ""],
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("roles") / "kleve-bericht-2021.tsv"
    lines = ["Sachstandsbericht Kleve, Stand: 01.03.2021", "\t".join(HEADER),
             *("\t".join(r) for r in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def record(rule_based_extractor, report):
    return rule_based_extractor.extract(report)


def _resp(measure, name):
    return [r for r in measure.responsibilities if r.agent.name == name]


def test_two_columns_give_one_party_both_roles(record) -> None:
    first = record.measures[0]
    amt = _resp(first, "Amt 61")
    assert len(amt) == 1 and amt[0].roles == ["Lead", "Partner"]
    assert _resp(first, "Stadtwerke")[0].roles == ["Partner"]


def test_status_column_decides_and_prose_gives_causes(record) -> None:
    first = record.measures[0].status
    assert first.category == "InProgress" and first.cue == "gestartet"
    assert first.causes == ["CauseStaff"]


def test_report_date_reaches_the_status_classifier(record) -> None:
    # "Projektstart im Juli 2020" in a report of 01.03.2021: the project is running.
    assert record.status_date == dt.date(2021, 3, 1)
    assert record.measures[1].status.category == "InProgress"


def test_a_phase_done_is_not_the_measure_done(record) -> None:
    assert record.measures[2].status.category == "InProgress"


def test_costs_per_year_and_total(record) -> None:
    budgets = [(b.value, b.per_year) for b in record.measures[0].budgets]
    assert budgets == [(3000.0, True), (10000.0, False)]


def test_graph_roles_variants_and_continuation(record) -> None:
    ds = build_dataset(record)
    report = validate(ds)
    assert report.conforms, report.describe()
    g = next(graph for graph in ds.graphs() if len(graph))  # the document's named graph
    roles = {o for o in g.objects(None, PK.role)}
    assert roles == {PKR.Lead, PKR.Partner}
    # "Klever IQ" and "KleverIQ" are one organisation with one prefLabel
    klever = {s for s, _, o in g.triples((None, SKOS.prefLabel, None)) if "Klever" in str(o)}
    klever |= {s for s, _, o in g.triples((None, SKOS.altLabel, None)) if "Klever" in str(o)}
    assert len(klever) == 1
    (agent,) = klever
    assert list(g.objects(agent, SKOS.prefLabel)) == [Literal("Klever IQ", lang="de")]
    assert list(g.objects(agent, SKOS.altLabel)) == [Literal("KleverIQ", lang="de")]
    # the typo "Arbeiitsschutz" is the same unit
    units = {s for s, _, o in g.triples((None, SKOS.prefLabel, None)) if "schutz" in str(o)}
    assert len(units) == 1
    # "in Maßnahme 1 aufgegangen" links the two measures
    links = list(g.subject_objects(PK.continuedIn))
    assert len(links) == 1
    titles = {str(o) for s, o in links for o in g.objects(o, PK.title)}
    assert titles == {"Radverkehrskonzept"}
    causes = set(g.objects(None, PK.cause))
    assert causes == {PKS.CauseStaff}


def test_validation_failure_names_file_row_and_value(record) -> None:
    ds = build_dataset(record)
    graph = next(g for g in ds.graphs() if len(g))
    agent = next(s for s, _, o in graph.triples((None, SKOS.prefLabel, None))
                 if str(o) == "Stadtwerke")
    graph.add((agent, SKOS.prefLabel, Literal("Stadtwerke Kleve", lang="de")))
    report = validate(ds)
    assert not report.conforms
    text = report.describe()
    assert "kleve-bericht-2021.tsv, row 3" in text  # line 3: the preamble is line 1
    assert "Stadtwerke Kleve" in text or "'Stadtwerke'" in text
    assert isinstance(agent, URIRef)
