"""The layouts towns publish: unruled PDFs over pages, measure sheets, section rows, printed
measure numbers, several dated statuses, multi-line semicolon CSV, a user's column mapping,
status dates from the title or file name, placeholders. Fixtures are built by the real
libraries (see fixtures_layouts.py)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, RDF, Literal, URIRef

from extractor import ExtractOptions, PlanReadError, build_dataset, validate
from extractor.columns import load_mapping, roles_of
from extractor.graph.build import DEFAULT_BASE
from extractor.read import read_table
from extractor.read.delimited import sniff_delimiter
from extractor.read.pdf_words import join_lines
from extractor.rows import plan_rows
from ontology import PK
from plankg.app import Plankg
from plankg.cli import main
from plankg.config import Config

from . import fixtures_layouts as F

BASE = DEFAULT_BASE


def _conforms(ds) -> None:
    report = validate(ds)
    assert report.conforms, report.text


def _titles(record) -> list[str]:
    return [m.title for m in record.measures]


# ------------------------------------------------------------------ unruled PDF


def test_unruled_pdf_over_two_pages_is_one_table(rule_based_extractor, tmp_path):
    path = F.build_unruled_pdf(tmp_path)
    table = read_table(path)
    assert table.layout == "unruled table"
    record = rule_based_extractor.extract(path)
    # Page 1 is the shorter page; its rows are read too, the repeated header is not a row.
    assert _titles(record) == F.UNRULED_TITLES
    first = record.measures[0]
    # Section rows are the areas below them, named without their enumerator.
    assert first.row.number == "A1.1" and first.area == "Wärme und Strom"
    assert record.measures[2].area == "Mobilität" and record.measures[2].row.number == "B1"
    assert record.measures[2].row.source.page == 2
    # The wrapped, hyphenated title is one cell again.
    assert record.measures[1].title.startswith("Energieberatung für private Haushalte im")
    assert [c.text for c in record.measures[1].row.who] == ["Verbraucherzentrale"]
    assert record.measures[1].status.category == "Completed"
    assert record.status_date == dt.date(2021, 12, 31)
    _conforms(build_dataset(record))


def test_hyphenated_line_ends_are_joined_but_not_before_und():
    assert join_lines(["Klima-", "schutzkonzept"]) == ["Klimaschutzkonzept"]
    assert join_lines(["Wärme-", "und Kälteplanung"]) == ["Wärme- und Kälteplanung"]
    assert join_lines(["Stadt", "Münster"]) == ["Stadt Münster"]


# ------------------------------------------------------------------ measure sheets


@pytest.mark.parametrize("build", [F.build_sheets_html, F.build_sheets_docx,
                                   F.build_sheets_odt, F.build_sheets_pdf])
def test_measure_sheets_are_one_measure_each(rule_based_extractor, tmp_path, build):
    path = build(tmp_path)
    assert read_table(path).layout == "sheets"
    record = rule_based_extractor.extract(path)
    assert _titles(record) == F.SHEET_TITLES
    assert [m.row.number for m in record.measures] == F.SHEET_NUMBERS
    assert [m.area for m in record.measures] == ["Übergreifend", "Wärme und Strom",
                                                 "Wärme und Strom"]
    # The last field of the sheet broken over a page still belongs to it.
    assert record.measures[2].status_text == "verschoben"
    assert record.measures[2].status.category == "OnHold"
    # "noch nicht festgelegt" and "k. A." are empty cells, not resources.
    assert not record.measures[1].row.resources and not record.measures[2].row.resources
    assert record.status_date == dt.date(2018, 12, 31)


def test_dated_paragraphs_of_a_sheet_are_observations_of_their_own(rule_based_extractor,
                                                                    tmp_path):
    record = rule_based_extractor.extract(F.build_sheets_html(tmp_path))
    m = record.measures[1]
    assert m.status.category == "Completed" and m.status_date == dt.date(2018, 12, 31)
    assert [(o.date, o.assessment.category) for o in m.earlier_statuses] == [
        (dt.date(2016, 12, 31), "Planned")]
    ds = build_dataset(record)
    _conforms(ds)
    g = next(x for x in ds.graphs() if len(x))
    measure = next(s for s, _, o in g.triples((None, PK.title, None))
                   if str(o) == "Solardachkataster" and (s, RDF.type, PK.Measure) in g)
    dates = sorted(str(g.value(obs, PK.asOf)) for obs in g.objects(measure, PK.hasStatus))
    assert dates == ["2016-12-31", "2018-12-31"]
    assert (measure, DCTERMS.identifier, Literal("A1.1")) in g


# ------------------------------------------------------------------ rows


def _write_csv(path, rows, delimiter=";"):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_section_rows_are_areas_and_numbers_are_kept(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "katalog.csv", [
        ["Nr.", "Maßnahme", "Federführende Stelle", "Geplanter Zeitpunkt der Umsetzung",
         "Kosten soweit bezifferbar", "Aktueller Bearbeitungsstand"],
        ["Handlungsfeld 3: Bildung", "", "", "", "", ""],
        ["", "III.2 Lernwerkstatt Klima", "Schulamt", "2024", "5.000 €", "läuft"],
        ["", "III.3 Schulgarten", "n. n.", "---", "–", "noch nicht festgelegt"],
        ["6.1 Übergreifendes", "6.1 Übergreifendes", "6.1 Übergreifendes",
         "6.1 Übergreifendes", "6.1 Übergreifendes", "6.1 Übergreifendes"],
        ["Ü-1", "Klimaschutzmanagement", "Amt für Umwelt", "2020", "", "abgeschlossen"],
    ])
    record = rule_based_extractor.extract(path, ExtractOptions(status_date=dt.date(2024, 6, 30)))
    assert _titles(record) == ["Lernwerkstatt Klima", "Schulgarten", "Klimaschutzmanagement"]
    assert [m.row.number for m in record.measures] == ["III.2", "III.3", "Ü-1"]
    assert [m.area for m in record.measures] == ["Handlungsfeld 3: Bildung"] * 2 + [
        "Übergreifendes"]
    placeholder = record.measures[1]
    assert not placeholder.responsibilities and placeholder.timeframe is None
    assert placeholder.status.category == "Unknown"
    assert record.measures[0].timeframe.end == dt.date(2024, 12, 31)


def test_header_synonyms_and_open_data_keys():
    assert roles_of("Verantwortliche Stelle") == ["who"]
    assert roles_of("Aktueller Stand") == ["status"]
    assert roles_of("Geplanter Zeitpunkt der Umsetzung") == ["timeframe"]
    assert roles_of("Maßnahmen-Nr.") == ["number"]
    assert roles_of("Endenergieeinsparung") == []
    assert roles_of("start_date") == ["timeframe"] and roles_of("owner") == ["who"]
    table_rows = [["id", "title", "description", "status", "owner", "start_date"],
                  ["7", "Bürgerbus", "Ein Bus für die Ortsteile", "ongoing", "Stadtwerke",
                   "2023-01-01"]]
    from extractor.model import Cell, SourceRef, Table

    table = Table("export.csv", [[Cell(t, t, SourceRef("export.csv", r + 1, c))
                                  for c, t in enumerate(row)] for r, row in enumerate(table_rows)])
    row = plan_rows(table).rows[0]
    assert row.measure.text == "Bürgerbus" and row.number == "7"
    assert row.description.text == "Ein Bus für die Ortsteile"
    assert [c.text for c in row.who] == ["Stadtwerke"]


def test_several_status_columns_give_dated_observations(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "bericht.csv", [
        ["Maßnahme", "Zuständig", "Stand 2015/16", "Stand 2017/18"],
        ["Solarkataster", "Stadtwerke", "in Planung", "abgeschlossen"],
        ["Wärmenetz", "Stadtwerke", "läuft", ""],
    ])
    record = rule_based_extractor.extract(path)
    assert record.status_date == dt.date(2018, 12, 31) and record.status_date_source == "header"
    solar, heat = record.measures
    assert solar.status.category == "Completed" and solar.status_date == dt.date(2018, 12, 31)
    assert [(o.date, o.assessment.category) for o in solar.earlier_statuses] == [
        (dt.date(2016, 12, 31), "Planned")]
    # Only the older column is filled: that is the measure's latest status, with its date.
    assert heat.status.category == "InProgress" and heat.status_date == dt.date(2016, 12, 31)
    _conforms(build_dataset(record))


# ------------------------------------------------------------------ delimited text


def test_semicolon_csv_with_multiline_quoted_cells(rule_based_extractor, tmp_path):
    rows = [["Nr", "Maßnahme", "Beschreibung", "Wer", "Status 30.06.2021"]]
    for i in range(1, 14):
        rows.append([str(i), f"Maßnahme {i}, mit Komma",
                     "Erste Zeile, mit Kommas, vielen\nzweite Zeile; mit Semikolon\ndritte, a, b",
                     "Amt für Umwelt, Stadtwerke", "läuft, gut"])
    path = _write_csv(tmp_path / "plan.csv", rows)
    assert sniff_delimiter(path.read_text(encoding="utf-8")) == ";"
    record = rule_based_extractor.extract(path)
    assert len(record.measures) == 13
    assert record.measures[0].description.startswith("Erste Zeile")


# ------------------------------------------------------------------ column mapping


UNKNOWN = [["Vorhaben-Kurzname", "Bearbeitung", "Umsetzungsphase"],
           ["Bürgerbus", "Stadtwerke", "läuft"]]


def test_unrecognised_table_names_headers_and_prints_a_mapping(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "liste.csv", [["Kurzname", "Bearbeitung", "Phase"],
                                               ["Bürgerbus", "Stadtwerke", "läuft"]])
    with pytest.raises(PlanReadError) as info:
        rule_based_extractor.extract(path)
    message = str(info.value)
    assert "'Kurzname | Bearbeitung | Phase'" in message
    assert '[columns]' in message and '"Kurzname" = "ignore"' in message


def test_mapping_file_gives_columns_their_roles(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "liste.csv", [["Kurzname", "Bearbeitung", "Phase"],
                                               ["Bürgerbus", "Stadtwerke", "läuft"]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Kurzname" = "measure"\n"Bearbeitung" = "who"\n'
                       '"Phase" = "status"\n', encoding="utf-8")
    record = rule_based_extractor.extract(
        path, ExtractOptions(mapping=load_mapping(mapping), status_date=dt.date(2024, 1, 31)))
    (m,) = record.measures
    assert m.title == "Bürgerbus" and m.status.category == "InProgress"
    assert [r.agent.label for r in m.responsibilities] == ["Stadtwerke"]
    bad = tmp_path / "bad.toml"
    bad.write_text('"Kurzname" = "titel"\n', encoding="utf-8")
    with pytest.raises(PlanReadError, match="unknown role 'titel'"):
        load_mapping(bad)


def test_cli_extract_takes_a_mapping(tmp_path):
    path = _write_csv(tmp_path / "liste.csv", [["Kurzname", "Bearbeitung", "Phase"],
                                               ["Bürgerbus", "Stadtwerke", "läuft"]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('Kurzname = "measure"\nBearbeitung = "who"\nPhase = "status"\n',
                       encoding="utf-8")
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), "--mapping",
                                       str(mapping), "--status-date", "2024-01-31"])
    assert result.exit_code == 0, result.output
    assert "Bürgerbus" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ status dates


def test_status_date_from_the_title_or_the_file_name(rule_based_extractor, tmp_path):
    rows = [["Maßnahme", "Wer", "Umsetzungsstand"], ["Bürgerbus", "Stadtwerke", "läuft"]]
    titled = _write_csv(tmp_path / "liste.csv", [["Monitoringbericht 2025"], *rows])
    record = rule_based_extractor.extract(titled)
    assert (record.status_date, record.status_date_source) == (dt.date(2025, 12, 31), "title")
    assert any("taken from the title" in w for w in record.warnings)
    ds = build_dataset(record)
    _conforms(ds)
    g = next(x for x in ds.graphs() if len(x))
    assert {str(o) for o in g.objects(None, PK.statusDateSource)} == {"title"}
    named = _write_csv(tmp_path / "klima-sachstand-2019-06-30.csv", rows)
    record = rule_based_extractor.extract(named)
    assert (record.status_date, record.status_date_source) == (dt.date(2019, 6, 30),
                                                               "file-name")
    assert record.measures[0].status.category == "InProgress"


def test_a_plan_title_year_is_not_a_status_date(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "plan.csv", [["Klimaschutzkonzept 2030"],
                                              ["Maßnahme", "Wer", "Zeitraum"],
                                              ["Bürgerbus", "Stadtwerke", "2025"]])
    assert rule_based_extractor.extract(path).status_date is None


def test_a_plan_whose_time_column_names_states_is_dated_by_its_title(rule_based_extractor,
                                                                     tmp_path):
    rows = [["Maßnahme", "Wer", "Zeitliche Einordnung"], ["S-Bahn-Halt", "DB Netz AG",
                                                         "im Bau Fertigstellung 2017"]]
    dated = _write_csv(tmp_path / "vep.csv",
                       [["Maßnahmenliste des VEP-Entwurfes vom 09.09.2013"], *rows])
    record = rule_based_extractor.extract(dated)
    assert record.measures[0].status.category == "InProgress"
    assert (record.status_date, record.status_date_source) == (dt.date(2013, 9, 9), "title")
    tf = record.measures[0].timeframe
    assert (tf.start, tf.end) == (None, dt.date(2017, 12, 31))
    # a plan without states keeps no status date, whatever its title's date
    plain = _write_csv(tmp_path / "plan.csv", [["Maßnahmenliste vom 09.09.2013"],
                                               ["Maßnahme", "Wer", "Zeitraum"],
                                               ["Bürgerbus", "Stadtwerke", "2025"]])
    assert rule_based_extractor.extract(plain).status_date is None


def test_an_opening_column_decides_over_older_prose_and_dates_plans(rule_based_extractor,
                                                                   tmp_path):
    path = _write_csv(tmp_path / "kita.csv", [
        ["Nr.", "Maßnahme", "Sachstand Stand 04/2012", "Geplante Eröffnung"],
        ["1.17", "Betriebs-Kita", "Neue Kita mit 6 Gruppen im Bau.", "eröffnet 06/2012"],
        ["1.18", "Kita Heidesee", "Erweiterung durch bauliche Veränderungen im Bestand.",
         "09/2012"],
        ["1.19", "Kita Hagsfeld", "Erweiterung der Einrichtung ist im Bau.", "10/2012"],
        ["1.20", "Kita Wasserturm", "Erweiterung durch Umnutzung einer Wohnung.", "2011"],
    ])
    record = rule_based_extractor.extract(path)
    assert record.status_date == dt.date(2012, 4, 30)
    got = {m.row.number: m.status.category for m in record.measures}
    # 'eröffnet' in the opening column: done, whatever the Sachstand still says
    assert got == {"1.17": "Completed", "1.18": "Planned", "1.19": "InProgress",
                   "1.20": "Unknown"}  # nothing said, and the date is past: unknown
    tf = {m.row.number: m.timeframe for m in record.measures}
    assert (tf["1.18"].start, tf["1.18"].end) == (dt.date(2012, 9, 1), dt.date(2012, 9, 30))


def test_per_year_and_total_columns_side_by_side(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "kosten.csv", [
        ["Maßnahme", "Zuständig", "Kosten pro Jahr", "Gesamtkosten"],
        ["Bürgerbus", "Stadtwerke", "3.000 €", "15.000 €"],
        ["Solarkataster", "Amt 61", "ca. 2.000 Euro jährlich", "noch nicht bezifferbar"],
        ["Wärmeplan", "Amt 61", "1.091.670", "17,6 Mio. €"]])
    got = {m.title: [(b.value, b.per_year) for b in m.budgets]
           for m in rule_based_extractor.extract(path).measures}
    # the total is its own amount, not the sum of the years; "noch nicht bezifferbar" none
    assert got == {"Bürgerbus": [(3000.0, True), (15000.0, False)],
                   "Solarkataster": [(2000.0, True)],
                   "Wärmeplan": [(1091670.0, True), (17600000.0, False)]}


def test_a_report_period_line_dates_the_report(rule_based_extractor, tmp_path):
    path = _write_csv(tmp_path / "monitoring.csv", [
        ["Betrachtungszeitraum: März 2022 – März 2023"],
        ["Maßnahme", "Wer", "Status"], ["Bürgerbus", "Stadtwerke", "Wird fortgeführt"]])
    record = rule_based_extractor.extract(path)
    assert (record.status_date, record.status_date_source) == (dt.date(2023, 3, 31),
                                                               "stand-line")


# ------------------------------------------------------------------ matching by number


def test_later_report_matches_by_printed_number_first(rule_based_extractor, tmp_path):
    plan = Plankg(Config(store=str(tmp_path / "store"), base_iri=BASE))
    plan.__dict__["extractor"] = rule_based_extractor
    try:
        header = ["Nr.", "Maßnahme", "Federführung", "Status"]
        first = _write_csv(tmp_path / "klima-status-2021-06-30.csv", [
            header, ["A1.1", "Klimaschutzmanager einstellen", "Amt für Umwelt", "geplant"],
            ["A1.2", "Solarkataster", "Stadtwerke", "läuft"]])
        second = _write_csv(tmp_path / "klima-status-2022-06-30.csv", [
            header, ["A1.1", "Klimaschutzmanagement verstetigen", "Amt für Umwelt", "läuft"],
            ["A1.2", "Solarkataster", "Stadtwerke", "abgeschlossen"]])
        options = ExtractOptions(plan_key="klima")
        plan.load(first, options)
        report = plan.load(second, options)
        assert report.matched_identifier == 2 and not report.new_measures
        rows = plan.store.query(
            f"SELECT ?m (COUNT(?o) AS ?n) WHERE {{ GRAPH ?g {{ ?m <{PK.hasStatus}> ?o }} }} "
            "GROUP BY ?m")
        assert sorted(int(r["n"]) for r in rows) == [2, 2]
        method = plan.store.query(
            f"SELECT ?x WHERE {{ GRAPH ?g {{ ?m <{PK.matchMethod}> ?x ; "
            f"<{DCTERMS.identifier}> 'A1.1' }} }}")
        assert {str(r["x"]) for r in method} >= {"identifier"}
    finally:
        plan.close()


def test_identifier_iri_constant():
    assert isinstance(PK.statusDateSource, URIRef)
