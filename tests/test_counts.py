"""The area x status counts kept at load time say what grouping the whole store says,
through follow-up reports, late old reports, and stores filled without them."""

from __future__ import annotations

from store import counts, queries

from .conftest import MOESSINGEN
from .test_history import BASE, app, derive_2022  # noqa: F401  (app is a fixture)


def kept(store) -> set[tuple]:
    return {(str(a), str(c), n) for a, c, n in counts.read(store, BASE)}


def recomputed(store) -> set[tuple]:
    return {(str(a), str(c), n) for a, c, n in counts.grouped(store, BASE)}


def test_counts_follow_every_load(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    assert kept(app.store) == recomputed(app.store) and kept(app.store)
    first = kept(app.store)
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    app.load(follow_up)
    assert kept(app.store) == recomputed(app.store) != first
    # An older report loaded late changes no latest status, so no count.
    older = derive_2022(MOESSINGEN, tmp_path, "moessingen-integrationskonzept-status-2020-03-01"
                        ".tsv")
    older.write_text(older.read_text(encoding="utf-8").replace("01.03.2022", "01.03.2020"),
                     encoding="utf-8")
    before = kept(app.store)
    app.load(older)
    assert kept(app.store) == recomputed(app.store) == before
    rows = queries.latest_status_by_area(app.store, BASE)
    assert {(r["area"], r["status"], r["measures"]) for r in rows} == {
        (a, c.rsplit("/", 1)[-1], n) for a, c, n in before}


def test_a_store_without_counts_is_grouped_then_counted(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    app.store.update(f"DROP SILENT GRAPH <{counts.counts_graph(BASE)}>")
    assert kept(app.store) == set()
    grouped = queries.latest_status_by_area(app.store, BASE)
    assert grouped  # answered by grouping the store
    app.load(derive_2022(MOESSINGEN, tmp_path))  # the first load recounts, then adds
    assert kept(app.store) == recomputed(app.store)
    assert counts.rebuild(app.store, BASE) == len(kept(app.store))
