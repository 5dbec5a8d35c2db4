"""Reconciliation (W3C Entity Reconciliation CG, Reconciliation Service API 0.2) over the graph.

Spreadsheet users (OpenRefine) match their own lists of actors or measures to ours. Types
and properties have short ids; entity ids are the graph's IRIs. Scores run 0-100
(rapidfuzz WRatio on the name, blended with property agreement); a candidate is a ``match``
when it scores high and clearly above the next one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from rapidfuzz import fuzz, utils
from rdflib.namespace import FOAF, ORG, OWL

from ontology import PK

from . import queries

TYPES: dict[str, tuple[str, str]] = {  # id -> (class IRI, name)
    "Measure": (str(PK.Measure), "Maßnahme (measure)"),
    "Agent": (str(FOAF.Agent), "Akteur (any actor)"),
    "Person": (str(FOAF.Person), "Person"),
    "OrganizationalUnit": (str(ORG.OrganizationalUnit), "Verwaltungseinheit (unit)"),
    "Organization": (str(ORG.Organization), "Organisation"),
    "Group": (str(PK.Group), "Gruppe (group)"),
}
DEFAULT_TYPES = ["Agent", "Measure"]
PROPERTIES: dict[str, tuple[str, str]] = {  # id -> (property IRI, name)
    "area": (str(PK.inArea), "Handlungsfeld (area)"),
    "responsibleAgent": (str(PK.responsibleAgent), "zuständig (responsible actor)"),
    "memberOf": (str(ORG.memberOf), "gehört zu (member of unit)"),
    "goal": (str(PK.servesGoal), "Ziel (goal)"),
    "sameAs": (str(OWL.sameAs), "Wikidata/GND link"),
}
MATCH_SCORE = 95.0
MATCH_MARGIN = 10.0
NAME_WEIGHT = 0.7


class ReconcileError(ValueError):
    pass


def _similarity(a: str, b: str) -> float:
    return fuzz.WRatio(a, b, processor=utils.default_process)


@dataclass
class Service:
    store: object
    base: str
    root: str  # the service's public URL without trailing slash

    def manifest(self) -> dict:
        r = self.root
        return {
            "versions": ["0.2"],
            "name": "plankg: Akteure und Maßnahmen kommunaler Pläne",
            "identifierSpace": self.base,
            "schemaSpace": str(PK),
            "documentation": f"{r}/",
            "view": {"url": "{{id}}"},
            "defaultTypes": [self._type(t) for t in DEFAULT_TYPES],
            "preview": {"url": f"{r}/reconcile/preview?id={{{{id}}}}", "width": 400,
                        "height": 200},
            "suggest": {
                "entity": {"service_url": r, "service_path": "/reconcile/suggest/entity"},
                "type": {"service_url": r, "service_path": "/reconcile/suggest/type"},
                "property": {"service_url": r, "service_path": "/reconcile/suggest/property"},
            },
        }

    @staticmethod
    def _type(type_id: str) -> dict:
        return {"id": type_id, "name": TYPES[type_id][1]}

    # -- queries ---------------------------------------------------------------------------
    def reconcile(self, batch: dict) -> dict:
        if not isinstance(batch, dict):
            raise ReconcileError("queries must be a JSON object of named queries")
        pools: dict[tuple[str, ...], list[dict]] = {}
        out = {}
        for key, q in batch.items():
            if not isinstance(q, dict) or not (q.get("query") or q.get("properties")):
                raise ReconcileError(f"query {key!r} needs 'query' or 'properties'")
            types = self._types_of(q.get("type"))
            pool = pools.setdefault(types, self._pool(types))
            out[key] = {"result": self._candidates(q, pool)}
        return out

    def _types_of(self, value) -> tuple[str, ...]:
        if not value:
            return tuple(DEFAULT_TYPES)
        names = [value] if isinstance(value, str) else list(value)
        types = []
        for name in names:
            short = self._short_type(name)
            if short is None:
                raise ReconcileError(f"unknown type {name!r}; known: {', '.join(TYPES)}")
            types.append(short)
        return tuple(types)

    @staticmethod
    def _short_type(name: str) -> str | None:
        if name in TYPES:
            return name
        return next((k for k, (iri, _) in TYPES.items() if iri == name), None)

    def _pool(self, types: tuple[str, ...]) -> list[dict]:
        rows = queries.entities(self.store, self.base, [TYPES[t][0] for t in types])
        by_entity: dict[str, dict] = {}
        for row in rows:
            e = by_entity.setdefault(row["e"], {"id": row["e"], "names": set(), "types": set()})
            e["names"].add(row["label"])
            e["types"].add(self._short_type(row["type"]))
        return list(by_entity.values())

    def _candidates(self, q: dict, pool: list[dict]) -> list[dict]:
        text = q.get("query") or ""
        try:
            limit = int(q.get("limit") or 5)
        except (TypeError, ValueError) as err:
            raise ReconcileError(f"limit must be a whole number, not {q.get('limit')!r}") from err
        if not 1 <= limit <= 100:
            raise ReconcileError("limit must be between 1 and 100")
        props = q.get("properties") or []
        scored = []
        for e in pool:
            name = max(e["names"], key=lambda n: _similarity(text, n))
            name_score = _similarity(text, name) if text else 0.0
            if text and name_score < 50:
                continue
            features = [{"id": "name", "value": round(name_score / 100, 3)}]
            score = name_score
            if props:
                prop_score = self._property_score(e["id"], props)
                features.append({"id": "properties", "value": round(prop_score / 100, 3)})
                score = (NAME_WEIGHT * name_score + (1 - NAME_WEIGHT) * prop_score if text
                         else prop_score)
            scored.append((score, name, e, features))
        scored.sort(key=lambda s: (-s[0], s[1]))
        results = []
        for i, (score, name, e, features) in enumerate(scored[:limit]):
            runner_up = scored[i + 1][0] if i + 1 < len(scored) else 0.0
            results.append({
                "id": e["id"], "name": name, "score": round(score, 2),
                "match": i == 0 and score >= MATCH_SCORE and score - runner_up >= MATCH_MARGIN,
                "type": [self._type(t) for t in sorted(e["types"]) if t],
                "features": features,
            })
        return results

    def _property_score(self, entity: str, props: list[dict]) -> float:
        values = queries.entity_properties(self.store, self.base, entity)
        scores = []
        for prop in props:
            pid = prop.get("pid")
            if pid not in PROPERTIES:
                raise ReconcileError(f"unknown property {pid!r}; known: {', '.join(PROPERTIES)}")
            iri = PROPERTIES[pid][0]
            wanted = prop.get("v")
            wanted = wanted if isinstance(wanted, list) else [wanted]
            have = [str(v.get("oLabel") or v["o"]) for v in values if v["p"] == iri]
            have += [v["o"] for v in values if v["p"] == iri]
            best = 0.0
            for w in wanted:
                w = w.get("id") or w.get("name") if isinstance(w, dict) else str(w)
                for h in have:
                    best = max(best, 100.0 if w == h else _similarity(w, h))
            scores.append(best)
        return sum(scores) / len(scores) if scores else 0.0

    # -- suggest and preview ------------------------------------------------------------------
    def suggest_entity(self, prefix: str, type_id: str | None = None) -> dict:
        types = self._types_of(type_id)
        rows = queries.entities(self.store, self.base, [TYPES[t][0] for t in types],
                                text=prefix, limit=200)
        seen, result = set(), []
        key = prefix.casefold()
        rows.sort(key=lambda r: (not r["label"].casefold().startswith(key), r["label"]))
        for row in rows:
            if row["e"] in seen:
                continue
            seen.add(row["e"])
            short = self._short_type(row["type"])
            result.append({"id": row["e"], "name": row["label"],
                           "notable": [self._type(short)] if short else []})
        return {"result": result[:20]}

    def suggest_type(self, prefix: str) -> dict:
        key = prefix.casefold()
        return {"result": [self._type(t) for t, (_, name) in TYPES.items()
                           if key in t.casefold() or key in name.casefold()]}

    def suggest_property(self, prefix: str) -> dict:
        key = prefix.casefold()
        return {"result": [{"id": p, "name": name} for p, (_, name) in PROPERTIES.items()
                           if key in p.casefold() or key in name.casefold()]}

    def preview(self, entity: str) -> str | None:
        values = queries.entity_properties(self.store, self.base, entity)
        if not values:
            return None
        label = next((v["o"] for v in values if v["p"].endswith("#label")), entity)
        lines = []
        for iri, name in PROPERTIES.values():
            shown = sorted({str(v.get("oLabel") or v["o"]) for v in values if v["p"] == iri})
            if shown:
                lines.append(f"<dt>{html.escape(name)}</dt><dd>{html.escape('; '.join(shown[:6]))}"
                             f"{' …' if len(shown) > 6 else ''}</dd>")
        return (f'<html><head><meta charset="utf-8"><title>{html.escape(label)}</title></head>'
                f'<body style="font-family:sans-serif;font-size:13px;margin:4px">'
                f'<strong>{html.escape(label)}</strong>'
                f'<div style="color:#666">{html.escape(entity)}</div>'
                f'<dl>{"".join(lines)}</dl></body></html>')
