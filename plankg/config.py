"""Configuration: defaults, then a TOML file, then environment variables, then options.

This is the only module that reads the environment, and it does so when a configuration
is loaded, never at import. Everything else gets its settings from a :class:`Config`.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import platformdirs

from extractor.graph.build import DEFAULT_BASE
from extractor.read.limits import ReadLimits

_LIMITS = ReadLimits()


def parse_date(value: str) -> dt.date:
    """A date a user gives (option, form field): YYYY-MM-DD or DD.MM.YYYY."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date: give YYYY-MM-DD or DD.MM.YYYY")


def default_data_dir() -> str:
    """Where the user's own files (refreshed reference tables) live, per platform."""
    return platformdirs.user_data_dir("plankg", appauthor=False)


@dataclass(frozen=True)
class Config:
    store: str = "./data"
    base_iri: str = DEFAULT_BASE
    token: str | None = None  # bearer token for writes to the service; None: no writes
    store_token: str | None = None  # token to send to a remote store
    spacy_model: str | None = None  # package name or directory; None: the usual names
    hanta: bool = True  # the HanTa tagger in the rule-based pipeline, when installed
    query_timeout: float = 30.0
    result_limit: int = 10_000
    max_upload_bytes: int = 20 * 1024 * 1024
    allow_service: bool = False  # SPARQL SERVICE (federated calls out of the server)
    # /sparql: the union of the named graphs as the default graph (as Fuseki's
    # unionDefaultGraph). Off: a stock SPARQL dataset, an empty default graph. The command
    # line, the pages and the editor always query the union.
    sparql_union_default_graph: bool = False
    max_file_bytes: int = _LIMITS.max_file_bytes
    max_cell_chars: int = _LIMITS.max_cell_chars
    max_rows: int = _LIMITS.max_rows
    max_unpacked_bytes: int = _LIMITS.max_unpacked_bytes
    municipalities: str | None = None  # the user's municipality table (CSV)
    organisations: str | None = None  # the user's organisation table (CSV)
    abbreviations: str | None = None  # the user's abbreviations of offices (CSV)
    given_names: str | None = None  # the user's given names (text, one a line)
    data_dir: str | None = None  # None: the platform's user data directory
    # The service's defences against abuse (service/guard.py, store/pool.py).
    query_workers: int = 8  # killable query processes; 0: queries run in threads
    query_memory_mb: int = 1536  # address space of one query process
    query_queue: int = 32  # queries waiting for a worker; more: 503
    client_queries: int = 4  # one client's queries running or waiting; more: 429
    rate_limit: float = 20.0  # a client's sustained requests per second; 0: no limit
    rate_burst: int = 200  # and its burst
    reconcile_batch: int = 100  # queries in one /reconcile batch

    @classmethod
    def load(cls, path: str | Path | None = None, *, environ: Mapping[str, str] | None = None,
             **overrides: object) -> Config:
        """File (``path`` or $PLANKG_CONFIG, table [plankg]), then $PLANKG_<NAME>, then
        ``overrides`` (None values are ignored)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        path = path or env.get("PLANKG_CONFIG")
        if path:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh).get("plankg", {}))
        for f in fields(cls):
            if env.get(f"PLANKG_{f.name.upper()}"):
                values[f.name] = env[f"PLANKG_{f.name.upper()}"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = replace(cls(), **_typed(values))
        if not config.base_iri.endswith(("/", "#")):
            config = replace(config, base_iri=config.base_iri + "/")
        return config

    def read_limits(self) -> ReadLimits:
        return ReadLimits(self.max_file_bytes, self.max_cell_chars, self.max_rows,
                          self.max_unpacked_bytes)

    @property
    def user_dir(self) -> Path:
        return Path(self.data_dir or default_data_dir())

    def user_table(self, name: str) -> Path:
        """The user's table ``name`` ("municipalities" or "organisations"): the configured
        file, else the one in the data directory (which a refresh creates)."""
        configured = getattr(self, name)
        return Path(configured) if configured else self.user_dir / f"{name}.csv"

    @property
    def municipalities_file(self) -> Path | None:
        return self._in_force("municipalities")

    @property
    def organisations_file(self) -> Path | None:
        return self._in_force("organisations")

    def _in_force(self, name: str) -> Path | None:
        """A configured table always (a missing one is an error when read); the data
        directory's only once a refresh has written it."""
        path = self.user_table(name)
        return path if getattr(self, name) or path.is_file() else None


def _typed(values: dict) -> dict:
    known = {f.name: f for f in fields(Config)}
    defaults = Config()
    typed = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"unknown configuration key {key!r}")
        default = getattr(defaults, key)
        if isinstance(default, bool):
            value = str(value).lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            value = int(value)
        elif isinstance(default, float):
            value = float(value)
        typed[key] = value
    return typed
