"""Text layers of PDFs (.txt) and Markdown conversions (.md): real excerpts (sources in
tests/data/textlayer/SOURCES.md) and files written here that isolate one shape each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor import ExtractOptions, PlanReadError
from extractor.read import read_table
from extractor.read.limits import ReadLimits
from extractor.read.textclean import clean_lines
from extractor.read.textfields import LabelFinder
from extractor.read.textlayer import is_delimited
from extractor.rows import plan_rows

from .text_files import copier, write_text

DATA = Path(__file__).parent / "data" / "textlayer"

_copy = copier(DATA)
_write = write_text


# --- cleaning the text layer ---------------------------------------------------------

def test_page_furniture_and_chart_axes_are_removed_lines_keep_their_numbers():
    text = "\n".join([
        "12 | Bericht 2023", "A-1 Erste Maßnahme", "Zuständig: Amt 1", "0", "10", "20",
        "Sachstand: läuft", "", "Seite 13 von 40",
        "13 | Bericht 2023", "A-2 Zweite Maßnahme", "Zuständig: Amt 2",
        "14 | Bericht 2023", "Status: Die Umsetzung des Klimawan-", "dels ist Nah-",
        "und Fernwärme",
    ])
    lines = [ln for ln in clean_lines(text) if ln.text]
    texts = [ln.text for ln in lines]
    assert not any("Bericht 2023" in t or t.isdigit() or t.startswith("Seite") for t in texts)
    assert "Status: Die Umsetzung des Klimawandels ist Nah-" in texts  # joined, "Nah-" kept
    assert "und Fernwärme" in texts
    assert lines[0].text == "A-1 Erste Maßnahme" and lines[0].number == 2
    assert next(ln for ln in lines if ln.text.startswith("Sachstand")).number == 7
    assert lines[0].page == 1 and lines[-1].page == 2  # counted from "Seite 13 von 40"


def test_a_label_repeated_on_every_page_is_content_not_a_running_header():
    pages = []
    for n in range(1, 5):
        pages += [f"Maßnahme {n}", "ZIEL", f"Ziel Nummer {n}", str(n)]
    texts = [ln.text for ln in clean_lines("\n".join(pages)) if ln.text]
    assert texts.count("ZIEL") == 4


# --- labels glued to their values ------------------------------------------------------

def test_labels_are_split_where_the_document_shows_them_to_end():
    lines = [
        "Umsetzungsstandals Daueraufgabe etabliert", "Umsetzungsstandgestartet",
        "Umsetzungsstandfortgeschritten", "MaßnahmentypDaueraufgabe", "MaßnahmentypProjekt",
        "Verantwortliche Stelle Gartenbauamt", "Verantwortliche Stelle Umwelt- und Arbeitsschutz",
        "Verantwortliche Stelle Stadtplanungsamt", "Aktueller StandBeim Amt läuft es",
        "Standortentwicklung und Vermarktung", "Stand: Juni 2021",
        "Das Projekt wird fortgeführt", "Das Projekt endet",
    ]
    finder = LabelFinder(lines)
    assert finder.split(lines[0]) == ("Umsetzungsstand", "als Daueraufgabe etabliert")
    assert finder.split(lines[1]) == ("Umsetzungsstand", "gestartet")
    assert finder.split(lines[3]) == ("Maßnahmentyp", "Daueraufgabe")
    assert finder.split(lines[5]) == ("Verantwortliche Stelle", "Gartenbauamt")
    assert finder.split(lines[8]) == ("Aktueller Stand", "Beim Amt läuft es")
    assert finder.split(lines[10]) == ("Stand", "Juni 2021")
    assert finder.split(lines[9]) is None  # a word of its own, not "Stand" + value
    assert finder.split(lines[11]) is None  # prose opening with a vocabulary word


def test_a_short_label_recurring_whole_is_the_label_whatever_its_case():
    lines = ["Time horizon", "The measure can be started immediately.",
             "Financial expenditure", "Personnel capacities are needed.",
             "Umsetzungsstand gestartet", "Umsetzungsstand fortgeschritten"] * 3
    finder = LabelFinder(lines)
    assert finder.split("Time horizon") == ("Time horizon", "")
    assert finder.split("Financial expenditure") == ("Financial expenditure", "")
    # a label whose value varies stays label + value
    assert finder.split("Umsetzungsstand gestartet") == ("Umsetzungsstand", "gestartet")
    assert finder.split("The measure can be started immediately.") is None


def test_markdown_sheets_with_bold_labels_in_paragraphs(tmp_path):
    sheet = ["## MEASURE {n}: {title}", "", "**Time horizon**", "{when}", "",
             "**Contribution to climate neutrality**", "The CO2 savings in 2030 are high.", "",
             "**Responsibility**", "FB 67, MVV", "", "**Financial expenditure**",
             "A low three-digit million sum.", ""]
    text = []
    for n, (title, when) in enumerate([("PV OFFENSIVE", "Implementation by 2030."),
                                       ("HYDROGEN", "Can be started immediately."),
                                       ("GEOTHERMAL", "To be initiated promptly.")], 1):
        text += [line.format(n=n, title=title, when=when) for line in sheet]
    rows = plan_rows(read_table(_write(tmp_path, "sheets.md", "\n".join(text)))).rows
    assert [r.measure.text for r in rows] == ["PV OFFENSIVE", "HYDROGEN", "GEOTHERMAL"]
    # the time field ends where the next (ignored) field begins
    assert [r.timeframe[0].text for r in rows] == [
        "Implementation by 2030.", "Can be started immediately.", "To be initiated promptly."]
    assert rows[0].resources[0].text == "A low three-digit million sum."


def test_small_capitals_read_as_lower_case_c_still_name_the_label():
    lines = ["AUSBLIcK", "Weiter so.", "AUSBLIcK", "AKTUELLER STAND", "läuft"]
    assert LabelFinder(lines).split("AUSBLIcK") == ("AUSBLICK", "")


# --- sniffing: delimited or text layer -------------------------------------------------

def test_sniffing_keeps_delimited_tables_and_sends_text_layers_on():
    csv_text = "Maßnahme;Zuständig;Status\nA;Amt 1;läuft\nB;Amt 2;offen\nC;Amt 3;fertig\n"
    prose = ("Die Stadt hat, wie im Vorjahr, viel erreicht.\nEs gab Treffen; sie liefen gut.\n"
             "Ü-1 Eine Maßnahme\nVerantwortliche Stelle Amt\n")
    assert is_delimited(csv_text)
    assert not is_delimited(prose)


def test_a_delimited_txt_still_reads_as_a_table(tmp_path):
    path = _write(tmp_path, "plan.txt", "Maßnahme\tZuständig\tStatus\nA\tAmt 1\tläuft\n"
                                        "B\tAmt 2\toffen\n")
    table = read_table(path)
    assert [c.text for c in table.rows[0]] == ["Maßnahme", "Zuständig", "Status"]
    assert table.layout == "table"


# --- real excerpts -----------------------------------------------------------------------

def test_glued_sheets_of_a_real_text_layer(tmp_path, extractor):
    path = _copy(tmp_path, "karlsruhe-klimaanpassung-2025-p20-22.txt")
    table = read_table(path)
    assert table.layout == "sheets"
    rows = plan_rows(table).rows
    assert [r.number for r in rows] == ["Ü-1", "Ü-2", "Ü-3"]
    assert rows[0].measure.text == ("Stärkere Berücksichtigung des Klimawandels in der "
                                    "Öffentlichkeitsarbeit")
    assert rows[0].area.text == "Übergreifendes"
    assert rows[0].who[0].text == "Umwelt- und Arbeitsschutz"  # "Verantwortliche / Stelle"
    assert rows[1].status.text == "Als Daueraufgabe etabliert"
    assert rows[1].source.row == 37  # the line of "Ü-2…" in the file
    record = extractor.extract(path, ExtractOptions(status_date=dt.date(2025, 12, 31)))
    assert [m.title for m in record.measures][:2] == [
        "Stärkere Berücksichtigung des Klimawandels in der Öffentlichkeitsarbeit",
        "Weitere Beteiligung an Förderprojekten/Forschungsprogrammen"]
    names = {r.agent.name for r in record.measures[1].responsibilities}
    assert "Gartenbauamt" in names and "Stadtplanungsamt" in names


def test_area_lines_and_page_headers_between_real_sheets(tmp_path):
    path = _copy(tmp_path, "karlsruhe-klimaanpassung-2023-p40.txt")
    rows = plan_rows(read_table(path)).rows
    assert [r.number for r in rows] == ["GE-1", "GE-2", "GE-3"]
    assert {r.area.text for r in rows} == {"Gesundheit"}
    assert rows[1].who[0].text == "Umwelt- und Arbeitsschutz, Seniorenbüro"
    assert rows[1].status.text == "fortgeschritten"
    assert all("Klimaanpassungsstrategie" not in c.text for r in read_table(path).rows for c in r)


def test_markdown_measure_headings_units_and_year_tables(tmp_path, extractor):
    path = _copy(tmp_path, "muenchen-finanzierung-6.1.md")
    rows = plan_rows(read_table(path)).rows
    assert [r.number for r in rows] == ["01", "02", "03", "04"]
    assert rows[0].measure.text == "Förderprogramm Engergieeinsparung (FES) 2022"
    assert rows[0].who[0].text == "Referat für Klima- und Umweltschutz"
    assert rows[0].area.text == "Wärme, Kälte, Strom"
    record = extractor.extract(path, ExtractOptions())
    fems = {round(b.value) for b in record.measures[0].budgets}
    assert {5_725_000, 15_805_000, 38_330_000, 68_020_000, 131_150_000} <= fems
    assert 259_030_000 not in {round(b.value) for b in record.measures[0].budgets
                               if b.year}  # "Gesamtkosten" column is no year
    quarter = {round(b.value) for b in record.measures[2].budgets}
    assert {5_059_800, 88_950} <= quarter


# --- Markdown plan tables and errors -----------------------------------------------------

def test_a_markdown_pipe_table_naming_the_measure_is_the_plan(tmp_path):
    path = _write(tmp_path, "plan.md", "\n".join([
        "# Klimaschutzkonzept", "", "Stand: März 2024", "",
        "| Nr. | Maßnahme | Zuständig | Status |", "| --- | --- | --- | --- |",
        "| A1 | Energieberatung | Amt 61 | läuft |", "| A2 | Solardächer | Stadtwerke | offen |",
    ]))
    table = read_table(path)
    result = plan_rows(table)
    assert [r.measure.text for r in result.rows] == ["Energieberatung", "Solardächer"]
    assert result.rows[1].source.row == 8
    assert result.status_date == dt.date(2024, 3, 31)


def test_text_without_sheets_is_a_clear_error(tmp_path):
    path = _write(tmp_path, "brief.txt", "Sehr geehrte Damen und Herren,\nvielen Dank.\n")
    with pytest.raises(PlanReadError, match="brief.txt: no table and no measure sheets"):
        read_table(path)
    md = _write(tmp_path, "notes.md", "# Notizen\n\nNichts zu tun.\n")
    with pytest.raises(PlanReadError, match="notes.md: no plan table"):
        read_table(md)


def test_text_layers_obey_the_row_limit(tmp_path):
    lines = []
    for n in range(1, 40):
        lines += [f"Ü-{n} Maßnahme {n}", "Verantwortliche Stelle Amt", "Umsetzungsstand offen"]
    path = _write(tmp_path, "lang.txt", "\n".join(lines))
    with pytest.raises(PlanReadError, match="more than 50"):
        read_table(path, ReadLimits(max_rows=50))
    assert len(read_table(path).rows) == 40  # header and 39 sheets


def test_markdown_boxes_of_one_column_are_text_and_measure_words_open_sheets(tmp_path):
    path = _write(tmp_path, "box.md", "\n".join([
        "| MEASURE 1: PV OFFENSIVE |", "| --- |", "| Responsibility: FB 25, Stadtwerke |",
        "| Zeitraum: 2023 - 2025 |", "",
        "Maßnahme 2: Wärmeplanung", "", "Zuständig: Amt 61", "", "Zeitraum: ab 2024", "",
    ]))
    rows = plan_rows(read_table(path)).rows
    assert [(r.number, r.measure.text) for r in rows] == [("1", "PV OFFENSIVE"),
                                                          ("2", "Wärmeplanung")]
    assert rows[0].who[0].text == "FB 25, Stadtwerke"
    assert rows[1].timeframe[0].text == "ab 2024"


def test_thousands_are_no_measure_numbers():
    from extractor.read.textclean import HEADING

    assert HEADING.match("3.2 Energieberatung ausbauen").group("id") == "3.2"
    assert HEADING.match("GE-8Konzeption eines Hitzeaktionsplans").group("id") == "GE-8"
    assert HEADING.match("32.823 € 32.823 €") is None
    assert HEADING.match("1.219 Euro im Jahr") is None
