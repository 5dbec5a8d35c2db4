"""A lexical look at SPARQL text: the query form, SERVICE, LOAD, dataset clauses, nesting.

The policy checks need only the keywords outside strings, IRIs and comments, not a syntax
tree: Oxigraph parses the text itself (in a query worker, under the time limit) and answers
syntax errors. One compiled regular expression splits the text into tokens in C, so a
64 KiB query costs about a millisecond here, never seconds under the GIL, and nothing is
shared between request threads (rdflib's pyparsing grammar is not safe to use from several
threads at once and breaks for good when it is).

The tokens follow the SPARQL 1.1 grammar's terminals. Oxigraph, like this scanner, reads
``\\u`` escapes inside strings and IRIs only, so an escaped quote cannot end a string for one
and not the other. Where the scanner and the grammar could disagree (an unterminated string,
a stray character), the rest is scanned as code: a keyword is then found where the parser
would not see one, which refuses too much rather than too little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_DEPTH = 64  # nested { ( [ : Oxigraph's recursive parser must never get near its stack

_TOKENS = re.compile(r"""
   (?P<comment>\#[^\n\r]*)
  |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  |(?P<name>[?$][\w\u00b7]+            # variables
            |_:[\w.\-\u00b7]+          # blank node labels
            |@[A-Za-z]+(?:-[A-Za-z0-9]+)*   # language tags
            |(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w.\-:%\u00b7]|\\.)*)  # prefixed names
  |(?P<word>[^\W\d]\w*)
  |(?P<open>[{(\[])
  |(?P<close>[})\]])
  |(?P<sep>;)
""", re.VERBOSE | re.DOTALL)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                     "ADD", "WITH")


class SparqlTextError(ValueError):
    """The text is refused before it reaches the store (too deep, or not the right kind)."""


@dataclass
class Keywords:
    """The keywords of one SPARQL text, by nesting depth."""

    top: list[str] = field(default_factory=list)  # at depth 0, in order, ';' included
    anywhere: set[str] = field(default_factory=set)
    max_depth: int = 0


def keywords(text: str) -> Keywords:
    """Scan ``text``; raise SparqlTextError if it nests deeper than MAX_DEPTH."""
    found = Keywords()
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            found.anywhere.add(word)
            if depth == 0:
                found.top.append(word)
        elif kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise SparqlTextError(f"the text nests brackets deeper than {MAX_DEPTH} levels")
            found.max_depth = max(found.max_depth, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "sep" and depth == 0:
            found.top.append(";")
    return found


@dataclass
class QueryText:
    form: str | None  # SELECT, ASK, CONSTRUCT or DESCRIBE; None: the store's parser says why
    uses_service: bool

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@dataclass
class UpdateText:
    operations: list[str]
    uses_service: bool
    loads: bool
    has_dataset_clause: bool


def query_text(text: str) -> QueryText:
    """The form of a query and whether it calls SERVICE; SparqlTextError for an update."""
    found = keywords(text)
    form = next((w for w in found.top if w in QUERY_FORMS), None)
    if form is None:
        if any(w in UPDATE_OPERATIONS for w in found.top):
            raise SparqlTextError("this is a SPARQL update: send it as 'update', by POST")
    return QueryText(form, "SERVICE" in found.anywhere)


def update_text(text: str) -> UpdateText:
    """The operations of an update request and the policy-relevant keywords in it."""
    found = keywords(text)
    operations, start = [], True
    for word in found.top:
        if word == ";":
            start = True
        elif start and word in UPDATE_OPERATIONS:
            operations.append(word)
            start = False
    return UpdateText(
        operations=operations,
        uses_service="SERVICE" in found.anywhere,
        loads="LOAD" in found.top,
        has_dataset_clause="USING" in found.top or "WITH" in found.top,
    )
