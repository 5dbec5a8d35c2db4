"""The layouts of text: PDF text layers of measure sheets, labels learned from recurring
line starts, sheet lines as OCR gives them, justified prose and page feet in word-position
tables, Markdown markup (the row and table layouts are in test_layouts.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.columns import roles_of
from extractor.read import read_table
from extractor.rows import plan_rows

# ------------------------------------------------------------------ real text layers


REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


@pytest.mark.skipif(not (REAL / "karlsruhe-klimaanpassung-monitoring-2023").is_dir(),
                    reason="real corpus not present")
def test_text_layer_of_measure_sheets_reads_every_sheet(rule_based_extractor):
    """A council PDF's text layer: 'Ü-1 Title' headings, colon-less labels, sections."""
    folder = REAL / "karlsruhe-klimaanpassung-monitoring-2023"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    record = rule_based_extractor.extract(folder / gold["document"])
    got = {m.row.number: m for m in record.measures}
    for expected in gold["measures"]:
        assert got[expected["id"]].title == expected["title"]


def test_colon_less_labels_are_learned_from_recurring_line_starts(tmp_path):
    from extractor.read.sheets import sheets_from_lines

    lines = ["Monitoringbericht 2024", "6.1 Übergreifendes"]
    rows = [("Umweltamt", "gestartet", "Läuft gut"), ("Forstamt", "abgeschlossen", "Wurde beendet"),
            ("Gartenbauamt", "als Daueraufgabe etabliert", "Ist etabliert")]
    for n, (who, state, text) in enumerate(rows, 1):
        lines += [f"Ü-{n}Maßnahme Nummer {n}", "Verantwortliche", "Stelle", who,
                  f"MaßnahmentypProjekt {n}", f"Umsetzungsstand{state}",
                  f"Aktueller Stand{text} über zwei", "Zeilen."]
    sheets = sheets_from_lines([(line, None) for line in lines])
    assert [s.heading for s in sheets] == [f"Ü-{n} Maßnahme Nummer {n}" for n in (1, 2, 3)]
    fields = dict(sheets[2].fields)
    assert fields["Verantwortliche Stelle"] == "Gartenbauamt"
    assert fields["Umsetzungsstand"] == "als Daueraufgabe etabliert"
    assert fields["Bereich"] == "Übergreifendes"
    assert fields["Aktueller Stand"] == "Ist etabliert über zwei<br>Zeilen."


def test_sheet_lines_as_ocr_gives_them_labels_amounts_and_prose_sections():
    """Maßnahmenblätter read off an image (Münster 2020): labels of four words with
    signs between them, a label stem shared by two labels, an amount opening a line, a
    numbered section over prose, and related measures that are not the measure."""
    from extractor.read.sheets import sheets_from_lines

    lines = ["7.2 Maßnahmenkatalog", "7.2.1 Übergreifende Maßnahmen",
             "Übergreifende Maßnahmen sprechen keinen besonderen Sektor an."]
    for n in (1, 2, 3):
        lines += [f"Ü {n} Maßnahme Nummer {n}", "Kurzbeschreibung", f"Text {n}.",
                  "Mögliche nächste Handlungsschritte", f"Schritt {n}",
                  f"Zeitraum: ab 201{n}",
                  f"Aufwand / Jährliche Anschubkosten (€): {n}0.000 (Konzept im 1. Jahr),",
                  "25.000 Umsetzung (Folgejahre)",
                  "Möglicher Akteur / Initiator: Stadt", "Weitere Akteure: Stadtwerke",
                  "Ergänzende Maßnahmen: Klimaschutzfonds, Ausbau Klenko"]
    sheets = sheets_from_lines([(line, None) for line in lines])
    assert [s.heading for s in sheets] == [f"Ü {n} Maßnahme Nummer {n}" for n in (1, 2, 3)]
    fields = {label: plain_text for label, plain_text in sheets[1].fields}
    assert fields["Möglicher Akteur / Initiator"] == "Stadt"
    assert "25.000 Umsetzung" in fields["Aufwand / Jährliche Anschubkosten (€)"]
    assert fields["Bereich"] == "Übergreifende Maßnahmen"
    assert roles_of("Ergänzende Maßnahmen") == ["ignore"]
    assert "measure" in roles_of("Maßnahmen")


