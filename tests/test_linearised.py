"""Linearised tables: PDF text layers that print each table cell on lines of its own.

Real excerpts (sources in tests/data/linearised/SOURCES.md) and texts written here in the
same shape, so that the reader is seen to work from shapes, not from one document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor import ExtractOptions
from extractor.language.status import classify_status
from extractor.read import read_table
from extractor.read.cellshapes import (
    ends_address,
    is_count,
    is_totals,
    is_when,
    join_cell,
    leading_organisations,
    unglue,
)
from extractor.read.linearised_rows import raw_lines

from .text_files import copier, write_text

DATA = Path(__file__).parent / "data" / "linearised"

_copy = copier(DATA)
_write = write_text


def _rows(path: Path) -> list[dict[str, str]]:
    table = read_table(path)
    header = [c.text for c in table.rows[0]]
    return [dict(zip(header, (c.text for c in row), strict=True)) for row in table.rows[1:]]


# --- cell shapes -----------------------------------------------------------------------

def test_cell_shapes_tell_when_counts_addresses_and_totals_apart():
    assert all(is_when(t) for t in ("09/2010", "neu:", "11/ 2011", "Herbst 2012", "eröffnet"))
    assert not is_when("Kita durch Investor im Bau.")
    assert all(is_count(t) for t in ("1 KK 10", "0,5 GT/VÖ 4 12", "-1 VÖ -2 -18", "---"))
    assert not is_count("09/2012") and not is_count("2 Gruppen")
    assert ends_address("Kindergarten St. Cyriakus, Gänsbergstraße 3")
    assert ends_address("Zeppelinstr. 56 a") and ends_address("Am Sportpark 5")
    assert not ends_address("Außengruppen der Kindertageseinrichtung Villa Weiherstraße,")
    assert is_totals("16 Gesamt Projekte 2012 realisiert neue Plätze 2012 40,5 317 184")
    assert is_totals("8 Projekte 2012 realisierbar Neue Plätze 2012 7,5 60 30")
    assert not is_totals("1.16 Stupferich")


def test_organisations_at_the_start_of_a_title_cell():
    assert leading_organisations(
        "Kath. Kirchengemeinde, Kindergarten St. Cyriakus, Gänsbergstraße 3") == [
        "Kath. Kirchengemeinde"]
    assert leading_organisations(
        "Evang. Kirche in Karlsruhe, Kirchengemeinde Hagsfeld, An der Tagweide 27") == [
        "Evang. Kirche in Karlsruhe", "Kirchengemeinde Hagsfeld"]
    assert leading_organisations(
        "SKF/St.-Vincentius-Kliniken gAG, Kindertageseinrichtung „Vincento“, Römhildtstraße 3"
    ) == ["SKF", "St.-Vincentius-Kliniken gAG"]
    assert leading_organisations("Kind und Beruf e. V. Sport- und Bewegungs-Kindertages"
                                 "einrichtung in Kooperation mit SSC, Am Sportpark 5") == [
        "Kind und Beruf e. V."]
    assert leading_organisations("KIT „KinderUni-Versum“, Karl-Wilhelm-Straße 1") == ["KIT"]
    assert leading_organisations("Kindertageseinrichtung im „Baden-Carré“, Ritterstraße 11a") == []
    assert leading_organisations("Städt. Kita Edith-Stein, Lessingstraße 16") == []


def test_glued_cells_and_broken_compounds():
    assert unglue("HauptamtReduzierung Portokosten") == ("Hauptamt", "Reduzierung Portokosten")
    assert unglue("Stabsstelle SAMReduzierung Sachkostenbudget") == (
        "Stabsstelle SAM", "Reduzierung Sachkostenbudget")
    assert unglue("Reduzierung Stelle 0,7 VZW") is None
    assert join_cell(["Netzwerk Mensch", "gGmbH, Betriebs-", "Kindertageseinrichtung"]) == (
        "Netzwerk Mensch gGmbH, Betriebs-Kindertageseinrichtung")


def test_page_numbers_bars_and_running_headers_go_cells_stay():
    text = "\n".join(["Kopf", "09/2012", "5", "|", "Seitenkopf", "1 KK 10", "6 | Bericht X",
                      "09/2012", "7", "Bericht X", "1 KK 10", "8", "", "Bericht X", "Ende",
                      "9", "Bericht X", "Bericht X"])
    texts = [ln.text for ln in raw_lines(text) if ln.text]
    assert texts == ["Kopf", "09/2012", "1 KK 10", "09/2012", "1 KK 10", "Ende"]


# --- rows opened by a printed number -------------------------------------------------------

def test_kita_rows_real_excerpt(tmp_path):
    rows = _rows(_copy(tmp_path, "kita-2011-10-p4.txt"))
    assert [r["Nr."] for r in rows] == ["1.16", "1.17", "1.18", "1.19"]
    first, second = rows[0], rows[1]
    assert first["Maßnahme"] == "Kath. Kirchengemeinde, Kindergarten St. Cyriakus, Gänsbergstraße 3"
    assert first["Zuständig"] == "Kath. Kirchengemeinde"
    assert first["Zeitraum"] == "09/2010 neu: 01/2012"
    assert first["Sachstand Stand 10/2011"].startswith("Anpassung Raumprogramm und Erweiterung")
    assert first["Bereich"].startswith("Projekte (zurzeit im Bau/Umbau")
    # the place column ("Oststadt/ Betriebs-Kindertageseinrichtung") is not the title
    assert second["Maßnahme"] == ("Netzwerk Mensch gGmbH, Betriebs-Kindertageseinrichtung "
                                  "BGV-Areal, Durlacher Allee 56")
    assert rows[3]["Zuständig"] == ""  # "Kindertageseinrichtung im „Baden-Carré“" names none


def test_kita_section_page_break_and_totals_real_excerpt(tmp_path):
    rows = _rows(_copy(tmp_path, "kita-2011-10-nachrueckerliste.txt"))
    assert len(rows) == 8  # the totals lines and the repeated header open no row
    assert all(r["Nr."] == "" for r in rows)  # "Art" 1–4 repeats: a category, not an id
    assert {r["Bereich"] for r in rows} == {
        "(1) Nachrückerliste 2012: Projekte Eröffnung bis Ende 2012 geplant"}
    assert rows[5]["Maßnahme"].startswith("Evang. Kirchengemeinde Neureut Süd")  # after the break
    assert rows[5]["Zeitraum"] == "Herbst 2012"
    assert not any("Plätze" in r["Maßnahme"] or "Gruppen" in r["Maßnahme"] for r in rows)


def test_kita_measures_keep_ids_time_frames_and_the_column_date(tmp_path, rule_based_extractor):
    record = rule_based_extractor.extract(_copy(tmp_path, "kita-2011-10-p4.txt"),
                                          ExtractOptions())
    assert [m.row.number for m in record.measures] == ["1.16", "1.17", "1.18", "1.19"]
    first = record.measures[0]
    assert (first.timeframe.start, first.timeframe.end) == (dt.date(2010, 9, 1),
                                                           dt.date(2012, 1, 31))
    assert record.status_date == dt.date(2011, 10, 31)
    assert [r.agent.name for r in first.responsibilities] == ["Kath. Kirchengemeinde"]


def test_a_synthetic_numbered_table_of_the_same_shape(tmp_path):
    header = ["Nr.", "Ort", "Träger/Projekt", "Sachstand", "Stand 03/2024", "Geplanter",
              "Beginn", "Plätze"]
    lines = ["Ausbau der Jugendräume", "", *header,
             "2.1 Nordstadt", "Jugendwerk e. V., Treff am", "Ring, Lindenweg 4",
             "Umbau läuft, Möbel sind be-", "stellt.", "05/2024", "2 JR 12", "",
             "2.2 Süd-", "stadt", "Stadtjugendring, Haus", "Kastanienplatz 9",
             "Planung abgeschlossen.", "Herbst 2024", "1 JR", "", "3", "", *header,
             "2.3 Weststadt", "Jugendhaus West, Am Bach 2", "Bauantrag gestellt.", "01/2025",
             "2 JR", "3 Gesamt 5 JR 24"]
    rows = _rows(_write(tmp_path, "jugend.txt", "\n".join(lines)))
    assert [r["Nr."] for r in rows] == ["2.1", "2.2", "2.3"]
    assert rows[0]["Maßnahme"] == "Jugendwerk e. V., Treff am Ring, Lindenweg 4"
    assert rows[0]["Zuständig"] == "Jugendwerk e. V."
    assert rows[0]["Sachstand Stand 03/2024"] == "Umbau läuft, Möbel sind bestellt."
    # "Süd-" / "stadt" is the place, not the title
    assert rows[1]["Maßnahme"] == "Stadtjugendring, Haus Kastanienplatz 9"
    assert [r["Zeitraum"] for r in rows] == ["05/2024", "Herbst 2024", "01/2025"]
    assert {r["Bereich"] for r in rows} == {"Ausbau der Jugendräume"}


def test_numbered_headings_over_prose_are_no_linearised_table(tmp_path):
    lines = ["Leitprojekt Verantwortlich", "Status", "2.1 Sachstand und Erfolge",
             "Der Bericht zeigt, was erreicht wurde.", "2.2 Ausblick", "Es geht weiter.",
             "2.1 Sachstand und Erfolge", "Noch mehr Text."]
    table = read_table(_write(tmp_path, "prosa.txt", "\n".join(lines)))
    assert table.layout != "linearised table"


# --- rows opened by a recurring line of codes --------------------------------------------------

def test_coded_rows_real_excerpt(tmp_path):
    rows = _rows(_copy(tmp_path, "haushaltssicherung-2023-10-rows.txt"))
    assert [r["Nr."] for r in rows] == [f"HHS_V{n}" for n in (1, 2, 3, 4, 5, 6, 7, 23, 24, 25,
                                                              26, 27, 28, 29, 30)]
    first = rows[0]
    assert first["Zuständig"] == "Dezernate"
    assert first["Maßnahme"].startswith("Reduzierungen Standard (Bewirtung, Fortbildung")
    assert (first["Kosten"], first["Kosten 2024"], first["Kosten 2025"]) == (
        "75.000 €", "75.000 €", "75.000 €")
    wrapped = rows[7]
    assert wrapped["Zuständig"] == "Stabsstelle Verwaltungs- und Managemententwicklung"
    assert wrapped["Maßnahme"] == "Reduzierung Sachkostenbudget VME"
    assert rows[11]["Kosten 2025"] == "- €"
    assert "Diskrepanzen im Meldewesen" in rows[14]["Maßnahme"]


def test_a_synthetic_coded_list(tmp_path):
    lines = ["Konsolidierung Liste A", "2025 2026"]
    for n, (unit, title) in enumerate([("Kulturamt", "Weniger Plakate"),
                                       ("Tiefbauamt", "Straßenreinigung seltener"),
                                       ("Bäderamt", "Kürzere Öffnungszeiten"),
                                       ("Kulturamt", "Eintritt Museum"),
                                       ("Ordnungsamt", "Gebühren anpassen")], start=1):
        lines += [f"B-{n:d}/K7", f"{unit}{title} {n}.000 €", f"{n}.500 € {n}.500 €"]
    rows = _rows(_write(tmp_path, "liste.txt", "\n".join(lines)))
    assert [r["Nr."] for r in rows] == ["B-1", "B-2", "B-3", "B-4", "B-5"]
    assert rows[1]["Zuständig"] == "Tiefbauamt"
    assert rows[1]["Maßnahme"] == "Straßenreinigung seltener"
    assert rows[1]["Kosten 2026"] == "2.500 €"


def test_measure_sheets_with_codes_in_their_headings_stay_sheets(tmp_path):
    lines = []
    for n in range(1, 7):
        lines += [f"Ü-{n} Maßnahme {n}", "Verantwortliche Stelle Amt", "Umsetzungsstand offen"]
    table = read_table(_write(tmp_path, "blaetter.txt", "\n".join(lines)))
    assert table.layout == "sheets"


# --- rows anchored at a person ------------------------------------------------------------

def test_person_rows_real_excerpt_with_a_page_break(tmp_path):
    rows = _rows(_copy(tmp_path, "iq-monitoring-2022-zukunft-innenstadt.txt"))
    assert [r["Maßnahme"] for r in rows] == [
        "Aktionsplan City 2020 – 2026", "Sanierungsgebiet Innenstadt Ost",
        "Öffentlicher Raum und Mobilität der Innenstadt (ÖRMI)", "My City. My Place"]
    assert rows[0]["Zuständig"] == ("Dr. Andrea Hammer (AfSta) / Alexander Zug (Wifö) / "
                                    "Andreas Mangold (Bundesförderung, AfSta)")
    status = rows[1]["Sachstand"]
    assert status.startswith("Wird fortgeführt Förmliche Festlegung")
    assert status.endswith("23.03.2022") and "Monitoring" not in status  # page header out
    assert {r["Bereich"] for r in rows} == {"Zukunft Innenstadt"}


def test_person_rows_with_cells_sharing_a_line_real_excerpt(tmp_path):
    rows = _rows(_copy(tmp_path, "iq-monitoring-2023-moderne-verwaltung.txt"))
    assert [r["Maßnahme"] for r in rows] == [
        "Internetplattform karlsruhe.de – Weiterentwicklung und Modernisierung",
        "Geschäftsprozessmanagement – Schlanke Prozesse mit digitaler Unterstützung",
        "Neukonzeption Verwaltungsflächen"]
    assert rows[2]["Zuständig"] == "Ulrich Marx / Katrin Fritz (HGW)"
    assert rows[2]["Sachstand"].startswith("Wegen wegfallender personeller Kapazitäten")
    assert rows[1]["Sachstand"].startswith("Die Digitalisierung der Stadtverwaltung ist eine "
                                           "Daueraufgabe")


def test_a_synthetic_person_table(tmp_path):
    lines = ["3.1 Grüne Stadt", "Ziele: mehr Bäume", "", "Projekt Projektverantwortliche",
             "Status", "Baumpflanzungen", "im Quartier", "Monika Weber (GBA) Läuft seit 2022",
             "Beschluss im GR 12.03.2022", "Dachbegrünung Thomas Braun / Petra Klein",
             "(UA) Wird fortgesetzt", "Förderprogramm beantragt.", "Stadtgrün – Pflege",
             "und Ausbau",
             "Klaus Richter (GBA) Abgeschlossen", "4. Ausblick", "Viel Text."]
    rows = _rows(_write(tmp_path, "gruen.txt", "\n".join(lines)))
    assert [r["Maßnahme"] for r in rows] == ["Baumpflanzungen im Quartier", "Dachbegrünung",
                                             "Stadtgrün – Pflege und Ausbau"]
    assert rows[1]["Zuständig"] == "Thomas Braun / Petra Klein (UA)"
    assert rows[1]["Sachstand"] == "Wird fortgesetzt Förderprogramm beantragt."
    assert {r["Bereich"] for r in rows} == {"Grüne Stadt"}


# --- what the cells say about the state ------------------------------------------------------

@pytest.mark.parametrize(("text", "category"), [
    ("Erweiterung durch Umnutzung vorhandener Räume. Baugenehmigung ist erteilt.", "Planned"),
    ("Weitere Gruppen der Betriebs-Kindertageseinrichtung gehen in Betrieb.", "Planned"),
    ("Träger wird eingruppige Einrichtung ersatzlos aufgeben.", "Planned"),
    ("Umbau des Eigentümers (GebaKa) fast fertig gestellt.", "InProgress"),
    ("Erweiterung durch Umbau bis Jahresende fertig gestellt.", "InProgress"),
    ("Spatenstich ist erfolgt.", "InProgress"),
    ("Erweiterung bestehender Kindertageseinrichtung in der Umsetzungsphase.", "InProgress"),
    ("Raumergänzung und Erweiterung durch Umbau des Eigentümers ist erfolgt.", "Completed"),
])
def test_status_phrasings_of_project_lists(text, category):
    assert classify_status(text, dt.date(2011, 10, 31)).category == category


def test_an_opening_column_and_a_dated_plan_give_the_state(tmp_path, rule_based_extractor):
    header = ["Nr.", "Ort", "Träger/Projekt", "Sachstand Stand 04/2012", "Geplante",
              "Eröffnung"]
    lines = ["Ausbau", "", *header,
             "3.1 Nordstadt", "Jugendwerk e. V., Lindenweg 4", "Umwandlung vorhandener Gruppen.",
             "eröffnet", "1 KK 10", "",
             "3.2 Weststadt", "Jugendhaus West, Am Bach 2", "Umwandlung vorhandener Gruppen.",
             "09/2012", "2 KK", "",
             "3.3 Oststadt", "Kinderhaus Ost, Ostring 5", "Umwandlung vorhandener Gruppen.",
             "01/2012", "1 KK"]
    record = rule_based_extractor.extract(_write(tmp_path, "kita.txt", "\n".join(lines)),
                                          ExtractOptions())
    assert record.status_date == dt.date(2012, 4, 30)
    # "eröffnet" in the opening column; a plan dated after the report; a date already past
    # says nothing about the state
    assert [m.status.category for m in record.measures] == ["Completed", "Planned", "Unknown"]


# --- a list renumbered between two reports -----------------------------------------------------

def _kita_list(rows: list[tuple[str, str, str]], stand: str) -> str:
    lines = ["Projekte", "", "Nr.", "Ort", "Träger/Projekt", "Sachstand", f"Stand {stand}",
             "Geplante", "Eröffnung"]
    for number, title, street in rows:
        lines += [f"{number} Nordstadt", f"{title},", street, "Im Bau.", "09/2030", "1 KK"]
    return "\n".join(lines)


def test_a_renumbered_list_keeps_each_measure_by_its_title(tmp_path, rule_based_extractor):
    from extractor.graph.build import DEFAULT_BASE
    from plankg.app import Plankg
    from plankg.config import Config

    first = [("1.1", "Kinderhaus Sonne e. V.", "Lindenweg 4"),
             ("1.2", "Jugendwerk Mitte gGmbH", "Am Markt 2"),
             ("1.3", "Kath. Kirchengemeinde St. Paul", "Paulusweg 7"),
             ("1.4", "Elterninitiative Wolke e. V.", "Himmelsgasse 1")]
    later = [("1.1", "Kinderhaus Sonne e. V.", "Lindenweg 4"),  # 1.2 left the list
             ("1.2", "Kath. Kirchengemeinde St. Paul", "Paulusweg 7"),
             ("1.3", "Elterninitiative Wolke e. V.", "Himmelsgasse 1")]
    app = Plankg(Config(store=str(tmp_path / "store"), base_iri=DEFAULT_BASE))
    app.__dict__["extractor"] = rule_based_extractor
    try:
        options = ExtractOptions(plan_key="kita-liste")
        app.load(_write(tmp_path, "a.txt", _kita_list(first, "10/2029")), options)
        report = app.load(_write(tmp_path, "b.txt", _kita_list(later, "04/2030")), options)
    finally:
        app.close()
    # "1.2" now names St. Paul, which was 1.3: matched by its title, not by the number
    assert report.matched_identifier == 1
    assert report.matched_exact + len(report.matched_fuzzy) == 2 and not report.new_measures
    assert len(report.omitted_measures) == 1
