"""Web pages for analysts: search, measure and actor pages, overview chart, SPARQL editor."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request
from rdflib import URIRef
from werkzeug.exceptions import NotFound

from ontology import AGENT_KINDS, PKS, local_name, sparql_prefixes
from store import analysis, queries

from . import i18n
from .chart import STATUS_COLOURS, STATUS_ORDER, bar_chart, status_label
from .context import base, config, href, iri_from_id, local_href, local_id, plankg, store
from .downloads import table_response
from .highlight import mark_dates, mark_phrases
from .linked_data import curie
from .protocol import ProtocolError, parse_query
from .searching import search_measures
from .sparql import execute_query

bp = Blueprint("pages", __name__)

EXAMPLES = [
    ("Wer ist für den „Fachtag“ zuständig? · Who is responsible for the “Fachtag”?",
     sparql_prefixes(("pk", "rdfs")) + """SELECT DISTINCT ?title ?who ?role WHERE {
  GRAPH ?g {
    ?m a pk:Measure ; pk:title ?title .
    ?r pk:measure ?m ; pk:agent ?agent .
    ?agent rdfs:label ?who .
    OPTIONAL { ?r pk:roleText ?role }
    FILTER(CONTAINS(LCASE(STR(?title)), "fachtag"))
  }
}"""),
    ("Was hat Corona verzögert oder ruhen lassen? · Which measures did Corona delay or halt?",
     sparql_prefixes(("pk", "pks")) + """SELECT DISTINCT ?title ?category ?asOf ?statusText WHERE {
  GRAPH ?g {
    ?obs pk:ofMeasure ?m ; pk:cause pks:CausePandemic ;
         pk:statusCategory ?category ; pk:statusText ?statusText .
    OPTIONAL { ?obs pk:asOf ?asOf }
    ?m pk:title ?title .
    FILTER(?category IN (pks:Delayed, pks:OnHold))
  }
} ORDER BY ?asOf ?title"""),
    ("Letzter Sachstand nach Handlungsfeld · Latest status by action area",
     sparql_prefixes(("pk", "skos")) + """SELECT ?area ?category (COUNT(DISTINCT ?m) AS ?measures)
