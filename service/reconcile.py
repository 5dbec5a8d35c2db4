"""/reconcile: the Reconciliation Service API 0.2 (OpenRefine) for actors and measures."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, request

from linking.reconcile import ReconcileError, Service

from . import context

bp = Blueprint("reconcile", __name__)


def _service() -> Service:
    return Service(context.store(), context.base(), request.host_url.rstrip("/"))


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
    try:
        return _jsonp(_service().reconcile(batch))
    except ReconcileError as exc:
        return jsonify({"error": str(exc)}), 400


@bp.get("/reconcile/preview")
def preview():
    entity = request.args.get("id")
    if not entity:
        return jsonify({"error": "give ?id=ENTITY"}), 400
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
