"""Errors raised by graph store backends.

Callers catch these instead of backend-specific exceptions (pyoxigraph's OSError/SyntaxError,
requests' HTTP errors), so the CLI and the web service can map them to one message or status.
"""

from __future__ import annotations


class StoreError(Exception):
    """A graph store operation failed; ``status`` is the HTTP status for remote stores."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class StoreBusyError(StoreError):
    """The on-disk store is locked by another process (RocksDB allows one writer process)."""


class StoreTimeoutError(StoreError, TimeoutError):
    """An operation did not finish within its time limit."""


class QueryTimeoutError(StoreTimeoutError):
    """A SPARQL query did not finish within its time limit."""


class BadRequestError(StoreError, ValueError):
    """The store rejected the request: a SPARQL syntax error or invalid RDF data."""


class StoreAuthError(StoreError, PermissionError):
    """The remote store refused the credentials (HTTP 401/403)."""


class StoreConnectionError(StoreError, ConnectionError):
    """The remote store could not be reached."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only."""
