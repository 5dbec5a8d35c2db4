"""Helpers for the service tests: the corpus loaded once into an on-disk store.

The fixtures over it (plankg_app, web_app, client) are in conftest.py. The store is opened
once per session (RocksDB locks the directory even within one process), and apps with other
settings share it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from plankg.app import Plankg
from plankg.config import Config
from service import create_app

ROOT = Path(__file__).resolve().parents[1]
MOESSINGEN = ROOT / "corpus" / "moessingen-integrationskonzept-status-2021-03-01.tsv"
BASE = "http://localhost/id/"
TOKEN = "test-token-3f9a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

_SESSION: dict[str, Plankg] = {}


def corpus_plankg(tmp_path_factory: pytest.TempPathFactory) -> Plankg:
    if "app" not in _SESSION:
        config = Config.load(store=str(tmp_path_factory.mktemp("service-store")),
                             base_iri=BASE, token=TOKEN, query_timeout=10.0)
        app = Plankg(config)
        report = app.load(MOESSINGEN)
        assert report.status == "loaded"
        _SESSION["app"] = app
    return _SESSION["app"]


def variant(app: Plankg, **overrides: object) -> Flask:
    """A Flask app over the same store with other settings (token, limits, SERVICE)."""
    other = Plankg(replace(app.config, **overrides))
    other.store = app.store  # share the open store: a second open would hit the lock
    web = create_app(app=other)
    web.testing = True
    return web


def measure_id(client: FlaskClient, q: str) -> str:
    """The id of the first measure whose title or description contains ``q``."""
    items = client.get("/api/measures", query_string={"q": q}).get_json()["items"]
    assert items, f"no measure matches {q!r}"
    return items[0]["id"]


def until(condition, seconds: float = 10.0) -> None:
    """Wait for a query pool to reach a state (worker starts take long on a busy machine)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the pool did not get there"
        time.sleep(0.05)


# A cross product of four graph patterns: a query that runs until its time limit stops it.
CROSS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a {?s1 ?p1 ?o1} GRAPH ?b {?s2 ?p2 ?o2} "
         "GRAPH ?c {?s3 ?p3 ?o3} GRAPH ?d {?s4 ?p4 ?o4} }")
