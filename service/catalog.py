"""/catalog (DCAT-AP.de + VoID), /context.jsonld and /export/responsibilities.csv."""

from __future__ import annotations

from flask import Blueprint, Response, request

from linking.catalog import CatalogOptions, catalog_graph
from linking.export import context_text, responsibilities_csv

from . import context

bp = Blueprint("catalog", __name__)
_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
            "application/n-triples": "nt", "application/rdf+xml": "xml"}


@bp.get("/catalog")
def catalog():
    wanted = request.args.get("format")
    media = next((m for m, f in _FORMATS.items() if f == wanted), None) or \
        request.accept_mimetypes.best_match(list(_FORMATS), default="text/turtle")
    options = CatalogOptions(service_url=request.host_url.rstrip("/"))
    graph = catalog_graph(context.store(), context.base(), options)
    body = graph.serialize(format=_FORMATS[media])
    response = Response(body, mimetype=media)
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
