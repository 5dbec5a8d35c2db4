"""Dereferenceable IRIs: every IRI minted under the configured base answers here, with an
HTML page for browsers and Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, render_template, url_for

from ontology import PREFIXES as PREFIX_MAP
from store import StoreError
from store.queries import PREFIXES, iri, select

from .context import base, is_iri, local_id, store
from .negotiate import GRAPH_TYPES, choose, media_type
from .sparql import text_error

PAGE_KINDS = {"measure": "pages.measure", "agent": "pages.actor"}


def blueprint(base_iri: str) -> Blueprint:
    """Routes under the base IRI's path (``/id/`` for ``http://127.0.0.1:8080/id/``)."""
    bp = Blueprint("linked_data", __name__)
    path = urlsplit(base_iri).path or "/"
    bp.add_url_rule(path.rstrip("/") + "/<path:rest>", "resource", resource)
    if path.rstrip("/") != "/id":
        # Pages link every minted IRI to /id/… (context.href), whatever the base, so a
        # link never leaves the local site.
        bp.add_url_rule("/id/<path:rest>", "local", resource)
    return bp


def describe_query(resource_iri: str) -> str:
    """The resource's own statements across all graphs (a concise description)."""
    r = iri(resource_iri)
    return f"CONSTRUCT {{ {r} ?p ?o }} WHERE {{ GRAPH ?g {{ {r} ?p ?o }} }}"


def resource(rest: str) -> Response:
    subject = base() + rest
    if not is_iri(subject):
        return text_error(404, f"no resource {rest!r} here")
    fmt = choose(GRAPH_TYPES, allow_html=True)
    if fmt == "html":
        return _page(subject, rest)
    try:
        # N-Triples from the store, so that Turtle and JSON-LD get the prefixes below.
        result = store().query(describe_query(subject))
    except StoreError as err:
        return text_error(500, f"the store failed: {err}")
    if not result:
        return text_error(404, f"nothing is known about <{subject}>")
    response = Response(result.serialize(fmt, prefixes=PREFIX_MAP),
                        mimetype=media_type(GRAPH_TYPES, fmt))
    response.headers["Vary"] = "Accept"
    return response


def _page(subject: str, rest: str) -> Response:
    kind = rest.split("/", 1)[0]
    if kind in PAGE_KINDS:
        ident = local_id(subject, kind)
        return redirect(url_for(PAGE_KINDS[kind], ident=ident), code=303)
    s = iri(subject)
    outgoing = select(store(), f"""SELECT DISTINCT ?p ?o ?label WHERE {{ GRAPH ?g {{ {s} ?p ?o }}
  OPTIONAL {{ GRAPH ?lg {{ ?o rdfs:label|skos:prefLabel|pk:title ?label }} }} }} ORDER BY ?p ?o""")
    incoming = select(store(), f"""SELECT DISTINCT ?s ?p ?label WHERE {{ GRAPH ?g {{ ?s ?p {s} }}
  OPTIONAL {{ GRAPH ?lg {{ ?s rdfs:label|skos:prefLabel|pk:title ?label }} }} }}
  ORDER BY ?p ?s LIMIT 200""")
    if not outgoing and not incoming:
        return Response(render_template("error.html", status=404,
                                        message=f"nothing is known about <{subject}>"),
                        status=404)
    return Response(render_template("resource.html", subject=subject, outgoing=outgoing,
                                    incoming=incoming, curie=curie, prefixes=PREFIXES))


def curie(value: object) -> str:
    text = str(value)
    for prefix, ns in PREFIX_MAP.items():
        if text.startswith(ns) and "/" not in text[len(ns):]:
            return f"{prefix}:{text[len(ns):]}"
    return text
