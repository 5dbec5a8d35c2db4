"""Configuration: defaults, then a TOML file, then environment variables, then options."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from extractor.graph.build import DEFAULT_BASE

_ENV = {
    "store": "PLANKG_STORE",
    "base_iri": "PLANKG_BASE_IRI",
    "token": "PLANKG_TOKEN",
    "spacy_model": "PLANKG_SPACY_MODEL",
    "query_timeout": "PLANKG_QUERY_TIMEOUT",
    "result_limit": "PLANKG_RESULT_LIMIT",
    "max_upload_bytes": "PLANKG_MAX_UPLOAD_BYTES",
    "allow_service": "PLANKG_ALLOW_SERVICE",
    "store_token": "PLANKG_STORE_TOKEN",
    "query_workers": "PLANKG_QUERY_WORKERS",
    "query_memory_mb": "PLANKG_QUERY_MEMORY_MB",
    "query_queue": "PLANKG_QUERY_QUEUE",
    "client_queries": "PLANKG_CLIENT_QUERIES",
    "rate_limit": "PLANKG_RATE_LIMIT",
    "rate_burst": "PLANKG_RATE_BURST",
    "reconcile_batch": "PLANKG_RECONCILE_BATCH",
}


def parse_date(value: str) -> dt.date:
    """A date a user gives (option, form field): YYYY-MM-DD or DD.MM.YYYY."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date: give YYYY-MM-DD or DD.MM.YYYY")


@dataclass(frozen=True)
class Config:
    store: str = "./data"
    base_iri: str = DEFAULT_BASE
    token: str | None = None  # bearer token for writes to the service; None: no writes
    store_token: str | None = None  # token to send to a remote store
    spacy_model: str | None = None
    query_timeout: float = 30.0
    result_limit: int = 10_000
    max_upload_bytes: int = 20 * 1024 * 1024
    allow_service: bool = False  # SPARQL SERVICE (federated calls out of the server)
    # The service's defences against abuse (service/guard.py, store/pool.py).
    query_workers: int = 8  # killable query processes; 0: queries run in threads
    query_memory_mb: int = 1536  # address space of one query process
    query_queue: int = 32  # queries waiting for a worker; more: 503
    client_queries: int = 4  # one client's queries running or waiting; more: 429
    rate_limit: float = 20.0  # a client's sustained requests per second; 0: no limit
    rate_burst: int = 200  # and its burst
    reconcile_batch: int = 100  # queries in one /reconcile batch
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: object) -> Config:
        values: dict = {}
        path = path or os.environ.get("PLANKG_CONFIG")
        if path:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh).get("plankg", {}))
        for name, var in _ENV.items():
            if os.environ.get(var):
                values[name] = os.environ[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f for f in fields(cls)}
        config = cls()
        typed = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown configuration key {key!r}")
            default = getattr(config, key)
            if isinstance(default, bool):
                value = str(value).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            typed[key] = value
        config = replace(config, **typed)
        if not config.base_iri.endswith(("/", "#")):
            config = replace(config, base_iri=config.base_iri + "/")
        return config
