"""The plankg web service: a Flask application factory with one blueprint per concern.

``create_app`` builds a fresh application around one :class:`plankg.app.Plankg` (its config and
store); nothing lives in module globals, so tests and the gunicorn worker each build their own.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from plankg.app import Plankg
from plankg.config import Config

from .jsonprovider import PlankgJSONProvider

log = logging.getLogger(__name__)


def create_app(config: Config | None = None, app: Plankg | None = None) -> Flask:
    """A Flask app over ``app`` (or a new Plankg for ``config``, else the loaded config)."""
    from . import api, catalog, gsp, linked_data, openapi, pages, reconcile, sparql

    if app is None:
        app = Plankg(config)
    web = Flask(__name__)
    web.json = PlankgJSONProvider(web)
    web.extensions["plankg"] = app
    # No request body is read beyond the upload limit (werkzeug answers 413), so a huge
    # SPARQL or Graph Store body cannot fill the memory.
    web.config["MAX_CONTENT_LENGTH"] = app.config.max_upload_bytes
    # One writer at a time: uploads extract, match and update as one unit.
    web.extensions["plankg.write_lock"] = threading.Lock()
    for blueprint in (sparql.bp, gsp.bp, api.bp, openapi.bp, pages.bp, reconcile.bp,
                      catalog.bp):
        web.register_blueprint(blueprint)
    web.register_blueprint(linked_data.blueprint(app.config.base_iri))
    log.info("plankg service over %s, minting under %s", app.store.describe()
             if "store" in app.__dict__ else app.config.store, app.config.base_iri)
    return web
