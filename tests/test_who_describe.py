"""who describes a page's pairs in one query; its rows are what the two queries it replaced
gave (the pairs' responsibilities, then the measures' latest states), on every backend.

The reference below is the earlier description, query for query, and runs on the same
store: a plan and its follow-up report, where statuses advance, a title is edited, a
measure is dropped and one added, so pairs appear in one report or in both.
"""

from __future__ import annotations

from store.queries import _kind_of, _local, iri, latest_graph, select
from store.who import _describe_pairs, who_page

from .conftest import MOESSINGEN
from .test_history import BASE, app, derive_2022  # noqa: F401  (app is a fixture)


def described_before(store, base: str, keys: list[tuple[str, str]]) -> list[dict]:
    """The description as it was: responsibilities, then the latest states."""
    values = " ".join(f"({iri(a)} {iri(m)})" for a, m in keys)
    rows = select(store, f"""SELECT DISTINCT ?agent ?agentLabel ?m ?title ?area ?role WHERE {{
  VALUES (?agent ?m) {{ {values} }}
  GRAPH ?g {{ ?r pk:agent ?agent ; pk:measure ?m . ?agent rdfs:label ?agentLabel .
             ?m pk:title ?title ; pk:inArea ?a . ?a skos:prefLabel ?area
             OPTIONAL {{ ?r pk:roleText ?role }} }}
}}""")
    states = select(store, f"""SELECT ?m ?title ?category ?asOf ?statusText ?tfLabel ?start ?end
WHERE {{
  VALUES ?m {{ {" ".join(iri(m) for _, m in keys)} }}
  GRAPH <{latest_graph(base)}> {{ ?m pk:latestStatus ?obs }}
  GRAPH ?og {{ ?obs pk:statusCategory ?category ; pk:statusText ?statusText .
              OPTIONAL {{ ?obs pk:asOf ?asOf }}
              ?m pk:title ?title .
              OPTIONAL {{ ?m pk:timeframe ?tf . ?tf rdfs:label ?tfLabel .
                         OPTIONAL {{ ?tf pk:startDate ?start }}
                         OPTIONAL {{ ?tf pk:endDate ?end }} }}
  }} }}""")
    state = {row["m"]: {
        "title": row["title"], "status": _local(row["category"]), "asOf": row.get("asOf"),
        "statusText": row["statusText"], "timeframe": row.get("tfLabel"),
        "start": row.get("start"), "end": row.get("end"),
    } for row in states}
    merged: dict[tuple, dict] = {key: {} for key in keys}
    for row in rows:
        entry = merged[(row["agent"], row["m"])]
        if not entry:
            entry.update({
                "agent": row["agent"], "agentLabel": row["agentLabel"],
                "kind": _kind_of(row["agent"]), "measure": row["m"], "title": row["title"],
                "area": row["area"], "roles": [], "timeframe": None, "start": None,
                "end": None, "status": None, "asOf": None, "statusText": None,
            })
            entry.update(state.get(row["m"], {}))
        if row.get("role") and row["role"] not in entry["roles"]:
            entry["roles"].append(row["role"])
    return sorted((entry for entry in merged.values() if entry),
                  key=lambda e: (e["agentLabel"], e["agent"], e["area"], e["title"]))


def every_pair(store) -> list[tuple[str, str]]:
    return sorted((row["agent"], row["m"]) for row in select(store, """SELECT DISTINCT ?agent ?m
WHERE { GRAPH ?g { ?m pk:responsibleAgent ?agent } }"""))


def test_every_pair_is_described_as_before(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    app.load(derive_2022(MOESSINGEN, tmp_path))
    keys = every_pair(app.store)
    now = _describe_pairs(app.store, BASE, keys, None)
    assert now == described_before(app.store, BASE, keys)
    # The fixture has what the description must get right: roles, statuses with dates,
    # time frames with dates, measures of one report only, and several agents per measure.
    assert any(e["roles"] for e in now) and any(e["start"] for e in now)
    assert {e["status"] for e in now} >= {"Completed", "Planned"}
    assert len({e["measure"] for e in now}) < len(now)


def test_pages_are_described_as_before(app, tmp_path):  # noqa: F811
    app.load(MOESSINGEN)
    app.load(derive_2022(MOESSINGEN, tmp_path))
    for name, town in (("Kühn", None), ("Aydin", "moessingen"), ("kühn", "moessingen")):
        page = who_page(app.store, BASE, name, town=town, limit=4, offset=1)
        keys = [(e["agent"], e["measure"]) for e in page.items]
        assert page.items and page.items == described_before(app.store, BASE, keys)


def test_a_pair_nobody_describes_is_left_out(app):  # noqa: F811
    app.load(MOESSINGEN)
    keys = every_pair(app.store)[:3]
    unknown = (f"{BASE}agent/nowhere/person/nobody", keys[0][1])
    assert _describe_pairs(app.store, BASE, [*keys, unknown], None) == \
        _describe_pairs(app.store, BASE, keys, None) != []
