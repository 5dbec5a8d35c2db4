"""A report that names no date anywhere keeps its statuses, undated (pk:undated): the
extraction is the same whatever the file's modification time, the graph passes the
shapes, and the store's latest status and counts take a dated report over an undated one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Literal

from extractor import build_dataset, validate
from extractor.graph.build import DEFAULT_BASE
from ontology import PK
from plankg.app import Plankg
from plankg.config import Config
from store import counts, queries

PLAN = "Bereich;Ziel;Maßnahme;Wer?;Status\nA;Z;Sprachkurse anbieten;Stabsstelle Integration;{}\n"


def _plan(folder: Path, status: str = "läuft", first_line: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.csv"  # one name: the reports of one plan
    path.write_text(first_line + PLAN.format(status), encoding="utf-8")
    return path


def _observations(ds: Dataset) -> list:
    return sorted({s for s, _, _, _ in ds.quads((None, RDF.type, PK.StatusObservation, None))})


def _value(ds: Dataset, subject, predicate):
    return next((o for _, _, o, _ in ds.quads((subject, predicate, None, None))), None)


def test_no_date_anywhere_keeps_the_status_undated_and_says_so(rule_based_extractor,
                                                               tmp_path):
    path = _plan(tmp_path / "a")
    os.utime(path, (dt.datetime(2022, 5, 4, 12).timestamp(),) * 2)
    record = rule_based_extractor.extract(path)
    assert record.status_date is None and record.status_date_source is None
    assert any("undated" in w and "--status-date" in w for w in record.warnings)
    assert record.measures[0].status.category == "InProgress"
    os.utime(path, (dt.datetime(2024, 1, 2, 12).timestamp(),) * 2)
    assert rule_based_extractor.extract(path).status_date is None  # reproducible


def test_an_undated_observation_passes_the_shapes(rule_based_extractor, tmp_path):
    ds = build_dataset(rule_based_extractor.extract(_plan(tmp_path / "a")))
    (obs,) = _observations(ds)
    assert _value(ds, obs, PK.asOf) is None
    assert _value(ds, obs, PK.undated) == Literal(True)
    assert _value(ds, obs, PK.statusText) is not None
    report = validate(ds)
    assert report.conforms, report.text


def test_an_observation_needs_a_date_or_the_undated_mark(rule_based_extractor, tmp_path):
    ds = build_dataset(rule_based_extractor.extract(_plan(tmp_path / "a")))
    (obs,) = _observations(ds)
    graph = next(g for g in ds.graphs() if (obs, PK.undated, None) in g)
    graph.remove((obs, PK.undated, None))
    assert not validate(ds).conforms  # neither
    graph.add((obs, PK.undated, Literal(True)))
    graph.add((obs, PK.asOf, Literal(dt.date(2022, 3, 31))))
    assert not validate(ds).conforms  # both


@pytest.fixture()
def app(tmp_path, rule_based_extractor):
    plankg = Plankg(Config(store=str(tmp_path / "store"), base_iri=DEFAULT_BASE))
    plankg.__dict__["extractor"] = rule_based_extractor  # share the session's pipeline
    yield plankg
    plankg.close()


def _latest(app: Plankg) -> tuple[str | None, object]:
    (row,) = queries.measures(app.store, DEFAULT_BASE)
    return row["status"], row.get("asOf")


def _counted(app: Plankg) -> set[tuple]:
    kept = {(str(a), str(c), n) for a, c, n in counts.read(app.store, DEFAULT_BASE)}
    assert kept == {(str(a), str(c), n) for a, c, n in counts.grouped(app.store, DEFAULT_BASE)}
    return kept


def test_the_store_prefers_a_dated_status_to_an_undated_one(app, tmp_path):
    app.load(_plan(tmp_path / "undated"))
    assert _latest(app) == ("InProgress", None)  # undated, but the latest there is
    assert {c.rsplit("/", 1)[-1] for _, c, _ in _counted(app)} == {"InProgress"}
    app.load(_plan(tmp_path / "dated", "abgeschlossen", "Stand: 01.03.2022\n"))
    assert _latest(app) == ("Completed", dt.date(2022, 3, 1))
    # A later undated report (or one loaded late) does not hide the dated status.
    app.load(_plan(tmp_path / "undated-again", "nicht begonnen"))
    assert _latest(app) == ("Completed", dt.date(2022, 3, 1))
    assert {c.rsplit("/", 1)[-1] for _, c, _ in _counted(app)} == {"Completed"}
    (measure,) = [r["m"] for r in queries.measures(app.store, DEFAULT_BASE)]
    history = queries.measure_detail(app.store, DEFAULT_BASE, measure)["history"]
    assert sorted(str(h.get("asOf")) for h in history) == ["2022-03-01", "None", "None"]
