"""Linearised tables of the social and administrative family: a Jahresbericht's
"Maßnahme | Stand | Kurzbeschreibung", a council's decision list of a budget package, and an
office's consolidation list whose rows end on their amounts.

Real excerpts (sources in tests/data/linearised/SOURCES.md) and texts written here in the
same shapes, so that the readers are seen to work from shapes, not from one document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor import ExtractOptions, Extractor
from extractor.read.cellshapes import status_opening
from extractor.status_terms import status_term

from .text_files import copier, table_rows, write_text

DATA = Path(__file__).parent / "data" / "linearised"
_copy = copier(DATA)


def _rows(path: Path) -> list[dict[str, str]]:
    return table_rows(path, "linearised table")



def test_a_status_term_opens_a_line_only_before_a_capitalised_sentence():
    assert status_opening("laufend Das Programm 2009 beinhaltete 21 Tageskurse") == (
        "laufend", "Das Programm 2009 beinhaltete 21 Tageskurse")
    assert status_opening("laufend jes-Projekte fördern das Engagement")[0] == "laufend"
    assert status_opening("mehrheitlich zugestimmt (vorbehaltlich der Verhandlungen mit")[0] \
        == "mehrheitlich zugestimmt"
    assert status_opening("laufend und offen gestaltet") is None
    assert status_opening("Lesepaten") is None
    assert status_term("mehrheitlich abgelehnt") == "Rejected"
    assert status_term("jährlich") == "InProgress"


# --- Maßnahme | Stand | Kurzbeschreibung -------------------------------------------------

def test_real_jahresbericht_rows_end_their_title_where_the_stand_begins(tmp_path):
    rows = _rows(_copy(tmp_path, "aktivbuero-2009-stand-rows.txt"))
    by_number = {r["Nr."]: r for r in rows}
    assert list(by_number) == ["1.1", "1.2", "1.3", "2", "4", "5.1", "5.2", "5.3"]
    assert by_number["1.1"]["Maßnahme"] == "Fortbildungsprogramm für Ehrenamtliche"
    assert by_number["1.2"]["Maßnahme"] == "Bürgermentorinnen und -mentoren"
    assert by_number["4"]["Maßnahme"] == "jes-Projekt (Jugend engagiert sich)"
    assert {r["Stand"] for r in rows} == {"laufend", "abgeschlossen", "jährlich"}
    assert by_number["1.3"]["Kurzbeschreibung"].startswith("In 23 Schulen")
    # the heading row above 1.1 is their area, not a measure
    assert {by_number[n]["Bereich"] for n in ("1.1", "1.2", "1.3")} == {
        "Qualifizierungsmaßnahmen"}
    assert by_number["5.2"]["Bereich"] == "Anerkennungsmaßnahmen"
    assert by_number["2"]["Bereich"] == ""


def test_written_stand_table_of_the_same_shape(tmp_path):
    text = "\n".join([
        "Bericht 2024", "", "Maßnahme Stand Kurzbeschreibung",
        "1. Beratung", "1.1.", "Sprechstunde im", "Rathaus",
        "laufend Jeden Dienstag von 10 bis 12 Uhr.",
        "1.2.", "Infoabende", "abgeschlossen Vier Abende mit 80 Gästen.",
        "2.     Broschüre in", "Leichter Sprache",
        "geplant Druck im Herbst.",
        "3.     Lotsenprojekt", "", "laufend Zwölf Lotsinnen und Lotsen.", "",
        "24. Mai 2024"])
    path = write_text(tmp_path, "bericht.txt", text)
    rows = _rows(path)
    assert [(r["Nr."], r["Maßnahme"], r["Stand"]) for r in rows] == [
        ("1.1", "Sprechstunde im Rathaus", "laufend"),
        ("1.2", "Infoabende", "abgeschlossen"),
        ("2", "Broschüre in Leichter Sprache", "geplant"),
        ("3", "Lotsenprojekt", "laufend")]
    assert rows[0]["Bereich"] == "Beratung" and rows[2]["Bereich"] == ""
    record = _extract(path)
    assert [m.status.category for m in record.measures] == [
        "InProgress", "Completed", "Planned", "InProgress"]


# --- decision lists ----------------------------------------------------------------------

def test_real_decision_list_rows_run_from_the_code_to_the_vote(tmp_path):
    rows = _rows(_copy(tmp_path, "hspka-2016-decision-rows.txt"))
    codes = [r["Nr."] for r in rows]
    assert codes[:3] == ["M4_HA", "M7_HA", "M10_HA"]
    assert "M5_OVGrö" in codes and "M10_StaDu" in codes
    assert rows[0]["Maßnahme"].startswith("Änderungsantrag CDU/SPD/GRÜNE/KULT/FDP: Den")
    vote = next(h for h in rows[0] if h.startswith("Abstimmungsergebnis"))
    assert vote == "Abstimmungsergebnis Stand 12.04.2016"
    assert {r[vote] for r in rows} == {"mehrheitlich zugestimmt", "mehrheitlich abgelehnt"}
    m8 = next(r for r in rows if r["Nr."] == "M8_OVGrö")
    assert m8["Maßnahme"].endswith("Belegung des Seniorenraums in der Begegnungsstätte")
    m4 = rows[0]
    assert [m4["Kosten 2017"], m4["Kosten 2018"], m4["Kosten 2017-2022"]] == [
        "51.250", "0", "161.665"]
    # the page's footer and the header repeated after the vote belong to no row
    assert not any("Seite" in r["Maßnahme"] or "Abstimmungsergebnis" in r["Maßnahme"]
                   for r in rows)
    assert not any(r["Maßnahme"].startswith(("Aufwands", "Ertrags")) and len(
        r["Maßnahme"]) < 20 for r in rows)


def test_written_decision_list_of_the_same_shape(tmp_path):
    rows = []
    for n, (office, title, vote) in enumerate([
            ("BA", "Gebühren der Bibliothek anheben", "einstimmig zugestimmt"),
            ("BA", "Öffnungszeiten am Samstag kürzen", "mehrheitlich abgelehnt"),
            ("SpA", "Zuschuss an den Sportkreis e. V. senken", "mehrheitlich zugestimmt"),
            ("SpA", "Hallenmiete für Vereine erhöhen", "mehrheitlich zugestimmt"),
            ("KuA", "Jahresempfang alle zwei Jahre", "mehrheitlich zugestimmt")], start=1):
        rows += [f"M{n}_{office}", "2", title, "Ertrags-", "steigerung",
                 f"{n}.000", f"{n}.500", f"{n * 6}.000", vote]
    text = "\n".join(["Haushaltspaket 2026 - Entscheidung Gemeinderat", "2026", "2027",
                      "gesamt", *rows, "Seite", "1", "von", "1", "03.03.2026"])
    path = write_text(tmp_path, "paket.txt", text)
    got = _rows(path)
    assert [r["Nr."] for r in got] == ["M1_BA", "M2_BA", "M3_SpA", "M4_SpA", "M5_KuA"]
    assert got[2]["Maßnahme"] == "Zuschuss an den Sportkreis e. V. senken"
    record = _extract(path)
    assert [m.status.category for m in record.measures] == [
        "Planned", "Rejected", "Planned", "Planned", "Planned"]
    assert sorted(b.value for b in record.measures[0].budgets) == [1000, 1500, 6000]


# --- rows that end on their amounts ------------------------------------------------------

def test_real_consolidation_list_rows_end_on_their_amounts(tmp_path):
    rows = _rows(_copy(tmp_path, "hauptamt-haushaltssicherung-amount-rows.txt"))
    assert len(rows) == 13  # twelve under 2.1, one under 2.2, none of the prose
    assert [r["Zuständig"] for r in rows] == (
        ["Dezernate"] * 2 + ["Hauptamt"] * 9 + ["Gesamtpersonalrat", "Hauptamt"])
    assert rows[6]["Maßnahme"] == "Reduzierung der Standards im Repräsentationsbereich"
    assert rows[0]["Maßnahme"].startswith("Reduzierungen der Standards (Bewirtung,")
    assert rows[0]["Maßnahme"].endswith("im Bereich der Dezernate")
    assert rows[-1]["Maßnahme"] == "Reduzierung der Zuschüsse an die Fraktionen des Gemeinderates"
    assert rows[0]["Bereich"] == "Zuständigkeit Verwaltung"
    assert rows[-1]["Bereich"] == "Zuständigkeit Ausschuss / Gemeinderat"
    assert rows[0]["Kosten 2024"] == "75.000 €" and rows[0]["Kosten"] == "75.000 €"


def test_written_consolidation_list_with_rows_on_one_line(tmp_path):
    text = "\n".join([
        "Sachstand Haushaltssicherung Kulturamt", "", "1. Maßnahmen", "",
        "Dienststelle", "Maßnahme", "Betrag 2025",
        "Kulturamt", "Eintrittspreise der Museen", "erhöhen", "12.000 €",
        "Kulturamt Kürzung der Projektmittel 8.500 €",
        "Stadtarchiv", "Lesesaal an einem Tag", "schließen", "4.000 €",
        "Gesamt: 24.500 €", "",
        "Maßnahme: Eintrittspreise der Museen erhöhen",
        "Die Preise steigen um einen Euro; das bringt 12.000 € im Jahr.", ""])
    path = write_text(tmp_path, "kultur.txt", text)
    rows = _rows(path)
    assert [(r["Zuständig"], r["Maßnahme"]) for r in rows] == [
        ("Kulturamt", "Eintrittspreise der Museen erhöhen"),
        ("Kulturamt", "Kürzung der Projektmittel"),
        ("Stadtarchiv", "Lesesaal an einem Tag schließen")]
    record = _extract(path)
    assert [b.value for b in record.measures[1].budgets] == [8500]
    assert record.measures[2].responsibilities[0].agent.name == "Stadtarchiv"


def _extract(path: Path):

    return Extractor().extract(path, ExtractOptions(status_date=dt.date(2026, 4, 1)))
