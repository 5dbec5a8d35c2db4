"""Who-cells as real documents write them: lists split into parts, each part's kind.

Phrasings come from published plans and status reports (Karlsruhe, Münster, Mössingen);
each runs in every available pipeline mode.
"""

from __future__ import annotations

import pytest

from extractor.language.kinds import Kind, classify
from extractor.language.segments import split_parts
from extractor.references import References
from plankg.app import Plankg
from plankg.config import Config

P, U, ORG, G = "person", "unit", "organization", "group"


def actors(pipeline, text: str) -> list[tuple[str, str]]:
    nlp, _ = pipeline
    doc = nlp.make_doc(text)
    doc._.cell_role = "who"
    doc = nlp(doc)
    return [(r.agent.kind, r.agent.name) for r in doc._.responsibilities]


@pytest.mark.parametrize(("text", "parts"), [
    ("Amt 61; SWM, Klenko", ["Amt 61", "SWM", "Klenko"]),
    ("Stadtwerke und Ausländerbehörde sowie DRK Kreisverband u. a.",
     ["Stadtwerke", "Ausländerbehörde", "DRK Kreisverband"]),
    ("Umwelt- und Arbeitsschutz", ["Umwelt- und Arbeitsschutz"]),
    ("a) Jugendamt b) Schulamt c) Caritas", ["Jugendamt", "Schulamt", "Caritas"]),
    ("• Amt 23\n• Amt 61\n- Klenko", ["Amt 23", "Amt 61", "Klenko"]),
    ("Fr. Aydin (Stabsstelle Integration, Amt 61); Vereine",
     ["Fr. Aydin (Stabsstelle Integration, Amt 61)", "Vereine"]),
    ("ggf. Polizei, weitere", ["Polizei"]),
    ("Schulen und Kitas etc.", ["Schulen", "Kitas"]),
    ("SPA/ASG", ["SPA", "ASG"]),
    ("SJB – Abt. KT + Kinderbüro", ["SJB – Abt. KT", "Kinderbüro"]),
    ("FZK und weitere Wissenschaftseinrichtungen", ["FZK", "Wissenschaftseinrichtungen"]),
    ("Hauptamt, städtische Kulturinstitute", ["Hauptamt", "städtische Kulturinstitute"]),
])
def test_segmentation(text: str, parts: list[str]) -> None:
    assert [p.text(text) for p in split_parts(text)] == parts


@pytest.mark.parametrize(("text", "expected"), [
    ("Ausländerbehörde", [(U, "Ausländerbehörde")]),
    ("Kreisjugendreferat", [(U, "Kreisjugendreferat")]),
    ("DRK Kreisverband", [(ORG, "DRK Kreisverband")]),
    ("Umwelt- und Arbeitsschutz", [(U, "Umwelt- und Arbeitsschutz")]),
    ("Umwelt- und Arbeitsschutz, Stadtwerke, Gartenbauamt",
     [(U, "Umwelt- und Arbeitsschutz"), (ORG, "Stadtwerke"), (U, "Gartenbauamt")]),
    ("Amt für Grünflächen, Umwelt und Nachhaltigkeit",
     [(U, "Amt für Grünflächen, Umwelt und Nachhaltigkeit")]),
    ("Amt für Familie und Soziales, Jugendamt",
     [(U, "Amt für Familie und Soziales"), (U, "Jugendamt")]),
    ("Stadtwerke Münster GmbH", [(ORG, "Stadtwerke Münster GmbH")]),
    ("Sportverein Mössingen e.V.", [(ORG, "Sportverein Mössingen e.V.")]),
    # "Wifö" is the usual short form of the town's Wirtschaftsförderung (a unit).
    ("AfSta, Dez 4, Wifö, KME, Immobilieneigentümer",
     [(U, "AfSta"), (U, "Dez 4"), (U, "Wifö"), (U, "KME"), (G, "Immobilieneigentümer")]),
    ("GB OBM II", [(U, "GB OBM II")]),
    # "SW" + a town's letter is the Stadtwerke's form (SWM, SWK, SWT): outside.
    ("Federführung: Amt 61, Beteiligte: SWM", [(U, "Amt 61"), (ORG, "SWM")]),
    ("Stadt", [(U, "Stadt")]),
    ("interessierte Firmen, Experten", [(G, "interessierte Firmen"), (G, "Experten")]),
    ("Alexander Zug, Andreas Mangold", [(P, "Alexander Zug"), (P, "Andreas Mangold")]),
    ("Vertreter des Gemeinderates", [(G, "Vertreter des Gemeinderates")]),
])
def test_who_cells_of_real_documents(pipeline, text: str, expected: list) -> None:
    assert actors(pipeline, text) == expected


def test_names_are_kept_as_written(pipeline) -> None:
    assert actors(pipeline, "Klever IQ; KleverIQ") == [(ORG, "Klever IQ"), (ORG, "KleverIQ")]


@pytest.mark.parametrize(("text", "kind"), [
    ("SPA", "UNIT"), ("ASG", "UNIT"), ("FB 61", "UNIT"), ("VHS", "ORG"), ("IHK", "ORG"),
    ("XYZQ", "UNIT"), ("Energieagentur", "ORG"), ("Wohlfahrtsverbände", "GROUP"),
    ("Bürger*innen", "GROUP"), ("Landratsamt", "ORG"), ("Polizei", "ORG"),
])
def test_kinds(text: str, kind: str) -> None:
    found = classify(text)
    assert found is not None and found.label == kind


def test_abbreviation_table_is_user_extensible(tmp_path) -> None:
    table = tmp_path / "abbreviations.csv"
    table.write_text("abbreviation,label,kind,note\nSPA,Stadtplanungsamt,unit,\n"
                     "KME,Karlsruhe Marketing und Event GmbH,organization,\n", encoding="utf-8")
    assert classify("KME").label == "UNIT"  # unknown capitals: a unit by its abbreviation
    tables = References(abbreviations_file=table)
    assert tables.abbreviation("spa").label == "Stadtplanungsamt"
    assert classify("KME", tables=tables).label == "ORG"
    assert tables.abbreviation("VHS").label == "Volkshochschule"  # shipped rows stay
    assert classify("KME").label == "UNIT"


def test_given_names_are_user_extensible(tmp_path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# local names\nOriana\n", encoding="utf-8")
    assert (classify("Oriana Kraemer") or Kind("ORG")).label != "PERSON"
    assert classify("Oriana Kraemer", tables=References(given_names_file=names)).label == \
        "PERSON"


def test_configured_tables_reach_the_extractor(tmp_path) -> None:
    table = tmp_path / "abk.csv"
    table.write_text("abbreviation,label,kind,note\nKME,Marketing GmbH,organization,\n",
                     encoding="utf-8")
    config = tmp_path / "plankg.toml"
    config.write_text(f'[plankg]\nabbreviations = "{table}"\nhanta = false\n', encoding="utf-8")
    app = Plankg(Config.load(config, environ={}))
    assert app.references.abbreviation("KME").kind == "ORG"
    doc = app.extractor.nlp.make_doc("KME, Amt 61")
    doc._.cell_role, doc._.references = "who", app.references
    found = [(r.agent.kind, r.agent.label) for r in app.extractor.nlp(doc)._.responsibilities]
    assert found == [(ORG, "KME"), (U, "Amt 61")]
