"""The remote backend: any SPARQL 1.1 server, over the Protocol, Update and Graph Store Protocol.

Endpoint conventions when only one URL is given (explicit ``update_url``/``gsp_url`` win):

- ``http://host:7878`` (no path): an Oxigraph server, ``/query``, ``/update``, ``/store``.
- ``…/sparql``: a plankg service (``plankg serve``), which takes queries and updates at
  ``/sparql`` and the Graph Store Protocol at the sibling ``/service``; or Virtuoso, which
  names itself in its ``Server`` header (asked once, on first use): its Graph Store is the
  sibling ``/sparql-graph-crud`` and its other quirks are handled here and in
  store/virtuoso.py. Other servers with a ``/sparql`` endpoint (GraphDB) need ``gsp_url``.
- ``/query`` at the root: Oxigraph again. ``/ds/query``: Fuseki, ``/ds/update``, ``/ds/data``.
- any other path, e.g. ``http://host:3030/ds``: one endpoint for everything (Fuseki datasets).

Atomicity is the server's: ``update`` and ``add_dataset`` send exactly one Update request,
which Oxigraph and Fuseki (TDB2) each apply in one transaction.

Timeouts are enforced on the client as a deadline over the whole response; the server may go
on evaluating an abandoned query (Oxigraph has a server-wide ``--timeout-s`` for that).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib
import requests

from store.backend import (
    READABLE_RESULTS,
    GraphStore,
    QueryResult,
    dump_format,
    rdf_format,
    results_format,
)
from store.errors import (
    BadRequestError,
    QueryTimeoutError,
    ReadOnlyStoreError,
    StoreAuthError,
    StoreConnectionError,
    StoreError,
    StoreTimeoutError,
)
from store.virtuoso import VIRTUOSO_OWN, split_by_graph, virtuoso_update

log = logging.getLogger(__name__)

F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)
_CONNECT_TIMEOUT = 10.0
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    gsp: str


def derive_endpoints(url: str) -> Endpoints:
    """Guess the update and Graph Store endpoints from a query or base URL (see module doc)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if not path:
        return Endpoints(at("/query"), at("/update"), at("/store"))
    if path.endswith("/sparql"):
        return Endpoints(url, url, at(path[: -len("sparql")] + "service"))
    if path.endswith("/query"):
        prefix = path[: -len("/query")]
        gsp = "/store" if not prefix else prefix + "/data"
        return Endpoints(url, at(prefix + "/update"), at(gsp))
    return Endpoints(url, url, url)


