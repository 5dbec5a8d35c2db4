"""Boxed measure sheets: each Maßnahmenblatt a frame of ruled cells that begin with their
label ("Projektträger KLENKO", "Zeitrahmen 2021 – 2030"), as consultants typeset climate
programmes. A real excerpt (Münster, Handlungsprogramm Klimaschutz 2030, see
tests/data/pdf/SOURCES.md) and synthetic frames of the same shape built with reportlab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor.read import read_table
from extractor.read.boxsheets import boxed_fields, split_label
from extractor.read.sheets import label_roles
from extractor.read.tables import RawGrid

DATA = Path(__file__).parent / "data" / "pdf"


def _agents(measure) -> dict[str, str]:
    return {r.agent.name: r.role.category if hasattr(r.role, "category") else str(r.role)
            for r in measure.responsibilities}


def test_a_label_ends_where_its_value_begins():
    assert split_label("Gesamtkosten Insgesamt: 266.000 €", label_roles) == (
        "Gesamtkosten", "Insgesamt: 266.000 €")
    # a year after the label is the value, not a second label word
    assert split_label("Zeitrahmen 2022 – 2030", label_roles) == ("Zeitrahmen", "2022 – 2030")
    assert split_label("Verantwortliche Stelle Amt 61", label_roles) == (
        "Verantwortliche Stelle", "Amt 61")
    assert split_label("Finanzielle Auswirkungen 2.400.000 Euro/Jahr", label_roles) == (
        "Finanzielle Auswirkungen", "2.400.000 Euro/Jahr")
    assert split_label("Projektträger KLENKO", label_roles) == ("Projektträger", "KLENKO")
    assert split_label("Klimaneutrales Gewerbegebiet", label_roles) is None
    assert split_label("Themenspezifische Kampagnen", label_roles) is None


def test_a_header_row_over_its_columns_is_no_frame():
    header = ["Maßnahme", "Zuständigkeit", "Zeitraum", "Kosten"]
    grid = RawGrid([header, ["Radweg", "Amt 66", "2024", "10.000 €"],
                    ["Carsharing", "Stadtwerke", "2025", "5.000 €"]], [1, 2, 3])
    assert boxed_fields(grid, label_roles) is None


def test_a_frame_gives_its_fields_and_heading():
    grid = RawGrid([
        ["", "Handlungsfeld", "Radwege sicherer machen", "MO1"],
        ["", "Mobilität", "Radwege sicherer machen", "MO1"],
        ["Projektbeschreibung Markierung an Kreuzungen", "", "", ""],
        ["Projektträger Tiefbauamt", "Akteure ADFC, Polizei", "Zeitrahmen 2024 – 2026", ""],
    ], [1, 2, 3, 4])
    pairs, heading = boxed_fields(grid, label_roles)
    assert heading == "MO1 Radwege sicherer machen"
    fields = dict(pairs)
    assert fields["Handlungsfeld"] == "Mobilität"
    assert fields["Projektträger"] == "Tiefbauamt"
    assert fields["Zeitrahmen"] == "2024 – 2026"


def test_real_boxed_sheets_are_one_measure_each(rule_based_extractor):
    path = DATA / "muenster-handlungsprogramm-2030-p60-63.pdf"
    assert read_table(path).layout == "sheets"
    record = rule_based_extractor.extract(path)
    assert [m.title for m in record.measures] == [
        "Klimaneutrales Gewerbegebiet", "Klimaschutz in bestehenden Gewerbegebieten"]
    first, second = record.measures
    assert first.area == "Arbeiten und Wirtschaft"
    assert {"KLENKO", "Stadtplanungsamt", "Stadtwerke Münster"} <= set(_agents(first))
    # the second sheet's Projektträger box is on the page after its head
    assert "KLENKO" in _agents(second)
    assert (first.timeframe.start, first.timeframe.end) == (dt.date(2022, 1, 1),
                                                            dt.date(2030, 12, 31))
    assert sorted(b.value for b in first.budgets) == [12000, 30000, 224000, 266000]
    assert sorted(b.value for b in second.budgets) == [100000, 351000, 400000, 851000]


def build_boxed_pdf(directory: Path) -> Path:
    """Two frames of labelled cells, the second broken over a page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    body = getSampleStyleSheet()["BodyText"]

    def cell(*lines: str) -> Paragraph:
        return Paragraph("<br/>".join(lines), body)

    def frame(number: str, title: str, rows: list[list]) -> PdfTable:
        head = [cell("Handlungsfeld", "Mobilität"), cell(title), "", cell(number)]
        data = [head, *rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("SPAN", (1, 0), (2, 0))]
        for r, row in enumerate(rows, start=1):
            if row[1:] == ["", "", ""]:
                style.append(("SPAN", (0, r), (-1, r)))
        return PdfTable(data, colWidths=[4.5 * cm] * 4, style=style)

    first = frame("MO1", "Radwege sicherer machen", [
        [cell("Projektbeschreibung", "Markierungen an allen Kreuzungen."), "", "", ""],
        [cell("Projektträger", "Tiefbauamt"), cell("Akteure", "ADFC, Polizei"),
         cell("Zeitrahmen", "2024 – 2026"), cell("Gesamtkosten", "Insgesamt: 80.000 €")],
    ])
    second_head = frame("MO2", "Carsharing in den Quartieren", [
        [cell("Projektbeschreibung", "Stationen an Haltestellen."), "", "", ""],
    ])
    second_rest = PdfTable([
        [cell("Projektträger", "Stadtwerke"), cell("Akteure", "Vereine, Schulen"),
         cell("Zeitrahmen", "2025 – 2027"), cell("Gesamtkosten", "Insgesamt: 40.000 €")],
    ], colWidths=[4.5 * cm] * 4, style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    path = directory / "boxed.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, title="Klimaschutzprogramm 2030")
    doc.build([Paragraph("Klimaschutzprogramm 2030", body), Spacer(1, cm), first,
               PageBreak(), second_head, PageBreak(), second_rest])
    return path


def test_synthetic_boxed_sheets_over_pages(rule_based_extractor, tmp_path):
    path = build_boxed_pdf(tmp_path)
    assert read_table(path).layout == "sheets"
    record = rule_based_extractor.extract(path)
    assert [m.title for m in record.measures] == ["Radwege sicherer machen",
                                                  "Carsharing in den Quartieren"]
    first, second = record.measures
    assert set(_agents(first)) == {"Tiefbauamt", "ADFC", "Polizei"}
    assert set(_agents(second)) == {"Stadtwerke", "Vereine", "Schulen"}
    assert (second.timeframe.start, second.timeframe.end) == (dt.date(2025, 1, 1),
                                                              dt.date(2027, 12, 31))
    assert [b.value for b in first.budgets] == [80000]
    assert first.area == second.area == "Mobilität"
