"""SPARQL 1.1 Graph Store HTTP Protocol at /service (indirect graph identification).

``?graph=IRI`` names a graph, ``?default`` the default graph; with neither, GET and POST act on
the whole dataset in N-Quads or TriG (what ``RemoteStore.dump`` and ``bulk_load`` use).
Reads are open; PUT, POST and DELETE need the write token.
"""

from __future__ import annotations

import json
import logging
import re
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request

from store import BadRequestError, StoreError
from store.backend import replace_graphs_update

from .auth import WriteRefused, check_write_token, text_refusal
from .context import base, store, write_lock
from .negotiate import DATASET_TYPES, GRAPH_TYPES, choose, media_type
from .protocol import ProtocolError
from .sparql import text_error

log = logging.getLogger(__name__)
bp = Blueprint("gsp", __name__)

DEFAULT = "default"
# Bodies that carry named graphs of their own (JSON-LD can, but is sent as one graph here).
DATASET_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


@bp.route("/service", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    try:
        if request.method != "GET":
            check_write_token()  # before anything about the request is judged or told
        target = _target()
        if request.method == "GET":
            return _read(target)
        with write_lock():
            if request.method == "DELETE":
                return _delete(target)
            return _write(target, replace=request.method == "PUT")
    except ProtocolError as err:
        return text_error(err.status, err.message)
    except WriteRefused as err:
        return text_refusal(err)
    except BadRequestError as err:
        return text_error(400, str(err))
    except StoreError as err:
        log.exception("graph store request failed")
        return text_error(500, f"the store failed: {err}")


def _target() -> str | None:
    """The graph IRI, DEFAULT, or None for the whole dataset."""
    graphs = request.args.getlist("graph")
    has_default = "default" in request.args
    if len(request.args.getlist("default")) > 1:
        raise ProtocolError(400, "give ?default once")
    if graphs and has_default:
        raise ProtocolError(400, "give either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ProtocolError(400, "exactly one graph parameter is allowed")
    if has_default:
        return DEFAULT
    if graphs:
        try:
            return ox.NamedNode(graphs[0]).value
        except ValueError as err:
            raise ProtocolError(400, f"graph parameter {graphs[0]!r} is not an IRI") from err
    return None


def _exists(target: str) -> bool:
    return target == DEFAULT or store().has_graph(target)


def _read(target: str | None) -> Response:
    if target is None:
        fmt = choose(DATASET_TYPES)
        return Response(store().dump(fmt), mimetype=media_type(DATASET_TYPES, fmt))
    if not _exists(target):
        return text_error(404, f"no graph {target} in this store")
    fmt = choose(GRAPH_TYPES)
    if target == DEFAULT:
        result = store().query("CONSTRUCT WHERE { ?s ?p ?o }", result_format=fmt)
        body = result.serialize(fmt)
    else:
        body = store().dump(fmt, graph=target)
    response = Response(body, mimetype=media_type(GRAPH_TYPES, fmt))
    response.headers["Vary"] = "Accept"
    return response


def _delete(target: str | None) -> Response:
    if target is None:
        raise ProtocolError(400, "DELETE needs ?graph=IRI or ?default")
    if target == DEFAULT:
        store().update("CLEAR SILENT DEFAULT")
        return Response(status=204)
    if not store().has_graph(target):
        return text_error(404, f"no graph {target} in this store")
    store().update(f"DROP GRAPH <{target}>")
    return Response(status=204)


def _body_format() -> ox.RdfFormat:
    media = request.mimetype
    if not media:
        raise ProtocolError(400, "a graph upload needs a Content-Type (e.g. text/turtle)")
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise ProtocolError(415, f"unsupported RDF media type {media!r}")
    return fmt


def _write(target: str | None, *, replace: bool) -> Response:
    fmt = _body_format()
    created_iri = None
    if target is None:
        if replace:
            raise ProtocolError(400, "PUT needs ?graph=IRI or ?default")
        if fmt in DATASET_FORMATS:
            quads = _parse(fmt, None)
            if quads:
                store().update(replace_graphs_update(quads, []))
            return Response(status=204)
        # POST of a graph to the store itself: a new graph named here (GSP section 5.5).
        created_iri = target = f"{base()}graph/{uuid.uuid4()}"
    elif fmt in DATASET_FORMATS:
        raise ProtocolError(415, f"{fmt.name} holds a dataset; send one graph as Turtle, "
                                 "N-Triples, RDF/XML or JSON-LD")
    existed = _exists(target)
    quads = _parse(fmt, target)
    operations = []
    if replace:
        operations.append("CLEAR SILENT DEFAULT" if target == DEFAULT
                          else f"DROP SILENT GRAPH <{target}>")
    if quads:
        operations.append(replace_graphs_update(quads, []))
    elif target != DEFAULT:
        operations.append(f"CREATE SILENT GRAPH <{target}>")
    if operations:
        store().update(" ;\n".join(operations))  # one request: atomic
    if created_iri:
        return Response(status=201, headers={"Location": f"{request.base_url}?graph={created_iri}"})
    return Response(status=204 if existed else 201)


def _parse(fmt: ox.RdfFormat, target: str | None) -> list[ox.Quad]:
    if fmt == ox.RdfFormat.JSON_LD:
        _check_json_depth(request.get_data())
    if fmt == ox.RdfFormat.RDF_XML:
        _check_no_declarations(request.get_data())
    try:
        parsed = list(ox.parse(request.get_data(), fmt, base_iri=request.base_url,
                               rename_blank_nodes=True))
    except (SyntaxError, ValueError) as err:
        raise ProtocolError(400, f"the {fmt.name} body cannot be read: {err}") from err
    if target in (None, DEFAULT):
        return parsed
    graph = ox.NamedNode(target)
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]


def _check_json_depth(body: bytes) -> None:
    """Refuse JSON nested deeper than Python's recursion limit (about 1000), or no JSON-LD.

    Oxigraph's JSON-LD parser recurses natively and crashes the whole process on a stack
    overflow at a few thousand levels; Python's C JSON decoder stops cleanly first.
    """
    try:
        document = json.loads(body)
    except RecursionError as err:
        raise ProtocolError(400, "the JSON-LD body is nested too deeply") from err
    except ValueError:
        return  # not JSON at all: Oxigraph's parser says where
    if not isinstance(document, dict | list):
        # Oxigraph reads a bare scalar as an empty document: a PUT would clear the graph.
        raise ProtocolError(400, "a JSON-LD document is a JSON object or array, not "
                                 f"{type(document).__name__}")


_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)", re.IGNORECASE)


def _check_no_declarations(body: bytes) -> None:
    """Refuse RDF/XML with a DOCTYPE, ENTITY or any other ``<!`` declaration.

    The XML parser under Oxigraph expands internal entities: a 560-byte body with nested
    entities stored a 10-million-character literal. RDF/XML needs no declarations, so any
    is refused before parsing, in every encoding the parser would read.
    """
    texts = [body.decode("latin-1")]
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:4]:
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            texts.append(body.decode(encoding, errors="ignore"))
    if any(_DECLARATION.search(text) for text in texts):
        raise ProtocolError(400, "RDF/XML with a DOCTYPE or ENTITY declaration is refused: "
                                 "entities could expand far beyond the upload limit")
