"""A plan's reports over time: the graph grows and keeps history, on both store backends.

The 2022 follow-up is derived from the real 2021 report the way towns write them:
statuses advance, one title is slightly edited, one row is dropped and one added.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.graph.build import DEFAULT_BASE
from plankg.app import Plankg
from plankg.cli import main
from plankg.config import Config
from store import queries
from store.who import who

from .conftest import MOESSINGEN

BASE = DEFAULT_BASE
EDITED_OLD = "Liste mit Angeboten und Ansprechpersonen"
EDITED_NEW = "Liste mit Angeboten und Ansprechpersonen (online)"
DROPPED = "Erfolgsgeschichten von Arbeitsmarktintegration"  # line 28
ADDED = "Sprachcafé im Bürgerhaus"


def derive_2022(src: Path, dst_dir: Path, name: str = "moessingen-integrationskonzept"
                "-status-2022-03-01.tsv") -> Path:
    rows = list(csv.reader(src.open(encoding="utf-8"), delimiter="\t"))
    out = []
    for row in rows:
        if len(row) == 6 and row[5] == "Status 01.03.2021":
            row = [*row[:5], "Status 01.03.2022"]
        elif len(row) == 6 and DROPPED in row[2]:
            continue
        elif len(row) == 6:
            if row[2].startswith("<b>Fachtag</b>"):
                row[5] = "Der Fachtag hat im Oktober 2021 stattgefunden."
            elif row[2].startswith("<b>Fortbildungen"):
                row[5] = "Abgeschlossen."
            elif row[2].startswith("<b>" + EDITED_OLD):
                row[2] = row[2].replace(EDITED_OLD, EDITED_NEW)
        out.append(row)
    out.append(["Orte der Begegnung", "<b>Sport für/unter Frauen</b>",
                f"<b>{ADDED}</b> monatlich", "Fr. Aydin (Stabsstelle Integration)",
                "ab Januar 2022", "In Planung"])
    path = dst_dir / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t", lineterminator="\n").writerows(out)
    return path


@pytest.fixture(params=["local", "remote", "virtuoso"])
def app(request, tmp_path, rule_based_extractor):
    if request.param == "local":
        store = str(tmp_path / "store")
    elif request.param == "remote":
        store = request.getfixturevalue("oxigraph_server")
    else:
        store = request.getfixturevalue("virtuoso_server")
    plankg = Plankg(Config(store=store, base_iri=BASE))
    plankg.__dict__["extractor"] = rule_based_extractor  # share the session's pipeline
    if request.param != "local":  # the graphs of earlier tests go (Virtuoso keeps its own)
        for graph in plankg.store.named_graphs():
            plankg.store.update(f"DROP SILENT GRAPH <{graph}>")
    yield plankg
    plankg.close()


def _count(app: Plankg) -> int:
    return app.store.triple_count()


def _measure_iri(app: Plankg, title_part: str) -> set[str]:
    return {m["m"] for m in queries.measures(app.store, BASE, queries.Filters(q=title_part),
                                             limit=100)}


def test_follow_up_report_extends_history(app, tmp_path):
    first = app.load(MOESSINGEN)
    assert first.status == "loaded" and first.measures == 27
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    second = app.load(follow_up)
    assert second.status == "loaded"
    # 27 + 1 added measure, the dropped one stays
    all_measures = queries.measures(app.store, BASE, limit=1000)
    assert len(all_measures) == 28
    assert second.omitted_measures and len(second.omitted_measures) == 1
    assert len(second.new_measures) == 1
    # the edited title matched the old measure by fuzzy matching
    assert [(o, n) for o, n, _ in second.matched_fuzzy] == [(EDITED_OLD, EDITED_NEW)]
    edited = _measure_iri(app, "Ansprechpersonen")
    assert len(edited) == 1
    detail = queries.measure_detail(app.store, BASE, edited.pop())
    assert [h["asOf"] for h in detail["history"]] == [dt.date(2021, 3, 1), dt.date(2022, 3, 1)]
    # the Fachtag: two observations, the latest is Completed
    fachtag = _measure_iri(app, "Fachtag")
    assert len(fachtag) == 1
    history = queries.measure_detail(app.store, BASE, fachtag.pop())["history"]
    assert [(h["status"], h["asOf"]) for h in history] == [
        ("OnHold", dt.date(2021, 3, 1)), ("Completed", dt.date(2022, 3, 1))]
    # the dropped measure is still there, noted as not mentioned by the 2022 report
    dropped = _measure_iri(app, "Erfolgsgeschichten")
    assert dropped == set(second.omitted_measures)
    diff = queries.changes(app.store, BASE, first.document, second.document)
    assert {t["to"] for t in diff["transitions"]} >= {"Completed"}
    assert [m["title"] for m in diff["new_measures"]] == [ADDED]
    assert [m["measure"] for m in diff["dropped_measures"]] == second.omitted_measures
    by_area = {(r["area"], r["status"]): r["measures"]
               for r in queries.latest_status_by_area(app.store, BASE)}
    assert by_area[("Bildung und Betreuung", "Completed")] >= 3


def test_loading_twice_changes_nothing(app, tmp_path):
    app.load(MOESSINGEN)
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    app.load(follow_up)
    before = _count(app)
    assert app.load(MOESSINGEN).status == "unchanged"
    assert app.load(follow_up).status == "unchanged"
    assert _count(app) == before


def test_broken_file_leaves_store_unchanged(app, tmp_path):
    app.load(MOESSINGEN)
    before = _count(app)
    broken = tmp_path / "broken.tsv"
    broken.write_text("Nur\tirgendwas\nohne\tKopfzeile\n", encoding="utf-8")
    from extractor import PlanReadError

    with pytest.raises(PlanReadError, match="broken.tsv"):
        app.load(broken)
    assert _count(app) == before


def test_actor_identity_across_reports(app, tmp_path):
    app.load(MOESSINGEN)
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    text = follow_up.read_text(encoding="utf-8").replace("H. Kühn", "Boris Kühn", 1)
    follow_up.write_text(text, encoding="utf-8")
    app.load(follow_up)
    rows = who(app.store, BASE, "Kühn")
    assert len({r["agent"] for r in rows}) == 1, "H. Kühn and Boris Kühn are one person"
    aydin = who(app.store, BASE, "Aydin")
    assert len({r["agent"] for r in aydin}) == 1
    assert ADDED in {r["title"] for r in aydin}
    units = {a["agent"] for a in queries.actors(app.store, BASE)
             if a["label"] == "Stabsstelle Integration"}
    assert len(units) == 1


def test_who_kuehn_lists_measures_from_both_reports_cli(tmp_path, rule_based_extractor):
    store = tmp_path / "store"
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    runner = CliRunner()
    for path in (MOESSINGEN, follow_up):
        result = runner.invoke(main, ["load", str(path), "--store", str(store)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["who", "Kühn", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    assert len(rows) == 8
    assert {r["asOf"] for r in rows} == {"2022-03-01"}  # latest status from the 2022 report
    result = runner.invoke(main, ["who", "Kühn", "--town", "Mössingen", "--store", str(store)])
    assert result.exit_code == 0 and "(8 rows)" in result.output, result.output
    result = runner.invoke(main, ["who", "Kühn", "--town", "Tübingen", "--store", str(store)])
    assert result.exit_code != 0 and "nobody called" in result.output
    result = runner.invoke(main, ["changes", MOESSINGEN.name, follow_up.name, "--store",
                                  str(store)])
    assert result.exit_code == 0, result.output
    assert "OnHold → Completed" in result.output and ADDED in result.output
