"""The quality report's scoring: what counts as found, matched and right."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from benchmarks import quality, scoring
from extractor.model import (
    Agent,
    Budget,
    Cell,
    MeasureRecord,
    PlanRow,
    Responsibility,
    SourceRef,
    StatusAssessment,
    Timeframe,
)


def _measure(title: str, *, agents=(), timeframe=None, budgets=(), status="Unknown",
             number=None) -> MeasureRecord:
    src = SourceRef("f.tsv", 2)
    row = PlanRow(source=src, measure=Cell(title, title, src), number=number)
    return MeasureRecord(
        row=row, area="A", goal_title=title, goal_description=None, title=title,
        description=None, responsibilities=[Responsibility(a) for a in agents],
        timeframe=timeframe, budgets=list(budgets), status=StatusAssessment(status))


def test_measures_match_by_identifier_first_then_by_title():
    gold = [{"id": "A1.1", "title": "Klimaschutzmanagement einrichten"},
            {"id": None, "title": "Förderprogramm Solardächer"}]
    found = [_measure("Förderprogramm für Solardächer"),
             _measure("Klimaschutzmanagement", number="A1.1"),
             _measure("Etwas ganz anderes")]
    assert scoring.match_measures(gold, found) == {0: 1, 1: 0}


def test_identifiers_that_repeat_do_not_pair_measures():
    gold = [{"id": "1", "title": "PV OFFENSIVE"}, {"id": "1", "title": "HYDROGEN STRATEGY"}]
    found = [_measure("HYDROGEN STRATEGY", number="1"), _measure("PV OFFENSIVE", number="1")]
    assert scoring.match_measures(gold, found) == {0: 1, 1: 0}


def test_agents_ignore_honorifics_and_count_kinds():
    counts = scoring.Counts()
    found = _measure("X", agents=[
        Agent("person", "Kühn", family_name="Kühn", honorific="Herr"),
        Agent("unit", "Amt für Umwelt"), Agent("group", "Vereine")])
    gold = [{"name": "H. Kühn", "kind": "Person"},
            {"name": "Amt für Umwelt", "kind": "Organization"},
            {"name": "Stadtwerke", "kind": "Organization"}]
    scoring.score_agents(gold, found, counts)
    assert (counts.agents_gold, counts.agents_found, counts.agents_matched) == (3, 3, 2)
    assert counts.kinds_right == 1
    r = counts.ratios()
    assert r["agent precision"] == pytest.approx(2 / 3)
    assert r["agent F1"] == pytest.approx(2 / 3)


def test_timeframes_compare_dates_or_vague_timing_and_unspecified_is_none():
    counts = scoring.Counts()
    d = dt.date
    scoring.score_timeframe({"start": "2020-01-01", "end": "2022-12-31"},
                            _measure("X", timeframe=Timeframe("", d(2020, 1, 1),
                                                              d(2022, 12, 31))), counts)
    scoring.score_timeframe({"start": None, "end": None, "timing": "Ongoing"},
                            _measure("X", timeframe=Timeframe("", timing=["Ongoing"])), counts)
    scoring.score_timeframe(None, _measure("X", timeframe=Timeframe("", timing=["Unspecified"])),
                            counts)
    scoring.score_timeframe(None, _measure("X", timeframe=Timeframe("", d(2020, 1, 1))), counts)
    assert (counts.timeframes, counts.timeframes_exact) == (3, 2)


def test_status_takes_the_latest_gold_entry_and_budgets_compare_values():
    counts = scoring.Counts()
    gold = [{"category": "Planned", "date": "2019-12-31"},
            {"category": "Completed", "date": "2021-06-30"}]
    scoring.score_status(gold, _measure("X", status="Completed"), counts)
    scoring.score_status(gold, _measure("X", status="Planned"), counts)
    scoring.score_budget([{"value": 17600000}], _measure("X", budgets=[Budget(17.6e6)]), counts)
    scoring.score_budget([], _measure("X", budgets=[Budget(5.0)]), counts)
    assert (counts.statuses, counts.statuses_right) == (2, 1)
    assert (counts.budgets, counts.budgets_right) == (2, 1)


def test_status_dates_compare_the_observation_dates_with_the_gold_dates():
    from extractor.model import ObservedStatus

    d = dt.date
    counts = scoring.Counts()
    gold = [{"category": "InProgress", "date": "2016-12-31"},
            {"category": "Completed", "date": "2018-12-31"}]
    history = _measure("X", status="Completed")
    history.earlier_statuses = [ObservedStatus(d(2016, 12, 31), "läuft",
                                               StatusAssessment("InProgress"))]
    scoring.score_status_dates(gold, history, d(2018, 12, 31), counts)
    # Only the latest, and dated by the file's modification time: wrong.
    scoring.score_status_dates(gold, _measure("X", status="Completed"), d(2026, 1, 1), counts)
    scoring.score_status_dates([], _measure("X"), d(2018, 12, 31), counts)  # no gold status
    assert (counts.status_dates, counts.status_dates_right) == (2, 1)
    assert counts.ratios()["status date"] == 0.5
    assert any(p.startswith("status date 'X'") for p in counts.problems)


def test_floor_reports_what_fell_below(tmp_path):
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"real": {"agent F1": 0.9, "measures extra": 0.1}}))
    counts = scoring.Counts(documents=1, read=1, gold_measures=2, found=2, extra=1,
                            agents_gold=2, agents_found=2, agents_matched=1)
    below = quality.check_floor({"doc": counts}, floor)
    assert below == ["real agent F1: 0.50 (floor 0.9)",
                     "real measures extra: 0.33 (floor 0.1)"]
    assert quality.check_floor({"doc": scoring.Counts(documents=1, read=1, gold_measures=2,
                                                      found=2, agents_gold=1, agents_found=1,
                                                      agents_matched=1)}, floor) == []


def test_every_gold_file_names_its_document_and_source():
    docs = quality.discover()
    assert any(d.name.startswith("corpus:") for d in docs)
    for doc in docs:
        assert doc.path.is_file(), doc.path
        assert doc.gold["measures"], doc.name
        for m in doc.gold["measures"]:
            assert m["title"], doc.name
            for a in m.get("agents") or []:
                assert a["kind"] in {"Person", "OrganizationalUnit", "Organization", "Group"}
        if not doc.name.startswith("corpus:"):
            assert doc.gold["source"].get("publisher") and doc.gold["source"].get("cut")


def test_town_counts_documents_whose_recognised_municipality_is_the_gold_one():
    from extractor.model import PlanDocumentRecord

    def record(town):
        return PlanDocumentRecord(path=None, sha256="", title="", plan_key="k",
                                  municipality=town, status_date=None)

    right, _ = scoring.score_document({"municipality": "Münster", "measures": []},
                                      record("Münster"))
    wrong, _ = scoring.score_document({"municipality": "Münster", "measures": []},
                                      record(None))
    silent, _ = scoring.score_document({"municipality": None, "measures": []}, record("Ulm"))
    right.add(wrong)
    right.add(silent)
    assert (right.towns, right.towns_right) == (2, 1)
    assert right.ratios()["town"] == 0.5