class RemoteStore(GraphStore):
    """A SPARQL 1.1 store reached over HTTP. ``token`` is sent as ``Authorization: Bearer``."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        token: str | None = None,
        timeout: float = 60.0,
        read_only: bool = False,
    ) -> None:
        derived = derive_endpoints(query_url)
        self.endpoints = Endpoints(
            derived.query, update_url or derived.update, gsp_url or derived.gsp
        )
        self.timeout = timeout
        self.read_only = read_only
        self._gsp_given = gsp_url is not None
        self._virtuoso: bool | None = None  # asked of the server on first use
        self._session: requests.Session | None = requests.Session()
        self._session.headers["User-Agent"] = "plankg"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        log.debug("remote store endpoints: %s", self.endpoints)

    def describe(self) -> str:
        return f"remote SPARQL at {self.endpoints.query}" + (
            " (read-only)" if self.read_only else ""
        )

    # -- HTTP plumbing -----------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        timeout: float,
        timeout_error: type[StoreTimeoutError] = StoreTimeoutError,
        allow_404: bool = False,
        **kwargs: object,
    ) -> requests.Response:
        if self._session is None:
            raise StoreError(f"{self.describe()} is closed")
        try:
            response = self._session.request(
                method, url, timeout=(min(_CONNECT_TIMEOUT, timeout), timeout), **kwargs
            )
        except requests.Timeout as err:
            raise timeout_error(f"{what} at {url} timed out after {timeout:g} s") from err
        except requests.ConnectionError as err:
            raise StoreConnectionError(f"cannot reach the SPARQL store at {url}: {err}") from err
        if response.status_code == 404 and allow_404:
            return response
        if response.status_code >= 400:
            raise _http_error(response, what, timeout_error)
        return response

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.describe()} is open read-only")

    @property
    def virtuoso(self) -> bool:
        """Whether the server is OpenLink Virtuoso (its ``Server`` header says so), whose
        quirks this class works around: see the README's "Virtuoso" section."""
        if self._virtuoso is None:
            response = self._send("GET", self.endpoints.query, what="SPARQL query",
                                  timeout=min(self.timeout, 30.0),
                                  params={"query": "ASK {}"},
                                  headers={"Accept": ox.QueryResultsFormat.JSON.media_type})
            self._virtuoso = response.headers.get("Server", "").startswith("Virtuoso/")
            if self._virtuoso and not self._gsp_given:
                # Virtuoso's Graph Store Protocol lives beside /sparql.
                parts = urlsplit(self.endpoints.query)
                gsp = urlunsplit((parts.scheme, parts.netloc,
                                  parts.path.rstrip("/") + "-graph-crud", "", ""))
                self.endpoints = Endpoints(self.endpoints.query, self.endpoints.update, gsp)
        return self._virtuoso

    # -- GraphStore --------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        result_format: str | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        solutions_format = _hint(results_format, result_format, READABLE_RESULTS)
        graph_format = _hint(rdf_format, result_format, None) or ox.RdfFormat.N_TRIPLES
        # One Accept for every query form: the server picks by what the query returns.
        accept = (
            f"{(solutions_format or ox.QueryResultsFormat.JSON).media_type}, "
            f"{graph_format.media_type};q=0.9"
        )
        dataset = [("default-graph-uri", g) for g in default_graph or ()] + [
            ("named-graph-uri", g) for g in named_graphs or ()
        ]
        if self.virtuoso:
            # Virtuoso 7 never answers a query POSTed directly (application/sparql-query);
            # the protocol's other POST form, URL-encoded, it takes.
            body: dict = {"data": [("query", sparql), *dataset]}
        else:
            body = {
                "data": sparql.encode("utf-8"),
                "params": dataset,
                "headers": {"Content-Type": "application/sparql-query; charset=utf-8"},
            }
        headers = {"Accept": accept, **body.pop("headers", {})}
        response = self._send(
            "POST",
            self.endpoints.query,
            what="SPARQL query",
            timeout=limit,
            timeout_error=QueryTimeoutError,
            headers=headers,
            stream=True,
            **body,
        )
        with response:
            payload = _read_before(response, deadline, limit)
        media_type = response.headers.get("Content-Type", "")
        fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.RdfFormat.from_media_type(
            media_type
        )
        if fmt is None or (isinstance(fmt, ox.QueryResultsFormat) and fmt not in READABLE_RESULTS):
            raise StoreError(
                f"{self.endpoints.query} answered a query with unusable type {media_type!r}"
            )
        result = QueryResult(payload, fmt)
        # The server sent it all; decode no more than the cap of it.
        return result.cut(max_rows) if max_rows is not None else result

    def update(self, sparql: str) -> None:
        self._writable()
        if self.virtuoso:
            sparql = virtuoso_update(sparql)
        try:
            self._send(
                "POST",
                self.endpoints.update,
                what="SPARQL update",
                timeout=self.timeout,
                data=sparql.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            )
        except StoreTimeoutError as err:
            raise StoreTimeoutError(
                f"{err}; the update may or may not have been applied", status=err.status
            ) from err

    def bulk_load(
        self, source: Path | str | bytes | BinaryIO, format: str, *, graph: str | None = None
    ) -> None:
        self._writable()
        fmt = rdf_format(format)
        if self.virtuoso and graph is None and fmt.supports_datasets:
            self._load_graph_by_graph(source, fmt)
            return
        params = _graph_params(fmt, graph)
        headers = {"Content-Type": fmt.media_type}
        if isinstance(source, bytes) or hasattr(source, "read"):
            self._post_data(source, params, headers)
            return
        with open(source, "rb") as body:
            self._post_data(body, params, headers)

    def _load_graph_by_graph(self, source: Path | str | bytes | BinaryIO,
                             fmt: ox.RdfFormat) -> None:
        if isinstance(source, bytes) or hasattr(source, "read"):
            data = source if isinstance(source, bytes) else source.read()
        else:
            data = Path(source).read_bytes()
        for name, triples in split_by_graph(data, fmt).items():
            self.bulk_load(triples, "ntriples", graph=name)

    def _post_data(self, body: object, params: dict[str, str], headers: dict[str, str]) -> None:
        self._send(
            "POST",
            self.endpoints.gsp,
            what="Graph Store load",
            timeout=self.timeout,
            data=body,
            params=params,
            headers=headers,
        )

    def named_graphs(self) -> list[str]:
        # Virtuoso answers GRAPH ?g {} with one empty row; it keeps no empty graphs anyway.
        inner = "?s ?p ?o" if self.virtuoso else ""
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {inner} }} }}")
        return sorted(str(row["g"]) for row in result if isinstance(row.get("g"), rdflib.URIRef)
                      and not (self.virtuoso and str(row["g"]).startswith(VIRTUOSO_OWN)))

    def has_graph(self, iri: str) -> bool:
        inner = "?s ?p ?o" if self.virtuoso else ""
        return bool(self.query(f"ASK WHERE {{ GRAPH {ox.NamedNode(iri)} {{ {inner} }} }}").boolean)

    def triple_count(self, graph: str | None = None) -> int:
        if graph is None and self.virtuoso:
            # Virtuoso's default graph is the union of all graphs, its own among them.
            skip = " ".join(f'FILTER(!STRSTARTS(STR(?g), "{g}"))' for g in VIRTUOSO_OWN)
            pattern = f"GRAPH ?g {{ ?s ?p ?o }} {skip}"
        elif graph is None:
            # Exact when the server's default graph is its own, not the union of all graphs.
            pattern = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        else:
            pattern = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}"
        rows = list(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"))
        return int(rows[0]["n"])

    def dump(self, format: str, graph: str | None = None) -> bytes:
        fmt = dump_format(format, graph)
        if graph is None and self.virtuoso:  # its Graph Store has no whole-store read (406)
            quads = [q for g in self.named_graphs()
                     for q in ox.parse(self.dump("nquads", graph=g), ox.RdfFormat.N_QUADS)]
            return ox.serialize(quads, format=fmt)
        params = {} if graph is None else {"graph": graph}
        response = self._send(
            "GET",
            self.endpoints.gsp,
            what="Graph Store read",
            timeout=self.timeout,
            params=params,
            # Virtuoso answers a graph in triple syntaxes only (406 for N-Quads).
            headers={"Accept": ox.RdfFormat.N_TRIPLES.media_type
                     if self.virtuoso and fmt.supports_datasets else fmt.media_type},
            allow_404=graph is not None,
        )
        if response.status_code == 404:
            return b""
        if graph is not None and fmt.supports_datasets:
            # GSP answers a graph as triples; put them back into their named graph.
            got = ox.RdfFormat.from_media_type(response.headers.get("Content-Type", "")) or fmt
            quads = (
                ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))
                for q in ox.parse(response.content, got)
            )
            return ox.serialize(quads, format=fmt)
        return response.content

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.close()


