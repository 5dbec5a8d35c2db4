"""Who-cells of the document families the real corpus grows by: Träger lists of Kita
reports (churches, Vereine, gGmbH), English Climate City Contract plans ("Solar advice:
…"), brochure sheets with fillers, and the abbreviations a report explains in its legend.
"""

from __future__ import annotations

import pytest

from extractor.language.abbreviation_legend import abbreviations_from
from extractor.language.kinds import classify
from extractor.references import References

P, U, ORG, G = "person", "unit", "organization", "group"


def actors(pipeline, text: str, references: References | None = None) -> list[tuple[str, str]]:
    nlp, _ = pipeline
    doc = nlp.make_doc(text)
    doc._.cell_role = "who"
    doc._.references = references
    doc = nlp(doc)
    return [(r.agent.kind, r.agent.name) for r in doc._.responsibilities]


@pytest.mark.parametrize(("text", "kind"), [
    ("Kath. Kirchengemeinde Grötzingen", ORG),
    ("Evang. Kirche in Karlsruhe", ORG),
    ("Seelsorgeeinheit Karlsruhe Südwest", ORG),
    ("Netzwerk Mensch gGmbH", ORG),
    ("Elterninitiative Kinderhaus Heidesee e. V.", ORG),
    ("Städtische Galerie", U),          # one institution of the town
    ("städt. Gesellschaften", G),       # several, unnamed
    ("SwK", ORG), ("SWM", ORG),         # Stadtwerke by their usual short form
    ("BMVI", ORG), ("HfG", ORG),        # a federal ministry, a Hochschule
    ("KASIG", U),                       # unknown capitals stay a unit of the town
    ("EB 76", U), ("Dec. V", U), ("Ortsverw.", U),
    ("City of Mannheim", U),
    ("energy companies", G), ("owners of large real estate portfolios", G),
])
def test_kinds_of_parts(text: str, kind: str) -> None:
    labels = {"person": "PERSON", "unit": "UNIT", "organization": "ORG", "group": "GROUP"}
    found = classify(text)
    assert found is not None and found.label == labels[kind]


@pytest.mark.parametrize(("text", "expected"), [
    # temporal words and "nach Absprache" are fillers, not parts of the name
    ("bisher Kulturamt, zukünftig Wirtschaftsförderung",
     [(U, "Kulturamt"), (U, "Wirtschaftsförderung")]),
    ("Bürgermeister, Fachberater nach Absprache", [(U, "Bürgermeister"), (G, "Fachberater")]),
    # one office named by two subjects stays one
    ("Hauptamt, Bürgerservice und Sicherheit",
     [(U, "Hauptamt"), (U, "Bürgerservice und Sicherheit")]),
    # "u. a." and "mit" between two parties separate them
    ("Steinbeis u. a. Schulen", [(ORG, "Steinbeis"), (G, "Schulen")]),
    ("KAMap 2015 mit Innovationsteam", [(ORG, "KAMap 2015"), (U, "Innovationsteam")]),
    # parentheses after a party annotate it; the party stays
    ("Wifö, PIA (in der Einzelumsetzung je nach Projekt weitere Beteiligte)",
     [(U, "Wifö"), (U, "PIA")]),
    # a task before a colon is role text; a legal form after a line break stays in the name
    ("• PV potential on municipal properties: FB 25, Dec. V, sMArt City Mannheim\n• GmbH",
     [(U, "FB 25"), (U, "Dec. V"), (ORG, "sMArt City Mannheim GmbH")]),
    ("Heat Supply: MVV and other companies", [(ORG, "MVV"), (G, "other companies")]),
    ("Amt 61 in Kooperation mit Stadtwerke Münster GmbH",
     [(U, "Amt 61"), (ORG, "Stadtwerke Münster GmbH")]),
    # a legal form after "und" names the whole association
    ("Kind und Beruf e. V.", [(ORG, "Kind und Beruf e. V.")]),
    ("Caritas und Diakonie e. V.", [(ORG, "Caritas"), (ORG, "Diakonie e. V.")]),
    # "fallweise", "Fallbezogen:", "wie bspw." only qualify the parties
    ("OB, fallweise SWK, fallweise StPlA", [(U, "OB"), (ORG, "SWK"), (U, "StPlA")]),
    ("Fallbezogen: Afa, AfSta", [(ORG, "Afa"), (U, "AfSta")]),
])
def test_cells(pipeline, text: str, expected: list) -> None:
    assert actors(pipeline, text) == expected


