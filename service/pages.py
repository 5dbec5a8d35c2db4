"""Web pages for analysts: search, measure and actor pages, overview chart, SPARQL editor."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request

from ontology import sparql_prefixes
from store import queries

from .chart import STATUS_COLOURS, STATUS_ORDER, bar_chart, status_label
from .context import base, config, iri_from_id, local_id, store
from .highlight import mark_dates, mark_phrases
from .protocol import ProtocolError, parse_query
from .sparql import execute_query

bp = Blueprint("pages", __name__)

EXAMPLES = [
    ("Who is responsible for the “Fachtag”?",
     sparql_prefixes(("pk", "rdfs")) + """SELECT DISTINCT ?title ?who ?role WHERE {
  GRAPH ?g {
    ?m a pk:Measure ; pk:title ?title .
    ?r pk:measure ?m ; pk:agent ?agent .
    ?agent rdfs:label ?who .
    OPTIONAL { ?r pk:roleText ?role }
    FILTER(CONTAINS(LCASE(STR(?title)), "fachtag"))
  }
}"""),
    ("Which measures were delayed or put on hold by Corona?",
     sparql_prefixes(("pk", "pks")) + """SELECT DISTINCT ?title ?category ?asOf ?statusText WHERE {
  GRAPH ?g {
    ?obs pk:ofMeasure ?m ; pk:cause pks:CausePandemic ;
         pk:statusCategory ?category ; pk:asOf ?asOf ; pk:statusText ?statusText .
    ?m pk:title ?title .
    FILTER(?category IN (pks:Delayed, pks:OnHold))
  }
} ORDER BY ?asOf ?title"""),
    ("Latest status by action area",
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
            "agent_id": lambda iri: local_id(iri, "agent")}


@bp.get("/")
def index() -> str:
    q = request.args.get("q", "").strip()
    results: list[dict] = []
    if q:
        seen: dict[str, dict] = {}
        by_actor = queries.measures(store(), base(), queries.Filters(actor=q), limit=500)
        by_text = queries.measures(store(), base(), queries.Filters(q=q), limit=500)
        for row in by_actor + by_text:
            seen.setdefault(row["m"], row)
        results = sorted(seen.values(), key=lambda r: (r["area"], r["title"]))
    return render_template("index.html", q=q, results=results)


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
    return render_template("measure.html", m=detail, ident=ident)


@bp.get("/actors/<path:ident>")
def actor(ident: str) -> str:
    iri = iri_from_id("agent", ident)
    detail = queries.actor_detail(store(), base(), iri) if iri else None
    if detail is None:
        abort(404, f"no actor {ident!r}")
    return render_template("actor.html", a=detail, ident=ident)


@bp.get("/actors")
def actors() -> str:
    return render_template("actors.html", actors=queries.actors(store(), base()))


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
    outcome: dict = {}
    if text.strip():
        try:
            parsed = parse_query(text)
            fmt = "turtle" if parsed.returns_graph else "json"
            result = execute_query(text, fmt, parsed.uses_service)
            outcome = {"kind": result.kind, "variables": result.variables,
                       "rows": list(result), "boolean": result.boolean,
                       "truncated": result.truncated}
        except ProtocolError as err:
            outcome = {"error": err.message, "status": err.status}
    return render_template("query.html", query=text or examples[0][1], examples=examples,
                           outcome=outcome, limit=config().result_limit,
                           timeout=config().query_timeout)


@bp.app_errorhandler(404)
def not_found(err) -> tuple[str | Response, int]:
    message = getattr(err, "description", "") or "not found"
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": 404}), 404
    return render_template("error.html", status=404, message=message), 404