def _hint(resolve: Callable[[str], F], name: str | None, allowed: tuple[F, ...] | None) -> F | None:
    if not name:
        return None
    try:
        fmt = resolve(name)
    except ValueError:
        return None
    return fmt if allowed is None or fmt in allowed else None


def _graph_params(fmt: ox.RdfFormat, graph: str | None) -> dict[str, str]:
    if graph is not None:
        return {"graph": graph}
    return {} if fmt.supports_datasets else {"default": ""}


def _read_before(response: requests.Response, deadline: float, limit: float) -> bytes:
    chunks = []
    try:
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise QueryTimeoutError(f"query results did not arrive within {limit:g} s")
    except requests.RequestException as err:
        if time.monotonic() > deadline:
            raise QueryTimeoutError(f"query results did not arrive within {limit:g} s") from err
        raise StoreConnectionError(f"reading results from {response.url} failed: {err}") from err
    if time.monotonic() > deadline:
        raise QueryTimeoutError(f"query results did not arrive within {limit:g} s")
    return b"".join(chunks)


def _http_error(
    response: requests.Response, what: str, timeout_error: type[StoreTimeoutError]
) -> StoreError:
    status = response.status_code
    detail = response.text.strip()[:500] or response.reason
    message = f"{what} at {response.url} failed (HTTP {status}): {detail}"
    if status in (400, 415):
        return BadRequestError(message, status=status)
    if status in (401, 403):
        return StoreAuthError(message, status=status)
    if status in (408, 504):
        return timeout_error(message, status=status)
    return StoreError(message, status=status)
