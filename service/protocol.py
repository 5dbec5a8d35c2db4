"""Reading SPARQL 1.1 Protocol requests and checking them against the service's policy.

The query form (which decides the result formats), federated ``SERVICE`` calls, ``LOAD``
and dataset clauses are found by the scanner in service/sparql_text.py, outside strings,
IRIs and comments; the store parses the text itself, under the query time limit.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from flask import Request

from .sparql_text import QueryText, SparqlTextError, UpdateText, query_text, update_text

log = logging.getLogger(__name__)

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
MAX_QUERY_CHARS = 64 * 1024


class ProtocolError(Exception):
    """A request the protocol or the policy refuses; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after  # seconds, sent as Retry-After


@dataclass
class Operation:
    kind: str  # "query", "update" or "describe-service" (no operation: the description)
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)


def read_operation(request: Request) -> Operation:
    """The operation a /sparql request asks for, by GET, form POST or direct POST."""
    if request.method == "GET":
        params = request.args
        if "update" in params:
            raise ProtocolError(400, "a SPARQL update must be sent by POST, not GET")
        if request.content_length or "chunked" in request.headers.get("Transfer-Encoding", ""):
            # SPARQL 1.1 Protocol §2.2.1: a query by GET has no message body; one that has
            # is ambiguous (which query is meant?), so it is refused, not ignored.
            raise ProtocolError(400, "a query by GET carries no message body: send the "
                                     "query in the URL, or POST it")
        queries = params.getlist("query")
        if not queries:
            if any(name in params for name in ("default-graph-uri", "named-graph-uri",
                                               "using-graph-uri", "using-named-graph-uri")):
                raise ProtocolError(400, "graph parameters need a 'query' parameter")
            return Operation("describe-service")
        return _with_dataset(Operation("query", _single(queries, "query")), params)
    media_type = request.mimetype
    if not media_type:
        raise ProtocolError(400, "a POST to /sparql needs a Content-Type: "
                                 f"{FORM_TYPE}, {QUERY_TYPE} or {UPDATE_TYPE}")
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"SPARQL text must be UTF-8, not {charset}")
    if media_type == FORM_TYPE:
        form = request.form
        queries, updates = form.getlist("query"), form.getlist("update")
        if queries and updates:
            raise ProtocolError(400, "give either a query or an update, not both")
        if updates:
            return _with_dataset(Operation("update", _single(updates, "update")), form)
        if queries:
            return _with_dataset(Operation("query", _single(queries, "query")), form)
        raise ProtocolError(400, "the form needs a 'query' or an 'update' parameter")
    if media_type in (QUERY_TYPE, UPDATE_TYPE):
        kind = "query" if media_type == QUERY_TYPE else "update"
        other = "update" if kind == "query" else "query"
        if other in request.args or kind in request.args:
            raise ProtocolError(400, f"a direct POST carries the {kind} in the body only")
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError as err:
            raise ProtocolError(400, f"the {kind} is not valid UTF-8: {err}") from err
        return _with_dataset(Operation(kind, text), request.args)
    raise ProtocolError(415, f"unsupported Content-Type {media_type!r}: use {FORM_TYPE}, "
                             f"{QUERY_TYPE} or {UPDATE_TYPE}")


def _single(values: list[str], name: str) -> str:
    if len(values) > 1:
        raise ProtocolError(400, f"exactly one '{name}' parameter is allowed, got {len(values)}")
    return values[0]


def _with_dataset(op: Operation, params) -> Operation:
    if len(params.getlist("version")) > 1:
        # SPARQL 1.2 Protocol: one operation has at most one version.
        raise ProtocolError(400, "the 'version' parameter may be given at most once, got "
                                 f"{len(params.getlist('version'))}")
    if op.kind == "query":
        op.default_graphs = params.getlist("default-graph-uri")
        op.named_graphs = params.getlist("named-graph-uri")
        if params.getlist("using-graph-uri") or params.getlist("using-named-graph-uri"):
            raise ProtocolError(400, "using-graph-uri belongs to updates; queries take "
                                     "default-graph-uri and named-graph-uri")
    else:
        op.using_graphs = params.getlist("using-graph-uri")
        op.using_named_graphs = params.getlist("using-named-graph-uri")
        if params.getlist("default-graph-uri") or params.getlist("named-graph-uri"):
            raise ProtocolError(400, "default-graph-uri belongs to queries; updates take "
                                     "using-graph-uri and using-named-graph-uri")
    for iri in (*op.default_graphs, *op.named_graphs, *op.using_graphs,
                *op.using_named_graphs):
        if ":" not in iri or any(c in iri for c in ' <>"{}|^`\\'):
            raise ProtocolError(400, f"graph parameter {iri!r} is not an absolute IRI")
    return op


# --- syntax ------------------------------------------------------------------------------

def parse_query(text: str) -> QueryText:
    """The form of a query and whether it calls SERVICE, found without a parser."""
    if len(text) > MAX_QUERY_CHARS:
        raise ProtocolError(413, f"the query is {len(text)} characters long; this server "
                                 f"takes queries of at most {MAX_QUERY_CHARS}")
    try:
        return query_text(text)
    except SparqlTextError as err:
        raise ProtocolError(400, f"SPARQL query refused: {err}") from err


def parse_update(text: str) -> UpdateText:
    """The operations of an update and its LOAD, SERVICE and dataset clauses."""
    try:
        return update_text(text)
    except SparqlTextError as err:
        raise ProtocolError(400, f"SPARQL update refused: {err}") from err


_WORD = re.compile(r"[A-Za-z_]+")


def add_using(text: str, using: list[str], using_named: list[str]) -> str:
    """Give each DELETE/INSERT … WHERE operation the protocol's dataset as USING clauses.

    The SPARQL 1.1 Protocol's ``using-graph-uri`` / ``using-named-graph-uri`` mean the same
    as USING / USING NAMED in every operation of the request (the caller has refused
    requests that carry both). The store's update takes no dataset, so the clauses are
    written into the text, before each top-level WHERE of a DELETE/INSERT operation. The
    text has parsed already, so a small scanner that skips strings, IRIs and comments
    finds those WHEREs reliably.
    """
    clauses = "".join(f"USING <{g}> " for g in using)
    clauses += "".join(f"USING NAMED <{g}> " for g in using_named)
    inserts: list[int] = []
    depth, i, n = 0, 0, len(text)
    words: list[str] = []  # top-level keywords of the current operation
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if ch in "'\"":
            quote = text[i:i + 3] if text[i:i + 3] in ("'''", '"""') else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if ch == "<":
            end = re.match(r"<[^<>\"{}|^`\\\x00-\x20]*>", text[i:])
            i += end.end() if end else 1
            continue
        if ch == "{":
            if depth == 0:
                words.append("{")  # so that "DELETE { … } WHERE" differs from "DELETE WHERE"
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ";" and depth == 0:
            words = []
        elif depth == 0 and (match := _WORD.match(text, i)) and (
                i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_:?$")):
            word = match.group(0).upper()
            is_modify = words[:1] in (["DELETE"], ["INSERT"]) and words[-1:] != ["DELETE"]
            if word == "WHERE" and is_modify and "DATA" not in words:
                inserts.append(i)
            if word in ("DELETE", "INSERT", "WHERE", "DATA", "WITH"):
                words.append(word)
            i = match.end()
            continue
        i += 1
    for position in reversed(inserts):
        text = text[:position] + clauses + text[position:]
    return text
