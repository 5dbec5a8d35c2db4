"""The OpenAPI 3.1 description of the service at /openapi.json (static/openapi.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

bp = Blueprint("openapi", __name__)
DOCUMENT = Path(__file__).parent / "static" / "openapi.json"


@cache
def load_document() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def document() -> Response:
    doc = dict(load_document())
    doc["servers"] = [{"url": request.host_url.rstrip("/")}]
    return jsonify(doc)