LEGEND = ["Zuständigkeit", "- Folgende Bezeichnungen werden verwendet:",
          "o Klenko: Koordinierungsstelle für Klima und Energie",
          "o Amt 61: Amt für Stadtentwicklung/ -planung und Verkehrsplanung",
          "o SWM: Stadtwerke Münster GmbH", "Stand: Dezember 2018", "Priorität: hoch"]


def test_legend_lines_give_kinds() -> None:
    found = {a.abbreviation: a.kind for a in abbreviations_from(LEGEND)}
    assert found == {"Klenko": "UNIT", "Amt 61": "UNIT", "SWM": "ORG"}


def test_a_legend_decides_the_kind_of_a_name_no_rule_knows(pipeline) -> None:
    # Without the legend "Klenko" is a name no rule knows: an organisation by name.
    assert actors(pipeline, "Klenko") == [(ORG, "Klenko")]
    legend = References().with_legend(abbreviations_from(LEGEND))
    assert actors(pipeline, "Klenko", legend) == [(U, "Klenko")]


@pytest.mark.parametrize(("text", "carrier"), [
    ("Kath. Kirchengemeinde, St. Cyriakus, Gänsbergstraße 3", "Kath. Kirchengemeinde"),
    ("Netzwerk Mensch gGmbH, Betriebs-Kindertagesstätte „Kinderinsel“, Hertzstraße 16",
     "Netzwerk Mensch gGmbH"),
    ("Evang. Kirche in Karlsruhe, Kirchengemeinde Hagsfeld, Kindergarten",
     "Evang. Kirche in Karlsruhe, Kirchengemeinde Hagsfeld"),
    ("Kind und Beruf e.V., Kindertageseinrichtung Sonnenschein", "Kind und Beruf e.V."),
    ("SKF/St.-Vincentius-Kliniken gAG, Südendstraße 32", "SKF/St.-Vincentius-Kliniken gAG"),
    ("KIT „KinderUni-Versum“, Karl-Wilhelm-Straße 1", "KIT"),
    ("Kindertageseinrichtung „Am Wasserturm“, Wasserturmstraße 2", ""),  # the facility only
])
def test_carrier_at_the_start_of_a_combined_cell(text: str, carrier: str) -> None:
    from extractor.language.carriers import carrier_text
    assert carrier_text(text) == carrier


def test_trager_standort_projekt_column(tmp_path) -> None:
    import openpyxl

    from extractor import Extractor

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kita-Ausbau der Stadt Karlsruhe, Sachstand Stand 10/2011"])
    ws.append(["Nr.", "Träger/Standort/Projekt", "Sachstand Stand 10/2011", "Geplante Eröffnung"])
    ws.append(["1.16", "Kath. Kirchengemeinde, St. Cyriakus, Gänsbergstraße 3", "im Bau",
               "09/2012"])
    ws.append(["1.18", "Kindertageseinrichtung „Am Wasserturm“, Wasserturmstraße 2", "läuft",
               "2012"])
    ws.append(["1.19", "SKF/St.-Vincentius-Kliniken gAG, Südendstraße 32", "im Bau", "2012"])
    path = tmp_path / "kita.xlsx"
    wb.save(path)
    record = Extractor().extract(path)
    assert record.municipality == "Karlsruhe"
    found = [[(r.agent.kind, r.agent.label, r.roles) for r in m.responsibilities]
             for m in record.measures]
    assert found == [[(ORG, "Kath. Kirchengemeinde", ["Lead"])], [],
                     [(ORG, "SKF", ["Lead"]), (ORG, "St.-Vincentius-Kliniken gAG", ["Lead"])]]
