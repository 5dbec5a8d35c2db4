"""The town a document is from, from its own words, with a table as large as Germany's.

The table here is built the way ``scripts.municipality_table`` builds one from Destatis'
code list (the JSON is written by the test), so the same names that trip a full table —
"Essen", "Weil", two towns called "Münster" — are in it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.references import References
from scripts.municipality_table import ags_of, main, name_of, rows_from_codelist

CODELIST = {
    "metadaten": {"version": "2021-07-31"},
    "spalten": [{"spaltennameTechnisch": "SCHLUESSEL"}, {"spaltennameTechnisch": "Bezeichnung"},
                {"spaltennameTechnisch": "Hinweis"}],
    "daten": [
        ["082120000000", "Karlsruhe, Stadt", None],
        ["051130000000", "Essen, Stadt", None],
        ["034530006006", "Essen (Oldenburg)", None],
        ["091810145145", "Weil", None],
        ["055150000000", "Münster, Stadt", None],
        ["097795725187", "Münster", None],
        ["083110000000", "Freiburg im Breisgau, Stadt", None],
        ["082220000000", "Mannheim, Universitätsstadt", None],
        ["010530083083", "Lauenburg/ Elbe, Stadt", None],
        ["110000000000", "Berlin, Stadt", None],
        ["110000000101", "Mitte", "Bezirk von Berlin"],
        ["084165002025", "Mössingen, Stadt", None],
        ["064380012012", "Rödermark, Stadt", None],
    ],
}


@pytest.fixture(scope="module")
def towns(tmp_path_factory) -> References:
    folder = tmp_path_factory.mktemp("towns")
    source = folder / "rs.json"
    source.write_text(json.dumps(CODELIST), encoding="utf-8")
    assert main([str(source), str(folder / "towns.csv")]) == 0
    return References(municipalities_file=folder / "towns.csv")


def test_codelist_rows() -> None:
    rows = {r["ags"]: r["name"] for r in rows_from_codelist(CODELIST, "test")}
    assert ags_of("084165002025") == "08416025"
    assert name_of("Lauenburg/ Elbe, Stadt") == "Lauenburg/Elbe"
    assert "11000101" not in rows  # a district of Berlin is no town
    # two towns share a name: the kreisfreie Stadt keeps it, the other carries its AGS
    assert rows["05515000"] == "Münster" and rows["09779187"] == "Münster (09779187)"
    assert rows["05113000"] == "Essen" and rows["03453006"] == "Essen (Oldenburg)"


@pytest.mark.parametrize(("texts", "town"), [
    (["3068", "KARLSRUHE MASTERPLAN 2015", "Stadt Karlsruhe Amt für Stadtentwicklung"],
     "Karlsruhe"),
    (["x", "Maßnahmen der Stadt Freiburg im Breisgau"], "Freiburg im Breisgau"),
    (["x", "Monitoringbericht 2023 zur Karlsruher Klimaanpassungsstrategie"], "Karlsruhe"),
    (["x", "MANNHEIM TABLE B-2.2.", "OFFENSIVE FOR ENERGY SAVING IN THE CITY OF MANNHEIM"],
     "Mannheim"),
    (["roedermark-haushaltskonsolidierung-2013", "Haushalt"], "Rödermark"),
    (["x", "o SWM: Stadtwerke Münster GmbH"], "Münster"),
    (["x", "Landeshauptstadt Berlin"], "Berlin"),
    # the town of a marker beats a bare name later in the same line
    (["x", "Gemeinde Weil, Partner: Stadtwerke Karlsruhe"], "Weil"),
])
def test_recognised(towns: References, texts: list[str], town: str) -> None:
    assert towns.recognise_municipality(texts) == town


@pytest.mark.parametrize("texts", [
    ["x", "Essen auf Rädern für Senioren"],     # a common word
    ["x", "Weil die Mittel fehlen"],
    ["x", "Die Förderung müssen wir beantragen"],
    ["x", "Umzug in die Karlsruher Straße 5"],   # any town has one
    ["x", "Sanierung der Halle am Wald"],
    ["x", "Anlage zu TOP 1", "Gliederung"],
])
def test_not_recognised(towns: References, texts: list[str]) -> None:
    assert towns.recognise_municipality(texts) is None


def test_shipped_table_knows_the_large_towns() -> None:
    refs = References()
    assert refs.recognise_municipality(["Dresden", "VEP"]) == "Dresden"
    assert refs.find_municipality("Karlsruhe").ags == "08212000"
    assert refs.find_municipality("Mössingen").ars == "084165002025"


def test_towns_table_file_round_trip(towns: References, tmp_path: Path) -> None:
    assert towns.find_municipality("Münster").ags == "05515000"
    assert towns.find_municipality("Mössingen").ags == "08416025"
