"""The plankg web service: a Flask application factory with one blueprint per concern.

``create_app`` builds a fresh application around one :class:`plankg.app.Plankg` (its config and
store); nothing lives in module globals, so tests and the gunicorn worker each build their own.
"""

from __future__ import annotations

import logging

from flask import Flask

from plankg.app import Plankg
from plankg.config import Config
from store import LocalStore
from store.pool import PoolLimits
from store.pooled import PooledStore

from .jsonprovider import PlankgJSONProvider

log = logging.getLogger(__name__)


def create_app(config: Config | None = None, app: Plankg | None = None) -> Flask:
    """A Flask app over ``app`` (or a new Plankg for ``config``, else the loaded config)."""
    from . import (
        api,
        catalog,
        gsp,
        guard,
        linked_data,
        openapi,
        pages,
        reconcile,
        reports,
        sparql,
    )
    from .context import WriteGate

    if app is None:
        app = Plankg(config)
    web = Flask(__name__)
    web.json = PlankgJSONProvider(web)
    web.extensions["plankg"] = app
    # No request body is read beyond the upload limit (werkzeug answers 413), so a huge
    # SPARQL or Graph Store body cannot fill the memory.
    web.config["MAX_CONTENT_LENGTH"] = app.config.max_upload_bytes
    # One writer at a time; uploads prepare their update outside and write under it.
    web.extensions["plankg.write_lock"] = WriteGate()
    web.extensions["plankg.query_store"] = query_store(app)
    guard.install(web, app.config.rate_limit, app.config.rate_burst)
    for blueprint in (sparql.bp, gsp.bp, api.bp, openapi.bp, pages.bp, reports.bp,
                      reconcile.bp, catalog.bp):
        web.register_blueprint(blueprint)
    web.register_blueprint(linked_data.blueprint(app.config.base_iri))
    log.info("plankg service over %s, minting under %s", app.store.describe()
             if "store" in app.__dict__ else app.config.store, app.config.base_iri)
    return web


def query_store(app: Plankg) -> PooledStore | None:
    """Killable query workers over the app's on-disk store, or None (remote, in memory)."""
    cfg = app.config
    if cfg.query_workers <= 0 or "://" in str(cfg.store) and "store" not in app.__dict__:
        return None
    inner = app.store
    if not isinstance(inner, LocalStore) or inner.path is None or inner.union_default_graph:
        return None
    limits = PoolLimits(workers=cfg.query_workers, memory_bytes=cfg.query_memory_mb * 2**20,
                        queue=cfg.query_queue, client_queued=cfg.client_queries)
    return PooledStore(inner, limits, cfg.query_timeout)


def close_app(web: Flask) -> None:
    """Stop the query workers and close the store (gunicorn's worker_exit calls this)."""
    pooled = web.extensions.get("plankg.query_store")
    if pooled is not None:
        pooled.close()
    web.extensions["plankg"].close()
