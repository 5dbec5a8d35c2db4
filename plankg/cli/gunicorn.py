"""Run the web service under gunicorn, embedded: one worker process with threads.

One process because the on-disk Oxigraph store is locked by the process that opens it; threads
because pyoxigraph releases the GIL while it evaluates, so queries still run side by side.
The store is opened in the worker (after gunicorn forks), never in the arbiter: a RocksDB
handle does not survive a fork.
"""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.app.base import BaseApplication

from store import LocalStore, open_store

from ..app import Plankg
from ..config import Config

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


class PlankgServer(BaseApplication):
    """gunicorn over ``service.create_app``; ``options`` are gunicorn settings."""

    def __init__(self, config: Config, options: dict[str, Any]) -> None:
        self.plankg_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn >= 25.1 opens a control socket in $HOME: one per user, so two
            # services (or a test beside a running one) would fight over it.
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from service import create_app

        app = Plankg(self.plankg_config)
        log.info("serving %s", app.store.describe())  # open (and lock) the store now
        return create_app(app=app)


def check_store_free(config: Config) -> None:
    """Fail with StoreBusyError before starting if another process holds the local store."""
    store = open_store(config.store, token=config.store_token)
    try:
        if isinstance(store, LocalStore):
            log.debug("store %s is free", store.describe())
    finally:
        store.close()  # releases the lock: the worker opens it again after the fork


def run(config: Config, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
        threads: int = 8, access_log: bool = True) -> None:
    """Serve until interrupted (SIGINT/SIGTERM)."""
    check_store_free(config)
    if not config.token:
        log.warning("no PLANKG_TOKEN set: the service takes no writes")
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        # Requests run in threads; the worker's heartbeat does not wait for them.
        "timeout": max(60, int(config.query_timeout) + 30),
        "graceful_timeout": 10,
        "preload_app": False,
        "accesslog": "-" if access_log else None,
        "loglevel": "info",
        "proc_name": "plankg-serve",
    }
    PlankgServer(config, options).run()
