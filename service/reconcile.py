"""/reconcile: the Reconciliation Service API 0.2 (OpenRefine) for actors and measures."""

from __future__ import annotations

import json
import time

from flask import Blueprint, Response, abort, jsonify, request

from linking.reconcile import ReconcileError, Service
from store import GraphStore, QueryResult, QueryTimeoutError

from . import context

bp = Blueprint("reconcile", __name__)


class _Deadline:
    """The store with one time limit for all queries of a request (a batch asks many)."""

    def __init__(self, store: GraphStore, seconds: float) -> None:
        self.store = store
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def query(self, sparql: str, **options: object) -> QueryResult:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeoutError(f"the reconciliation request ran longer than its limit "
                                    f"of {self.seconds:g} s")
        options["timeout"] = min(remaining, options.get("timeout") or remaining)
        return self.store.query(sparql, **options)


def _service() -> Service:
    store = _Deadline(context.store(), context.config().query_timeout)
    return Service(store, context.base(), request.host_url.rstrip("/"))


def _error(message: str, status: int = 400) -> Response:
    return Response(json.dumps({"error": message}), status, mimetype="application/json")


def _jsonp(payload: dict) -> Response:
    """OpenRefine's older clients ask with ?callback=; answer JSONP to them only."""
    callback = request.values.get("callback")
    if callback and callback.replace("_", "").replace(".", "").isalnum():
        return Response(f"{callback}({json.dumps(payload)})",
                        mimetype="application/javascript")
    return jsonify(payload)


def _batch() -> dict | None:
    raw = request.values.get("queries")
    if raw is None and request.is_json:
        body = request.get_json(silent=True)
        raw = body.get("queries", body) if isinstance(body, dict) else body
        return raw if isinstance(raw, dict) else None
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        abort(Response(json.dumps({"error": f"queries is not JSON: {exc}"}), 400,
                       mimetype="application/json"))


@bp.route("/reconcile", methods=["GET", "POST"])
def reconcile():
    batch = _batch()
    if batch is None:
        return _jsonp(_service().manifest())
    limit = context.config().reconcile_batch
    if isinstance(batch, dict) and len(batch) > limit:
        return _error(f"a batch holds at most {limit} queries, this one {len(batch)}: "
                      "lower the batch size (OpenRefine: the service's batch size setting)")
    try:
        return _jsonp(_service().reconcile(batch))
    except ReconcileError as exc:
        return jsonify({"error": str(exc)}), 400


@bp.get("/reconcile/preview")
def preview():
    entity = request.args.get("id")
    if not entity:
        return jsonify({"error": "give ?id=ENTITY"}), 400
    if not context.is_iri(entity):
        return jsonify({"error": f"the id {entity!r} is not an IRI of this graph"}), 400
    page = _service().preview(entity)
    if page is None:
        return jsonify({"error": f"no entity {entity}"}), 404
    return Response(page, mimetype="text/html")


@bp.get("/reconcile/suggest/entity")
def suggest_entity():
    try:
        return _jsonp(_service().suggest_entity(request.args.get("prefix", ""),
                                                request.args.get("type")))
    except ReconcileError as exc:
        return jsonify({"error": str(exc)}), 400


@bp.get("/reconcile/suggest/type")
def suggest_type():
    return _jsonp(_service().suggest_type(request.args.get("prefix", "")))


@bp.get("/reconcile/suggest/property")
def suggest_property():
    return _jsonp(_service().suggest_property(request.args.get("prefix", "")))
