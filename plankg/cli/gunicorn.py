"""Run the web service under gunicorn, embedded: one worker process with threads.

One process because the on-disk Oxigraph store is locked by the process that opens it; threads
because pyoxigraph releases the GIL while it evaluates, so queries still run side by side.
The store is opened in the worker (after gunicorn forks), never in the arbiter: a RocksDB
handle does not survive a fork.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from store import StoreBusyError
from store.local import _busy_message

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
        self.cfg.set("worker_exit", self.worker_exit)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn >= 25.1 opens a control socket in $HOME: one per user, so two
            # services (or a test beside a running one) would fight over it.
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from service import create_app

        app = Plankg(self.plankg_config)
        log.info("serving %s", app.store.describe())  # open (and lock) the store now
        self.web = create_app(app=app)
        pooled = self.web.extensions.get("plankg.query_store")
        if pooled is not None:
            pooled.pool.warm()  # the first questions need not wait for a worker to start
        return self.web

    def worker_exit(self, _server: object, _worker: object) -> None:
        """Stop the query workers and close the store in the worker's main thread.

        Left to interpreter exit, the Oxigraph store was dropped while Python tore down its
        modules and RocksDB's threads still ran: the worker died with SIGSEGV every time.
        """
        from service import close_app

        web = getattr(self, "web", None)
        if web is not None:
            close_app(web)
            log.info("closed the store")


def check_store_free(config: Config) -> None:
    """Fail with StoreBusyError before starting if another process holds the local store.

    The arbiter must not open the store itself: RocksDB's process-wide thread pools would
    then be set up in the arbiter and copied half-alive into the forked worker, whose exit
    crashed in their destructors (SIGSEGV on every shutdown). RocksDB holds an fcntl lock
    on the store's LOCK file, so asking for that lock is the same test without RocksDB.
    """
    if str(config.store).startswith(("http://", "https://")):
        return
    lock_file = Path(config.store) / "LOCK"
    if not lock_file.exists():
        return  # no store yet: the worker creates it
    with open(lock_file, "rb+") as fh:
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            raise StoreBusyError(_busy_message(Path(config.store))) from err
        fcntl.lockf(fh, fcntl.LOCK_UN)
    log.debug("store %s is free", config.store)


def run(config: Config, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
        threads: int = 32, access_log: bool = True) -> None:
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
