"""Every format gives the same graph content as the same table in delimited text."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from extractor import PlanReadError, build_dataset
from extractor.extract import ExtractOptions
from extractor.model import SourceRef, Table
from extractor.read.cells import make_cell
from extractor.rows import find_header, plan_rows

from . import fixtures_docs as fx

BUILDERS = {
    "html": fx.build_html, "docx": fx.build_docx, "xlsx": fx.build_xlsx, "pdf": fx.build_pdf,
    "ods": fx.build_ods, "odt": fx.build_odt,
}


def signature(record) -> list[tuple]:
    """What analysts see of each measure, independent of how the format carried bold."""
    rows = []
    for m in record.measures:
        rows.append((
            m.area, m.row.measure.text,
            frozenset((r.agent.kind, r.agent.name) for r in m.responsibilities),
            (m.timeframe.start, m.timeframe.end) if m.timeframe else None,
            m.status.category,
        ))
    return rows


@pytest.fixture(scope="module")
def baseline(rule_based_extractor, tmp_path_factory):
    path = fx.build_csv(tmp_path_factory.mktemp("csv"))
    return rule_based_extractor.extract(path)


def test_baseline_reads_the_plan(baseline):
    assert baseline.status_date == dt.date(2022, 12, 31)
    assert len(baseline.measures) == 4
    cats = [m.status.category for m in baseline.measures]
    assert cats == ["Delayed", "Completed", "Planned", "Cancelled"]
    actors = signature(baseline)[0][2]
    assert ("unit", "Stabsstelle Integration") in actors and ("organization", "VHS") in actors


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_format_gives_same_graph_content(fmt, baseline, rule_based_extractor, tmp_path):
    try:
        path = BUILDERS[fmt](tmp_path)
    except ImportError as exc:  # an optional library is missing
        pytest.skip(f"{fmt}: {exc}")
    record = rule_based_extractor.extract(path)
    assert record.status_date == baseline.status_date
    assert signature(record) == signature(baseline)
    ds = build_dataset(record)
    assert len(ds) > 50


def _table(*rows: list[str], preamble: list[str] | None = None) -> Table:
    cells = [[make_cell(text, SourceRef("t.csv", r + 1, c)) for c, text in enumerate(row)]
             for r, row in enumerate(rows)]
    return Table("t.csv", cells, preamble=preamble or [])


@pytest.mark.parametrize("header, expected", [
    ("Sachstand 31.12.2022", dt.date(2022, 12, 31)),
    ("Status (Stand: 15.06.2023)", dt.date(2023, 6, 15)),
    ("Sachstand März 2024", dt.date(2024, 3, 31)),
    ("Umsetzungsstand 1. Halbjahr 2023", dt.date(2023, 6, 30)),
])
def test_status_date_in_header(header, expected):
    table = _table(["Nr.", "Maßnahme", "Federführung", "Umsetzung bis", header],
                   ["1", "Sprachcafé", "Stabsstelle Integration", "2024", "läuft"])
    result = plan_rows(table)
    assert result.status_date == expected
    assert result.header.columns("number") == [0]
    assert result.header.columns("who") == [2]
    assert result.header.columns("timeframe") == [3]


def test_status_date_from_stand_line_above_table_or_option():
    rows = (["Handlungsfeld", "Maßnahme", "Kooperationspartner", "Zeitplan", "Sachstand"],
            ["Sprache", "Sprachcafé", "Caritas", "2024", "läuft"])
    assert plan_rows(_table(*rows, preamble=["Stand: 30.09.2023"])).status_date == dt.date(
        2023, 9, 30)
    assert plan_rows(_table(*rows)).status_date is None
    assert plan_rows(_table(*rows), dt.date(2020, 1, 1)).status_date == dt.date(2020, 1, 1)


def test_no_plan_table_lists_the_headers_found():
    table = _table(["Name", "Adresse", "Telefon"], ["Rathaus", "Markt 1", "123"])
    with pytest.raises(PlanReadError) as err:
        find_header(table)
    message = str(err.value)
    assert "t.csv" in message and "no plan table" in message and "Adresse" in message


def test_missing_status_date_is_a_warning_and_an_option_fixes_it(rule_based_extractor, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Bereich;Ziel;Maßnahme;Wer?;Status\nA;Z;M;Stabsstelle Integration;läuft\n",
                    encoding="utf-8")
    os.utime(path, (dt.datetime(2022, 5, 4, 12).timestamp(),) * 2)
    record = rule_based_extractor.extract(path)
    # The file's modification time is no date of the report: the status is kept, undated.
    assert record.status_date is None and record.status_date_source is None
    assert any("no status date" in w and "undated" in w for w in record.warnings)
    assert record.measures[0].status.category == "InProgress"
    record = rule_based_extractor.extract(path, ExtractOptions(status_date=dt.date(2023, 1, 31)))
    assert record.status_date == dt.date(2023, 1, 31)