def test_a_justified_prose_line_is_no_column_header():
    from extractor.read.pdf_words import Line, is_header

    def line(texts: list[str]) -> Line:
        words, x = [], 50.0
        for text in texts:  # words spread wide, as justified text sets them
            words.append({"text": text, "x0": x, "x1": x + 6 * len(text), "top": 100.0,
                          "bottom": 110.0})
            x += 6 * len(text) + 25
        return Line(100.0, 110.0, words)

    assert not is_header(line(["Ergänzende", "Maßnahmen:", "Initiierung,", "Koordination",
                               "(und", "teilweise", "Umsetzung)", "aller"]))
    assert is_header(line(["Nr.", "Maßnahme", "Zuständigkeit", "Umsetzung"]))


def test_a_foot_line_with_the_page_number_is_no_row():
    from extractor.read.pdf_words import Line, _without_footer

    def line(top: float, texts: list[str]) -> Line:
        words, x = [], 50.0
        for text in texts:
            words.append({"text": text, "x0": x, "x1": x + 5 * len(text), "top": top,
                          "bottom": top + 7})
            x += 5 * len(text) + 40
        return Line(top, top + 7, words)

    body = [line(100 + 9 * n, [f"Maßnahme {n}", "1.000"]) for n in range(5)]
    foot = line(body[-1].bottom + 12, ["13.Februar 2013", "Alexander Sturm", "33"])
    assert _without_footer([*body, foot]) == body
    # A last row at the table's own spacing stays.
    last = line(body[-1].bottom + 2, ["Gesamt", "33"])
    assert _without_footer([*body, last]) == [*body, last]


def test_markdown_markup_gives_labels_sections_and_furniture(tmp_path):
    """A converted plan (Mannheim's action plan, NetZeroCities template): bold labels
    whose words would not open a field in plain text, labels of no part that end the
    field above, numbered building blocks as areas, a running foot on every page."""
    parts = ["# FIELD OF ACTION ENERGY", ""]
    for block, name in ((1, "POWER GENERATION"), (2, "SMART GRIDS")):
        parts += [f"|  **BUILDING BLOCK {block}: {name} (7.2.{block})**  |", "| --- |", ""]
        for n in (1, 2):
            parts += [f"**MEASURE {n}: {name} MEASURE {n}**", "",
                      "**Framework conditions**: Some text.", "",
                      "**Time horizon**", "The measure can be started in 2024.", "",
                      "**Monitoring / Indicators**", "By 2030 the PV output in 2035.", "",
                      "**Responsibility**", "• Advice: FB 67, MVV", "",
                      "**Financial expenditure**", "About 5.000 Euro a year.", "",
                      "**Good practice examples**", "Around 3200 systems in 2022.", "",
                      "STADT MANNHEIM", "Climate Neutrality Action Plan", "7", ""]
    path = tmp_path / "aktionsplan.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    rows = plan_rows(read_table(path)).rows
    assert [(r.number, r.measure.text, r.area.text) for r in rows] == [
        ("1", "POWER GENERATION MEASURE 1", "POWER GENERATION"),
        ("2", "POWER GENERATION MEASURE 2", "POWER GENERATION"),
        ("1", "SMART GRIDS MEASURE 1", "SMART GRIDS"),
        ("2", "SMART GRIDS MEASURE 2", "SMART GRIDS")]
    first = rows[0]
    assert [c.text for c in first.timeframe] == ["The measure can be started in 2024."]
    assert [c.text for c in first.who] == ["• Advice: FB 67, MVV"]
    # The good-practice text after the costs is not the measure's money.
    assert [c.text for c in first.resources] == ["About 5.000 Euro a year."]
