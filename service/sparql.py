"""SPARQL 1.1 Protocol endpoint at /sparql: queries, updates and the Service Description."""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, redirect, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from plankg.prefixes import readable_error
from plankg.union import union_dataset
from store import BadRequestError, QueryResult, QueryTimeoutError, StoreError
from store.pool import PoolBusyError, WorkerDiedError

from .auth import WriteRefused, check_write_token, text_refusal
from .context import config, is_iri, store, write_lock
from .guard import RETRY_AFTER_STOPPED
from .negotiate import GRAPH_TYPES, RDFLIB_FORMATS, SOLUTION_TYPES, choose, media_type
from .protocol import ProtocolError, add_using, parse_query, parse_update, read_operation

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def text_error(status: int, message: str, retry_after: int | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    try:
        op = read_operation(request)
        if op.kind == "describe-service":
            return service_description()
        if op.kind == "update":
            return run_update(op.text, op.using_graphs, op.using_named_graphs)
        parsed = parse_query(op.text)
        fmt = choose(GRAPH_TYPES if parsed.returns_graph else SOLUTION_TYPES)
        result = execute_query(op.text, fmt, parsed.uses_service,
                               op.default_graphs, op.named_graphs)
    except ProtocolError as err:
        return text_error(err.status, err.message, err.retry_after)
    except WriteRefused as err:
        return text_refusal(err)
    return result_response(result, fmt)


def execute_query(text: str, fmt: str, uses_service: bool,
                  default_graphs: list[str] | None = None,
                  named_graphs: list[str] | None = None, *,
                  union: bool | None = None) -> QueryResult:
    """Run a parsed query under the service's time limit and result cap; raise ProtocolError.

    ``union``: the named graphs are the default graph (plankg/union.py) unless the request
    or the query names a dataset; None: as ``sparql_union_default_graph`` says."""
    cfg = config()
    if uses_service and not cfg.allow_service:
        raise ProtocolError(403, "SERVICE (federated query to other endpoints) is disabled "
                                 "on this server (allow_service / PLANKG_ALLOW_SERVICE)")
    dataset = {}
    if default_graphs or named_graphs:
        # Protocol dataset parameters replace FROM / FROM NAMED; a side not given is empty.
        dataset = {"default_graph": list(default_graphs or []),
                   "named_graphs": list(named_graphs or [])}
    elif cfg.sparql_union_default_graph if union is None else union:
        dataset = union_dataset(store(), text)
    try:
        # The store stops reading solutions past the cap: neither memory nor time grows
        # with what is cut off.
        result = store().query(with_base(text, query_base()), timeout=cfg.query_timeout,
                               result_format=fmt, max_rows=cfg.result_limit, **dataset)
    except QueryTimeoutError as err:
        raise ProtocolError(503, f"query stopped: it ran longer than the limit of "
                                 f"{cfg.query_timeout:g} s ({err})",
                            retry_after=RETRY_AFTER_STOPPED) from err
    except BadRequestError as err:
        raise ProtocolError(400, readable_error(_own_lines(str(err)), text)) from err
    except (PoolBusyError, WorkerDiedError):
        raise  # answered with Retry-After by service.guard
    except StoreError as err:
        log.exception("query failed")
        raise ProtocolError(err.status if err.status and err.status >= 500 else 500,
                            f"the store failed to answer: {err}") from err
    return result


def with_base(text: str, base: str) -> str:
    """The text under the base IRI ``base``: the SPARQL Protocol has a service define the
    base that relative IRIs resolve against (§2.4) when the text declares none; a BASE of
    the text's own comes later and wins. On a line of its own, so that error positions
    only need their line moved back (_own_lines)."""
    return f"BASE <{base}>\n{text}"


def query_base() -> str:
    """A query's base: the endpoint, the URI its answer is retrieved from (RFC 3986
    §5.1.4). An update's base is the graph's own, ``base_iri``, where what it writes
    belongs; so a relative IRI written by an update is no relative IRI of a query."""
    endpoint = url_for("sparql.endpoint", _external=True)
    # The host comes from the client's Host header: one that would not make an IRI
    # (it would break the BASE line) gives way to the graph's base.
    return endpoint if is_iri(endpoint) else config().base_iri


def _own_lines(message: str) -> str:
    """An error position in the text as the client sent it, without the BASE line."""
    return re.sub(r"error at (\d+):(\d+):",
                  lambda m: f"error at {max(1, int(m.group(1)) - 1)}:{m.group(2)}:", message,
                  count=1)


def _readable(message: str) -> str:
    """Oxigraph's "error at 3:14: expected …" as "syntax error at line 3, column 14: …"."""
    message = _own_lines(message)
    text = re.sub(r"error at (\d+):(\d+):", r"syntax error at line \1, column \2:", message,
                  count=1)
    # Oxigraph lists every character class it expected: the start of the list is enough.
    return text if len(text) <= 400 else text[:400] + " …"


def result_response(result: QueryResult, fmt: str) -> Response:
    response = Response(result.serialize(fmt), mimetype=result.media_type(fmt))
    if result.media_type(fmt).startswith("text/") or fmt in ("json", "jsonld", "xml", "rdfxml"):
        response.charset = "utf-8"
    response.headers["Vary"] = "Accept"
    if result.truncated:
        response.headers["X-Result-Limit"] = str(config().result_limit)
        response.headers["X-Result-Truncated"] = "true"
    return response


def run_update(text: str, using: list[str], using_named: list[str]) -> Response:
    # The token first: anonymous text is not even scanned.
    check_write_token()
    parsed = parse_update(text)
    if (using or using_named) and parsed.has_dataset_clause:
        raise ProtocolError(400, "the update names its dataset (USING/WITH) and the request "
                                 "gives using-graph-uri: give only one")
    if using or using_named:
        text = add_using(text, using, using_named)
    cfg = config()
    if parsed.loads and not cfg.allow_service:
        raise ProtocolError(403, "LOAD (fetching data from the web) is disabled on this server")
    if parsed.uses_service and not cfg.allow_service:
        raise ProtocolError(403, "SERVICE (federated query to other endpoints) is disabled "
                                 "on this server (allow_service / PLANKG_ALLOW_SERVICE)")
    try:
        with write_lock():
            store().update(with_base(text, cfg.base_iri))
    except BadRequestError as err:
        raise ProtocolError(400, _readable(str(err))) from err
    except StoreError as err:
        log.exception("update failed")
        raise ProtocolError(500, f"the store failed to apply the update: {err}") from err
    log.info("applied an update (%s) from %s", ", ".join(parsed.operations), request.remote_addr)
    return Response(status=204)


def service_description() -> Response:
    fmt = choose(GRAPH_TYPES, allow_html=True)
    if fmt == "html":
        return redirect(url_for("pages.editor"), code=303)
    cfg = config()
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = URIRef(request.base_url)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(request.base_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if cfg.token:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    if cfg.allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in store().named_graphs():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    graph.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal(f"plankg SPARQL endpoint; queries stop after {cfg.query_timeout:g} s "
                       f"and return at most {cfg.result_limit} rows")))
    media = media_type(GRAPH_TYPES, fmt)
    response = Response(graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8"),
                        mimetype=media)
    response.headers["Vary"] = "Accept"
    return response
