"""The name counts kept at load time say what counting the whole store says, and the
paged who-answer over all towns (LIMIT first, total from the counts) covers exactly the
pairs of the full answer."""

from __future__ import annotations

from store import names
from store.who import who, who_page

from .conftest import MOESSINGEN
from .test_history import BASE, app, derive_2022  # noqa: F401  (app is a fixture)


def kept(store) -> dict[str, int]:
    rows = store.query(f"""SELECT ?name ?n WHERE {{ GRAPH <{names.names_graph(BASE)}> {{
  ?c <http://www.w3.org/2000/01/rdf-schema#label> ?name ;
     <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?n }} }}""")
    return {str(r["name"]): int(r["n"]) for r in rows if int(r["n"])}


def test_name_counts_follow_every_load(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    first = kept(app.store)
    assert first == names.grouped(app.store) and first["Kühn"] == 8
    app.load(derive_2022(MOESSINGEN, tmp_path))  # Aydin gains the added measure
    after = kept(app.store)
    assert after == names.grouped(app.store) and after["Aydin"] == first["Aydin"] + 1


def test_pages_over_all_towns_cover_the_whole_answer(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    app.load(derive_2022(MOESSINGEN, tmp_path))
    whole = {(r["agent"], r["measure"]) for r in who(app.store, BASE, "Kühn")}
    seen: list[tuple[str, str]] = []
    for offset in range(0, len(whole) + 3, 3):
        page = who_page(app.store, BASE, "kühn", limit=3, offset=offset)
        assert page.total == len(whole)
        seen += [(r["agent"], r["measure"]) for r in page.items]
    assert len(seen) == len(set(seen)) and set(seen) == whole and len(whole) > 3


def test_a_store_without_name_counts_is_counted_then_kept(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    app.store.update(f"DROP SILENT GRAPH <{names.names_graph(BASE)}>")
    assert names.total(app.store, BASE, ["Kühn"]) is None
    assert who_page(app.store, BASE, "Kühn", limit=2).total == 8  # read from the pairs
    app.load(derive_2022(MOESSINGEN, tmp_path))  # the first load recounts, then adds
    assert kept(app.store) == names.grouped(app.store)
    assert names.rebuild(app.store, BASE) == len(names.grouped(app.store))
