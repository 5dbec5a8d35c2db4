"""/catalog (DCAT-AP.de + VoID), /context.jsonld and /export/responsibilities.csv."""

from __future__ import annotations

from flask import Blueprint, Response, request

from linking.catalog import CatalogOptions, catalog_graph
from linking.export import context_text, responsibilities_csv

from . import context
from .negotiate import GRAPH_TYPES, RDFLIB_FORMATS, choose, media_type

bp = Blueprint("catalog", __name__)


@bp.get("/catalog")
def catalog():
    fmt = choose(GRAPH_TYPES)  # the negotiator /sparql and the linked-data pages use
    options = CatalogOptions(service_url=request.host_url.rstrip("/"))
    graph = catalog_graph(context.store(), context.base(), options)
    body = graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    response = Response(body, mimetype=media_type(GRAPH_TYPES, fmt))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/.well-known/void")
def void():
    return catalog()


@bp.get("/context.jsonld")
def jsonld_context():
    response = Response(context_text(), mimetype="application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/export/responsibilities.csv")
def responsibilities():
    body = responsibilities_csv(context.store(), context.base())
    return Response(body, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="responsibilities.csv"'})
