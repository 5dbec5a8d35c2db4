"""Content negotiation: which serialization a client gets, from ``Accept`` or ``?format=``."""

from __future__ import annotations

from flask import request

# (media type offered, the store's short format name); the first is the default.
SOLUTION_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
GRAPH_TYPES = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/rdf+xml", "rdfxml"),
    ("application/ld+json", "jsonld"),
    ("application/x-turtle", "turtle"),
    ("text/plain", "ntriples"),
    ("application/xml", "rdfxml"),
    ("application/json", "jsonld"),
]
# rdflib's names for the graph formats, where a graph is built in Python (catalogue,
# service description) rather than answered by the store.
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
DATASET_TYPES = [("application/n-quads", "nquads"), ("application/trig", "trig")]
SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
               "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples", "rdfxml": "rdfxml",
               "jsonld": "jsonld", "json-ld": "jsonld", "nquads": "nquads", "trig": "trig"}


def choose(offers: list[tuple[str, str]], *, allow_html: bool = False) -> str:
    """The short format name for this request ("html" if a browser prefers a page)."""
    explicit = request.args.get("format")
    if explicit:
        name = SHORT_NAMES.get(explicit.lower())
        if name and name in {fmt for _, fmt in offers}:
            return name
    accept = request.accept_mimetypes
    if not accept:
        return offers[0][1]
    types = [t for t, _ in offers]
    listed = {value for value, _ in accept}
    # "*/*" matches everything: only an explicitly listed text/html gets a page.
    if allow_html and "text/html" in listed:
        types = ["text/html", *types]
    best = accept.best_match(types)
    if best is None:
        return offers[0][1]
    if best == "text/html":
        return "html"
    return dict(offers)[best]


def media_type(offers: list[tuple[str, str]], fmt: str) -> str:
    """The first (canonical) media type offered for a short format name."""
    return next(t for t, f in offers if f == fmt)
