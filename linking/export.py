"""Exports for people outside RDF: a responsibilities table (CSV) and JSON-LD with our context.

The JSON-LD is compacted with the context the service publishes at /context.jsonld, so
that a document names ``"title"``, ``"responsibleAgent"`` … instead of full IRIs.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources

from rdflib import Dataset

from ontology import agent_kind, local_name

from . import queries

CONTEXT_URL_PATH = "/context.jsonld"
RESPONSIBILITY_COLUMNS = ["measure", "title", "area", "goal", "agent", "agent_label",
                          "agent_kind", "role", "timeframe", "start", "end", "status",
                          "status_as_of", "status_text", "source_document", "source_row"]


@lru_cache(maxsize=1)
def context_text() -> str:
    return (resources.files("linking") / "data" / "context.jsonld").read_text(encoding="utf-8")


def context() -> dict:
    return json.loads(context_text())


def responsibility_rows(store, base: str) -> list[dict]:
    out, seen = [], set()
    for r in queries.responsibilities(store, base):
        key = (r["m"], r["agent"], r["source"])
        if key in seen:  # several time frames or roles: keep the first row per source
            continue
        seen.add(key)
        out.append({
            "measure": r["m"], "title": r["title"], "area": r["area"], "goal": r["goal"],
            "agent": r["agent"], "agent_label": r["agentLabel"],
            "agent_kind": agent_kind(r.get("kind")) or "", "role": r.get("role") or "",
            "timeframe": r.get("timeframe") or "", "start": str(r.get("start") or ""),
            "end": str(r.get("end") or ""), "status": local_name(r.get("category")) or "",
            "status_as_of": str(r.get("asOf") or ""), "status_text": r.get("statusText") or "",
            "source_document": r["source"], "source_row": str(r.get("row") or ""),
        })
    return out


def responsibilities_csv(store, base: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RESPONSIBILITY_COLUMNS)
    writer.writeheader()
    writer.writerows(responsibility_rows(store, base))
    return buffer.getvalue()


def jsonld(store) -> str:
    """The whole dataset (every named graph) as JSON-LD compacted with the published context."""
    ds = Dataset()
    ds.parse(data=store.dump("nquads"), format="nquads")
    return ds.serialize(format="json-ld", context=context()["@context"], indent=2)
