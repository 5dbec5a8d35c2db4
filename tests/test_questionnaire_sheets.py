"""Questionnaire sheets in a text layer: a Maßnahmenblatt printed over several pages that
repeat its number and title, whose fields are headed by questions ("Wer?", "Wieviel?") and
print a question above each answer. A real excerpt (Karlsruhe, Klimaschutzkonzept 2030:
the corpus file of corpus/real/karlsruhe-klimaschutzkonzept-2030-massnahmenkatalog, whose
gold.json names its source) and a written file of the same shape."""

from __future__ import annotations

from pathlib import Path

from .text_files import copier, write_text

REAL = Path(__file__).parent.parent / "corpus" / "real" / \
    "karlsruhe-klimaschutzkonzept-2030-massnahmenkatalog"
_copy = copier(REAL)

_PAGE = ["Handlungsfeld D: Mobilität", "Maßnahme D1.1", "Radschnellweg Nord"]
SHEET = "\n".join([
    "Klimaschutzprogramm 2030", "Maßnahmenkatalog", "",
    *_PAGE,
    "Was & Warum?",
    "Kontext, Motivation und Inhalt: Um was geht es bei dem Projekt?",
    "Ein Radschnellweg verbindet die Nordstadt mit dem Zentrum.",
    "Wer?",
    "Treiber und Ansprechpartner",
    "Tiefbauamt",
    "Welche a) kommunalen Akteure und",
    "b) externe Kooperationspartner",
    "müssen einbezogen werden?",
    "a) Stadtplanungsamt",
    "b) ADFC",
    "3", "",
    *_PAGE,
    "Wieviel?",
    "Wie hoch schätzen Sie die Kosten des Projektes ein?",
    "Für den Bau sind rund 2,5 Mio. € vorgesehen.",
    "Wann?",
    "Umsetzungszeitraum: Wie lange dauert es, bis das Projekt umgesetzt ist?",
    "Bis 2027",
    "4", "",
    "Handlungsfeld D: Mobilität", "Maßnahme D1.2", "Fahrradparken am Bahnhof",
    "Wer?",
    "Treiber und Ansprechpartner",
    "Stadtwerke",
    "Welche a) kommunalen Akteure und",
    "b) externe Kooperationspartner",
    "müssen einbezogen werden?",
    "a) Ordnungsamt",
    "Wieviel?",
    "Wie hoch schätzen Sie die Kosten des Projektes ein?",
    "Rund 300.000 €.",
    "Wann?",
    "Umsetzungszeitraum: Wie lange dauert es, bis das Projekt umgesetzt ist?",
    "Bis 2025",
    "5", "",
    "Handlungsfeld D: Mobilität", "Maßnahme D1.3", "Lastenräder leihen",
    "Wer?",
    "Treiber und Ansprechpartner",
    "Umweltamt",
    "Welche a) kommunalen Akteure und",
    "b) externe Kooperationspartner",
    "müssen einbezogen werden?",
    "b) Radhändler",
    "Wieviel?",
    "Wie hoch schätzen Sie die Kosten des Projektes ein?",
    "Rund 40.000 €.",
    "6", "",
])


def _names(measure) -> set[str]:
    return {r.agent.name for r in measure.responsibilities}


def test_a_sheet_over_pages_repeating_its_head_is_one_measure(tmp_path, extractor):
    record = extractor.extract(write_text(tmp_path, "katalog.txt", SHEET))
    assert [m.title for m in record.measures] == ["Radschnellweg Nord",
                                                  "Fahrradparken am Bahnhof",
                                                  "Lastenräder leihen"]
    first, second, _ = record.measures
    # the printed question is no party: only the answers name agents
    assert _names(first) == {"Tiefbauamt", "Stadtplanungsamt", "ADFC"}
    assert _names(second) == {"Stadtwerke", "Ordnungsamt"}
    assert [b.value for b in first.budgets] == [2500000]
    assert [b.value for b in second.budgets] == [300000]
    assert first.timeframe.end.year == 2027


def test_real_questionnaire_sheets(tmp_path, extractor):
    path = _copy(tmp_path, "615455.txt")
    record = extractor.extract(path)
    by_title = {m.title: m for m in record.measures}
    energy = by_title["Energieleitplan"]
    roadmap = by_title["Roadmap für eine Transformation (Defossilisierung) der Wärmeversorgung"]
    # each sheet's three pages are one measure
    assert [m.title for m in record.measures].count("Energieleitplan") == 1
    assert {"Umwelt- und Arbeitsschutz", "Stadtplanungsamt", "Tiefbauamt", "KEK"} \
        <= _names(energy)
    assert not any(n.startswith(("Welche", "Akteure")) for n in _names(energy))
    assert sorted(b.value for b in energy.budgets) == [130000, 220000]
    assert [b.value for b in roadmap.budgets] == [50000]


def test_a_report_title_naming_its_plan_is_not_dated_by_the_plans_year(tmp_path, extractor):
    # "Monitoring Maßnahmenkatalog Klimaschutzkonzept 2030": the report word is there, but
    # 2030 is the plan's target; a report period beside it still dates the report.
    rows = "Maßnahme;Zuständig;Sachstand\nEnergieleitplan;Umweltamt;läuft\n"
    undated = write_text(tmp_path, "a.csv", "Monitoring Maßnahmenkatalog Klimaschutzkonzept "
                                            "2030\n" + rows)
    dated = write_text(tmp_path, "b.csv", "Klimaschutzkonzept 2030 – Fortschrittsbericht "
                                          "2021\n" + rows)
    assert extractor.extract(undated).status_date is None
    assert extractor.extract(dated).status_date.isoformat() == "2021-12-31"
