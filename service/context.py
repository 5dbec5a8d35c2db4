"""Access to the Plankg behind the current request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote

from flask import current_app

from plankg.app import Plankg
from plankg.config import Config
from store import GraphStore
from store.pooled import PooledStore

T = TypeVar("T")


def plankg() -> Plankg:
    return current_app.extensions["plankg"]


def config() -> Config:
    return plankg().config


def store() -> GraphStore:
    """The store for this request: queries go to the killable query workers if there are."""
    return current_app.extensions.get("plankg.query_store") or plankg().store


def ask(question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``question(store(), *args, **kwargs)``: with query workers, run whole in one of
    them (one round trip for all its queries, not one each; PooledStore.call)."""
    target = store()
    if isinstance(target, PooledStore):
        return target.call(question, *args, **kwargs)
    return question(target, *args, **kwargs)


def base() -> str:
    return config().base_iri


class WriteGate:
    """The service's one writer at a time; ``generation`` counts the writes it let through,
    so work prepared outside the lock can tell whether the store changed meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.generation = 0

    def __enter__(self) -> WriteGate:
        self._lock.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.generation += 1
        self._lock.release()


def write_lock() -> WriteGate:
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


def href(value: str) -> str:
    """Where a page links an IRI: a minted one to its local page (/measures/…, /actors/…)
    or its local /id/… path, others as they are."""
    return local_href(value) or str(value)


def local_href(value: str) -> str | None:
    """The local page of an IRI, or None if there is none here: minted IRIs to their
    pages, status concepts to the list of measures in that status."""
    from ontology import PKS, STATUS_CATEGORIES

    text = str(value)
    if text.startswith(str(PKS)) and text[len(str(PKS)):] in STATUS_CATEGORIES:
        from flask import url_for

        return url_for("pages.index", status=text[len(str(PKS)):])
    for kind, endpoint in (("measure", "pages.measure"), ("agent", "pages.actor")):
        ident = local_id(text, kind)
        if ident:
            from flask import url_for

            return url_for(endpoint, ident=ident)
    if text.startswith(base()):
        return "/id/" + text[len(base()):]
    return None
