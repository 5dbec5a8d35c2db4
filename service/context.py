"""Access to the Plankg behind the current request."""

from __future__ import annotations

import threading
from urllib.parse import unquote

from flask import current_app

from plankg.app import Plankg
from plankg.config import Config
from store import GraphStore


def plankg() -> Plankg:
    return current_app.extensions["plankg"]


def config() -> Config:
    return plankg().config


def store() -> GraphStore:
    return plankg().store


def base() -> str:
    return config().base_iri


def write_lock() -> threading.Lock:
    return current_app.extensions["plankg.write_lock"]


def local_id(iri: str, kind: str) -> str | None:
    """The id of a minted IRI in URLs: what follows ``<base><kind>/``."""
    prefix = f"{base()}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def minted(kind: str, ident: str) -> str:
    """The IRI for an id from a URL: the last path segments, ``kind/…`` or a full IRI."""
    if ident.startswith(("http://", "https://")):
        return ident
    ident = ident.strip("/")
    if ident.startswith(kind + "/"):
        ident = ident[len(kind) + 1:]
    return f"{base()}{kind}/{ident}"


def iri_from_id(kind: str, ident: str) -> str | None:
    """The IRI an id in a URL names, or None if it is no IRI (it would break the query)."""
    value = minted(kind, unquote(ident))
    return value if is_iri(value) else None


def is_iri(value: str) -> bool:
    """Whether ``value`` can stand in a query as ``<value>``: ids from URLs are checked first."""
    import pyoxigraph as ox
    from rdflib import URIRef

    try:
        URIRef(value).n3()  # rdflib refuses spaces, quotes, braces and angle brackets
        ox.NamedNode(value)  # Oxigraph also refuses control characters
    except Exception:  # rdflib raises a bare Exception for an invalid IRI
        return False
    return True
