"""Persistent graph store: one interface (GraphStore), an embedded and a remote backend."""

from __future__ import annotations

from pathlib import Path

from store.backend import GraphStore, QueryResult
from store.errors import (
    BadRequestError,
    QueryTimeoutError,
    ReadOnlyStoreError,
    StoreAuthError,
    StoreBusyError,
    StoreConnectionError,
    StoreError,
    StoreTimeoutError,
)
from store.local import LocalStore
from store.remote import RemoteStore

__all__ = [
    "BadRequestError",
    "GraphStore",
    "LocalStore",
    "QueryResult",
    "QueryTimeoutError",
    "ReadOnlyStoreError",
    "RemoteStore",
    "StoreAuthError",
    "StoreBusyError",
    "StoreConnectionError",
    "StoreError",
    "StoreTimeoutError",
    "open_store",
]


def open_store(
    location: str | Path, *, token: str | None = None, read_only: bool = False
) -> GraphStore:
    """Open the store at ``location``: an ``http(s)://`` URL is a remote SPARQL 1.1 store,
    anything else a local Oxigraph directory."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text, token=token, read_only=read_only)
    return LocalStore(Path(location), read_only=read_only)
