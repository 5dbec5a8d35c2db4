"""The plankg web service: a Flask application factory with one blueprint per concern.

``create_app`` builds a fresh application around one :class:`plankg.app.Plankg` (its config and
store); nothing lives in module globals, so tests and the gunicorn worker each build their own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Blueprint, Flask

from plankg.app import Plankg
from plankg.config import Config

from .jsonprovider import PlankgJSONProvider

log = logging.getLogger(__name__)

# Blueprints other parts of plankg add (e.g. "/reconcile", "/catalog"): a Blueprint, or a
# callable taking the Plankg and returning one. Registered after the built-in ones.
EXTRA_BLUEPRINTS: list[Blueprint | Callable[[Plankg], Blueprint]] = []
EXTRA_BLUEPRINTS += [lambda _app: __import__("service.reconcile").reconcile.bp, lambda _app: __import__("service.catalog").catalog.bp]  # noqa: E501


def create_app(config: Config | None = None, app: Plankg | None = None) -> Flask:
    """A Flask app over ``app`` (or a new Plankg for ``config``, else the loaded config)."""
    from . import api, gsp, linked_data, openapi, pages, sparql

    if app is None:
        app = Plankg(config)
    web = Flask(__name__)
    web.json = PlankgJSONProvider(web)
    web.extensions["plankg"] = app
    # One writer at a time: uploads extract, match and update as one unit.
    web.extensions["plankg.write_lock"] = threading.Lock()
    for blueprint in (sparql.bp, gsp.bp, api.bp, openapi.bp, pages.bp):
        web.register_blueprint(blueprint)
    web.register_blueprint(linked_data.blueprint(app.config.base_iri))

    # --- extra blueprints (registered by other modules) ---------------------------------
    for extra in EXTRA_BLUEPRINTS:
        web.register_blueprint(extra if isinstance(extra, Blueprint) else extra(app))
    # ---------------------------------------------------------------------------------------
    log.info("plankg service over %s, minting under %s", app.store.describe()
             if "store" in app.__dict__ else app.config.store, app.config.base_iri)
    return web
