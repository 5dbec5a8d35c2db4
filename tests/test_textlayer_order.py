"""Text layers whose parts come in another order than printed: sheets whose header and
text boxes come apart, page headings glued to the running header, a status table after
the sheets. Real excerpts (tests/data/textlayer/SOURCES.md) and files of the same shape
written here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor import ExtractOptions
from extractor.read import read_table
from extractor.read.textclean import clean_lines
from extractor.read.textgroups import page_groups
from extractor.read.textorder import parties_line
from extractor.rows import plan_rows

from .text_files import copier, write_text

DATA = Path(__file__).parent / "data" / "textlayer"
CITY = "karlsruhe-aktionsplan-city-2019-p4-10.txt"
MONITORING = "karlsruhe-klimaanpassung-2025-steckbriefe-und-tabelle.txt"

_copy = copier(DATA)
_write = write_text


# --- two sheets a page, text boxes last-in first-out ---------------------------------

def _sheet_page(heading: str, first: tuple[str, str, str], second: tuple[str, str, str],
                page: int) -> list[str]:
    """A page of two sheets as the text layer gives it: both header boxes, then the
    second sheet's text box, then the first's."""
    lines = [f"{heading}Programm Innenstadt Stand: 03.2022"]
    for title, time, parties in (first, second):
        lines += [title, f"Basis: Ratsbeschluss 2020 [{page}.{len(lines)}]", time, parties]
    for title, _, _ in (second, first):
        lines += ["Auftrag:", f"- Auftrag zu {title}.", "Bisherige Aktivitäten:",
                  f"- Erste Schritte zu {title}.", "Offene Aufgaben:", "---", "Nordstadt"]
    return [*lines, str(page), ""]


_DONE = [("Radweg Nordstadt", "Beginn: 01.2021Ende: 12.2021[Maßnahme abgeschlossen]",
          "TBA, StPlA"), ("Bürgerbus", "Beginn: 05.2021Ende: ---[Maßnahme abgeschlossen]", "OA")]
_RUNNING = [("Neue Parkordnung", "Beginn: 2022Ende: 06.2023", "OA, GBA, Stadtwerke"),
            ("Marktplatz beleben", "Beginn: 03.2022Ende: ---", "Wifö, KME, Einzelhändler")]


def _reversed_sheets() -> str:
    """Three pages of finished sheets and three in progress, two a page."""
    pages: list[str] = []
    for n in range(3):
        done = [(f"{t} {n + 1}" if n else t, time, who) for t, time, who in _DONE]
        pages += _sheet_page("Erledigte Maßnahmen", done[0], done[1], 4 + n)
    for n in range(3):
        running = [(f"{t} {n + 1}" if n else t, time, who) for t, time, who in _RUNNING]
        pages += _sheet_page("Laufende Projekte", running[0], running[1], 7 + n)
    return "\n".join(["Programm Innenstadt", "Stand: März 2022", "", *pages])


def test_sheets_with_their_text_boxes_read_apart_are_put_back_together(tmp_path, extractor):
    path = _write(tmp_path, "programm.txt", _reversed_sheets())
    rows = plan_rows(read_table(path)).rows
    assert [r.measure.text for r in rows][:3] == ["Radweg Nordstadt", "Bürgerbus",
                                                  "Radweg Nordstadt 2"]
    assert len(rows) == 12
    assert [c.text for c in rows[0].who] == ["TBA, StPlA"]  # the unlabelled parties' line
    assert rows[0].status.text == "[Maßnahme abgeschlossen]"
    record = extractor.extract(path, ExtractOptions())
    first, second = record.measures[:2]
    assert (first.timeframe.start, first.timeframe.end) == (dt.date(2021, 1, 1),
                                                          dt.date(2021, 12, 31))
    assert (second.timeframe.start, second.timeframe.end) == (dt.date(2021, 5, 1), None)
    assert first.status.category == "Completed"
    # "Laufende Projekte" over the page is the sheets' status, not their area.
    third = record.measures[6]
    assert third.status.category == "InProgress" and third.status_text == "Laufende Projekte"
    assert third.area == "(ohne Bereich)"
    assert {r.agent.name for r in third.responsibilities} == {"OA", "GBA", "Stadtwerke"}
    assert record.status_date == dt.date(2022, 3, 31)


def test_text_boxes_are_paired_with_the_sheet_above_in_reverse(tmp_path):
    table = read_table(_write(tmp_path, "programm.txt", _reversed_sheets()))
    header = [c.text for c in table.rows[0]]
    task = header.index("Auftrag")
    by_title = {r[0].text: r[task].text for r in table.rows[1:]}
    assert by_title["Radweg Nordstadt"] == "- Auftrag zu Radweg Nordstadt."
    assert by_title["Bürgerbus"] == "- Auftrag zu Bürgerbus."
    assert by_title["Marktplatz beleben 3"] == "- Auftrag zu Marktplatz beleben 3."


def test_real_sheets_of_the_karlsruhe_city_action_plan(tmp_path, extractor):
    path = _copy(tmp_path, CITY)
    record = extractor.extract(path, ExtractOptions())
    titles = [m.title for m in record.measures]
    assert titles[:3] == ["Gründung Immoteam", "Gründung eines Teams Innenstadt",
                          'Einrichtung City-Reinigungsteam ("SOKO Schmierfink")']
    assert len(titles) == 13 and "Gesamte City" not in titles
    first = record.measures[0]
    assert [r.agent.name for r in first.responsibilities][:3] == ["AfSta", "BOA", "KFG"]
    assert (first.timeframe.start, first.timeframe.end) == (dt.date(2019, 6, 1), None)
    assert first.status.category == "Completed"
    assert first.status_text == "[Maßnahme abgeschlossen]"
    # Its text box is the second of the page.
    table = read_table(path)
    task = [c.text for c in table.rows[0]].index("Auftrag")
    assert table.rows[1][task].text.startswith("- Konstituierung eines Teams")
    in_work = record.measures[9]
    assert in_work.title == "Erarbeitung und Einführung der Werbeanlagensatzung"
    assert in_work.status.category == "InProgress"
    assert in_work.status_text == "Maßnahmen in Bearbeitung"
    assert record.status_date == dt.date(2019, 12, 31)
    # "Kosten < 10.000 Euro" goes on the sentence above it: no budget field.
    assert not any(m.budgets for m in record.measures)


def test_labelled_fields_repeated_with_changing_values_are_not_page_furniture():
    lines = []
    for n in range(1, 5):
        lines += [f"Maßnahme {n}", f"Basis: Gutachten 2019 [3.{n}]", f"Beginn: 0{n}.2019", str(n)]
    texts = [ln.text for ln in clean_lines("\n".join(lines)) if ln.text]
    assert texts.count("Basis: Gutachten 2019 [3.2]") == 1
    assert sum(t.startswith("Beginn:") for t in texts) == 4


def test_page_headings_glued_to_the_running_header():
    text = _reversed_sheets()
    assert [h for _, h in page_groups(text)] == ["Erledigte Maßnahmen"] * 3 + [
        "Laufende Projekte"] * 3
    assert page_groups("\n".join(["Bericht 2023 | 4", "A", "Bericht 2023 | 5", "B"])) == []


def test_parties_lines():
    assert parties_line("AfSta, BOA, KFG, KME, Dez 1, Denkmalschutzbehörde")
    assert parties_line("KME, KTG, SAM, CIK, ggf. weitere Partner wie bspw. Kultur- und "
                        "Wissenschaftsbetriebe")
    assert parties_line("OA/KOD")
    assert not parties_line("Die Stadt plant, den Platz zu beleben.")
    assert not parties_line("Gründung eines Teams Innenstadt")


# --- a status table after the sheets -----------------------------------------------------

def test_real_status_table_after_the_sheets_dates_the_report(tmp_path, extractor):
    path = _copy(tmp_path, MONITORING)
    record = extractor.extract(path, ExtractOptions())
    # The page header still says "Monitoringbericht 2023"; the table's last year wins.
    assert record.status_date == dt.date(2025, 12, 31)
    assert record.status_date_source == "header"
    by_number = {m.row.number: m for m in record.measures}
    assert list(by_number) == ["Ü-1", "Ü-2", "Ü-3", "Ü-5", "Ü-6", "Ü-4"]
    earlier = by_number["Ü-1"].earlier_statuses
    assert [(s.date, s.text) for s in earlier] == [
        (dt.date(2023, 12, 31), "als Daueraufgabe etabliert")]
    assert by_number["Ü-5"].status_text == "fortgeschritten"
    gone = by_number["Ü-4"]  # no sheet any more: a measure of the table alone
    assert gone.title == "Durchführung einer Kooperationsbörse Klimawandel"
    assert gone.status.category == "Completed"
    assert gone.status_date == dt.date(2023, 12, 31)
    assert gone.area == "Übergreifendes"
    assert "Übergreifendes" not in [m.title for m in record.measures]


def test_status_table_cells_glued_or_broken_over_lines(tmp_path, extractor):
    sheets = []
    for n, (title, state) in enumerate([("Gründächer fördern", "gestartet"),
                                        ("Bäume pflanzen", "abgeschlossen"),
                                        ("Brunnen bauen", "gestartet")], start=1):
        sheets += [f"KL-{n}{title}", "Verantwortliche Stelle Gartenbauamt",
                   f"Umsetzungsstand{state}", f"Aktueller StandText zu {title}.", ""]
    table = ["Tabelle zum Umsetzungsstand", "Maßnahme20212023", "Klima",
             "KL-1 Gründächer fördernabgeschlossengestartet",
             "KL-2 Bäume", "pflanzen", "gestartet", "abgeschlossen",
             "KL-4 Zisternen prüfen", "abgeschlossen, kein weiteres ", "Monitoring"]
    path = _write(tmp_path, "bericht.txt", "\n".join([*sheets, *table]))
    record = extractor.extract(path, ExtractOptions())
    by_number = {m.row.number: m for m in record.measures}
    assert set(by_number) == {"KL-1", "KL-2", "KL-3", "KL-4"}
    assert record.status_date == dt.date(2023, 12, 31)
    assert [(s.date, s.text) for s in by_number["KL-1"].earlier_statuses] == [
        (dt.date(2021, 12, 31), "abgeschlossen")]
    assert [s.text for s in by_number["KL-2"].earlier_statuses] == ["gestartet"]
    assert by_number["KL-4"].title == "Zisternen prüfen"
    assert by_number["KL-4"].status_text == "abgeschlossen, kein weiteres Monitoring"


# --- brochure sheets whose title the text layer sets into a value ------------------------

MASTERPLAN = "karlsruhe-masterplan-2015-sachstand-2009-science-center.txt"


def test_real_titles_set_into_values_of_brochure_sheets(tmp_path):
    rows = plan_rows(read_table(_copy(tmp_path, MASTERPLAN))).rows
    titles = [r.measure.text for r in rows]
    # "– – –" / "Science Center" / "–" in WEITERE INFORMATIONEN; "Innovationspreis" closes
    # its page; neither a photo caption nor the running header is a title.
    assert titles == ["InnovationsForum und Zukunftswerkstatt Karlsruhe", "Science Center",
                      "Innovationspreis"]
    assert rows[1].who[0].text == "Kulturamt"  # "PROJEKTLEITUNG" / "Kulturamt": no label


def test_a_title_inside_a_word_broken_over_lines(tmp_path):
    sheets = []
    for n, (title, lead) in enumerate([("Sommerfest", "Kulturamt"), ("Lesenacht", "Bibliothek"),
                                       ("Stadtlauf", "Sportamt")]):
        sheets += ["ZIEL", f"Ein Ziel für Nummer {n}.", "PROJEKTLEITUNG", lead,
                   "BETEILIGTE", "Schulen, Vereine", "VERANSTALTUNGEN",
                   "Auftakt mit den Ju-", title, "gendlichen der Stadt 2009",
                   "AKTUELLER STAND", "Läuft seit 2008.", ""]
    rows = plan_rows(read_table(_write(tmp_path, "broschuere.txt", "\n".join(sheets)))).rows
    assert [r.measure.text for r in rows] == ["Sommerfest", "Lesenacht", "Stadtlauf"]
    assert [r.who[0].text for r in rows] == ["Kulturamt", "Bibliothek", "Sportamt"]


# --- a linearised work programme -------------------------------------------------------

PROGRAM = "karlsruhe-eea-arbeitsprogramm-2009-2010-p1.txt"


def test_real_linearised_work_programme(tmp_path, extractor):
    path = _copy(tmp_path, PROGRAM)
    table = read_table(path)
    assert table.layout == "linearised table"
    record = extractor.extract(path, ExtractOptions())
    assert record.status_date == dt.date(2009, 8, 10)  # "Stand: 10.08.2009Ziff. …"
    titles = [m.title for m in record.measures]
    assert titles[0].startswith("Fertigstellung des Karlsruher Klimaschutzkonzeptes mit")
    assert len(titles) == 8  # the ninth row's time cell is past the excerpt
    numbers = [m.row.number for m in record.measures]
    assert numbers[:4] == [None, "M 1", "M 1", "M 2"]  # the code printed before its row
    glued = record.measures[2]  # "Ab 2010 UA": the lead glued to the time cell
    assert glued.timeframe.start == dt.date(2010, 1, 1) and glued.timeframe.end is None
    assert "UA" in {r.agent.name for r in glued.responsibilities}
    energy = record.measures[6]  # "20092010"
    assert (energy.timeframe.start, energy.timeframe.end) == (dt.date(2009, 1, 1),
                                                            dt.date(2010, 12, 31))
    assert {r.agent.name for r in record.measures[4].responsibilities} == {"HGW", "POA"}


def test_linearised_work_programme_of_the_same_shape(tmp_path):
    lines = ["Arbeitsprogramm 2021", "Nr.", "Katalog", "Maßnahme", "Zeitraum", "Federführung",
             "Weitere Beteiligte", "Bemerkungen"]
    for n, (title, when, lead, partners) in enumerate([
            ("Radwege ausbauen", "2021", "TBA", "StPlA, Polizei"),
            ("Bäume pflanzen", "Ab 2022 GBA", None, None),
            ("Schulen sanieren", "20212023", "HGW", "Schulamt")], start=1):
        # Catalogue numbers in the catalogue's order, not the rows'.
        lines += [f"K {n}", f"{6 - 2 * n % 5}.{n}.1 Verkehr,", "Mobilität", title, when]
        lines += [lead] if lead else []
        lines += [partners] if partners else []
        lines += ["Förderantrag ist gestellt und wird geprüft."]
    rows = plan_rows(read_table(_write(tmp_path, "programm.txt", "\n".join(lines)))).rows
    assert [r.measure.text for r in rows] == ["Radwege ausbauen", "Bäume pflanzen",
                                              "Schulen sanieren"]
    assert [r.number for r in rows] == ["K 1", "K 2", "K 3"]
    assert [c.text for c in rows[0].who] == ["TBA; StPlA, Polizei"]
    assert [c.text for c in rows[1].who] == ["GBA"]
    assert rows[2].timeframe[0].text == "2021–2023"


def test_yearly_paragraphs_of_a_sheet_are_dated_statuses(tmp_path, extractor):
    # As in the Masterplan's "AKTUELLER STAND": "2008" / text / "2009" / text.
    sheets = ["Sachstandsbericht", "Stand: Dezember 2009", ""]
    for page, title in enumerate(("Sommerfest", "Lesenacht", "Stadtlauf"), start=4):
        sheets += ["ZIEL", f"Ein {title} für alle.", "PROJEKTLEITUNG", "Kulturamt",
                   "BETEILIGTE", "Schulen, Vereine", "AKTUELLER STAND", "2008",
                   "Die Planung hat begonnen.", "2009",
                   "Das Fest hat stattgefunden und wird jährlich wiederholt.", "AUSBLICK",
                   f"Der {title} kommt wieder.", title, str(page), ""]
    record = extractor.extract(_write(tmp_path, "sachstand.txt", "\n".join(sheets)))
    first = record.measures[0]
    assert [(s.date, s.text) for s in first.earlier_statuses] == [
        (dt.date(2008, 12, 31), "Die Planung hat begonnen.")]
    assert first.status_date == dt.date(2009, 12, 31)
    assert first.status_text.startswith("Das Fest hat stattgefunden")
    # A lone year line repeated through the sheets is no page furniture.
    assert sum(ln.text == "2008" for ln in clean_lines("\n".join(sheets))) == 3


def test_front_matter_with_a_label_is_no_sheet(tmp_path):
    # An Impressum's "Projektleitung:" above sheets that open with "ZIEL".
    lines = ["Sachstandsbericht", "Impressum", "Projektleitung:", "Doris Beispiel",
             "Stand:", "Februar 2008", "", "Vorwort in einem Satz.", ""]
    for page, (title, lead) in enumerate([("Sommerfest", "Kulturamt"),
                                          ("Lesenacht", "Bibliothek"),
                                          ("Stadtlauf", "Sportamt")], start=4):
        lines += ["ZIEL", f"Ein {title} für alle.", "PROJEKTLEITUNG", lead, "BETEILIGTE",
                  "Schulen, Vereine", title, "AKTUELLER STAND", f"Der {title} läuft.",
                  str(page), ""]
    rows = plan_rows(read_table(_write(tmp_path, "bericht.txt", "\n".join(lines)))).rows
    assert [r.measure.text for r in rows] == ["Sommerfest", "Lesenacht", "Stadtlauf"]
    assert [r.who[0].text for r in rows] == ["Kulturamt", "Bibliothek", "Sportamt"]