WHERE {
  GRAPH <{latest}> { ?m pk:latestStatus ?obs }
  GRAPH ?og { ?obs pk:statusCategory ?category }
  GRAPH ?g { ?m pk:inArea ?a . ?a skos:prefLabel ?area }
} GROUP BY ?area ?category ORDER BY ?area ?category"""),
]


@bp.app_context_processor
def helpers() -> dict:
    return {"status_label": status_label, "status_colours": STATUS_COLOURS,
            "measure_id": lambda iri: local_id(iri, "measure"),
            "agent_id": lambda iri: local_id(iri, "agent"), "href": href,
            "local_href": local_href,
            **i18n.helpers()}


@bp.after_app_request
def _remember_language(response: Response) -> Response:
    return i18n.remember(response)


@bp.get("/")
def index() -> str:
    q = request.args.get("q", "").strip()
    area = request.args.get("area") or None
    status = request.args.get("status") or None
    if status and status not in STATUS_ORDER:
        abort(404, f"no status {status!r}")
    listing = bool(q or area or status)
    results = search_measures(q, area=area, status=status) if listing else []
    return render_template("index.html", q=q, results=results, listing=listing,
                           area=area, status=status)


@bp.get("/measures/<path:ident>")
def measure(ident: str) -> str:
    iri = iri_from_id("measure", ident)
    detail = queries.measure_detail(store(), base(), iri) if iri else None
    if detail is None:
        abort(404, f"no measure {ident!r}")
    names = [a["label"] for a in detail["agents"]]
    detail["whoMarked"] = mark_phrases(detail.get("whoText"), names, "agent")
    for tf in detail["timeframes"]:
        tf["marked"] = mark_dates(tf.get("label"))
    for obs in detail["history"]:
        obs["marked"] = mark_phrases(obs.get("statusText"), [obs.get("cue") or ""], "cue")
    detail["timeframes"] = _once(detail["timeframes"])
    detail.update(analysis.measure_facts(store(), iri))
    similar = analysis.similar_measures(store(), base(), iri)
    return render_template("measure.html", m=detail, ident=ident, similar=similar)


def _once(timeframes: list[dict]) -> list[dict]:
    """Each report repeats the time frame; show each distinct one once."""
    seen, kept = set(), []
    for tf in timeframes:
        key = (tf.get("label"), str(tf.get("start")), str(tf.get("end")))
        if key not in seen:
            seen.add(key)
            kept.append(tf)
    return kept


@bp.get("/actors/<path:ident>")
def actor(ident: str) -> str:
    iri = iri_from_id("agent", ident)
    detail = queries.actor_detail(store(), base(), iri) if iri else None
    if detail is None:
        abort(404, f"no actor {ident!r}")
    return render_template("actor.html", a=detail, ident=ident)


@bp.get("/actors")
def actors() -> str:
    kind = request.args.get("kind") or None
    name = request.args.get("name", "").strip()
    rows = actor_rows(kind, name)
    return render_template("actors.html", actors=rows, kind=kind, name=name,
                           kinds=AGENT_KINDS)


def actor_rows(kind: str | None = None, name: str = "") -> list[dict]:
    """Actors responsible for at least one measure, with full names, by kind and name."""
    rows = [r for r in queries.actors(store(), base()) if int(r["measures"] or 0) > 0]
    merged: dict[str, dict] = {}
    for row in rows:  # an actor labelled differently in two reports: one entry
        merged.setdefault(row["agent"], row)
    rows = list(merged.values())
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    if name:
        wanted = set(plankg().search_ready().agents(name))
        rows = [r for r in rows if r["agent"] in wanted]
    names = analysis.agent_names(store(), [r["agent"] for r in rows]) if rows else {}
    for row in rows:
        row["fullName"] = names.get(row["agent"]) or row["label"]
    return sorted(rows, key=lambda r: (-int(r["measures"]), r["fullName"]))


@bp.get("/overview")
def overview() -> str:
    rows = queries.latest_status_by_area(store(), base())
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + int(row["measures"])
    totals = [(status, counts[status]) for status in STATUS_ORDER if status in counts]
    return render_template("overview.html", chart=bar_chart(rows), totals=totals,
                           documents=queries.documents(store(), base()))


@bp.get("/query")
def editor() -> str:
    examples = [(title, text.replace("{latest}", queries.latest_graph(base())))
                for title, text in EXAMPLES]
    text = request.args.get("query", "")
    outcome = run_editor_query(text) if text.strip() else {}
    return render_template("query.html", query=text or examples[0][1], examples=examples,
                           outcome=outcome, limit=config().result_limit,
                           timeout=config().query_timeout)


def run_editor_query(text: str) -> dict:
    """The editor's query over the union default graph, rows with labels and prefixed
    names (``cells``) beside the raw values."""
    try:
        parsed = parse_query(text)
        fmt = "turtle" if parsed.returns_graph else "json"
        result = execute_query(text, fmt, parsed.uses_service, union=True)
    except ProtocolError as err:
        return {"error": err.message, "status": err.status}
    rows = list(result)
    labels = term_labels({str(v) for row in rows for v in row.values()
                          if isinstance(v, URIRef)})
    cells = [[_cell(row.get(v), labels) for v in result.variables] for row in rows]
    return {"kind": result.kind, "variables": result.variables, "rows": rows,
            "cells": cells, "boolean": result.boolean, "truncated": result.truncated}


def _cell(value: object, labels: dict[str, str]) -> dict:
    if value is None:
        return {"text": "", "name": "", "href": None}
    if isinstance(value, URIRef):
        text = str(value)
        return {"text": labels.get(text) or "", "name": curie(text), "href": local_href(text)}
    return {"text": str(value), "name": "", "href": None}


def term_labels(iris: set[str], cap: int = 2000) -> dict[str, str]:
    """Labels for IRIs in results: the ontology's (in the page's language), else the
    store's rdfs:label, skos:prefLabel or pk:title."""
    labels = {i: i18n.concept_label(local_name(i)) for i in iris if i.startswith(str(PKS))}
    rest = sorted(iris - set(labels))[:cap]
    for start in range(0, len(rest), 500):
        values = " ".join(queries.iri(i) for i in rest[start:start + 500])
        for row in queries.select(store(), f"""SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s rdfs:label|skos:prefLabel|pk:title ?label }} }}"""):
            labels.setdefault(row["s"], str(row["label"]))
    return labels


@bp.get("/query/results.<fmt>")
def editor_download(fmt: str) -> Response:
    """The editor's results as CSV (German Excel) or XLSX: label and prefixed name."""
    if fmt not in ("csv", "xlsx"):
        abort(404, f"no format {fmt}")
    outcome = run_editor_query(request.args.get("query", ""))
    if "error" in outcome or outcome.get("kind") != "solutions":
        abort(400, outcome.get("error") or "only SELECT results download as a table")
    headers = [h for v in outcome["variables"] for h in (v, f"{v} (IRI)")]
    rows = [[x for c in cells for x in (c["text"], c["name"])] for cells in outcome["cells"]]
    return table_response("sparql-results", fmt, headers, rows)


@bp.app_errorhandler(404)
def not_found(err) -> tuple[str | Response, int]:
    message = getattr(err, "description", "") or "not found"
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": 404}), 404
    if message == NotFound.description:  # werkzeug's own words: the site's instead
        message = i18n.word("no_page")
    return render_template("error.html", status=404, message=message), 404


@bp.app_errorhandler(405)
def not_allowed(err):
    """Pages say it in the site's own page; the API and protocols keep werkzeug's answer.
    Both keep the Allow header (RFC 9110)."""
    if request.path.startswith(("/api/", "/sparql", "/service", "/reconcile")):
        return err
    allow = {"Allow": ", ".join(sorted(err.valid_methods or []))}
    return render_template("error.html", status=405, message=str(err.description)), 405, allow
