"""One query worker process: evaluates SPARQL over a read-only view of an Oxigraph store.

Started by store/pool.py as a plain script (``python store/query_worker.py FD PATH BYTES
NICE [PRELOAD]``) so that it imports nothing but pyoxigraph and the standard library: a
replacement worker is ready in well under a second. It talks to its pool over the socket
``FD`` with pickled tuples (multiprocessing's framing) and may be killed at any moment: it
holds no lock and writes nothing. Its address space is capped (RLIMIT_AS), so a query that
grows without bound ends this process, not the service.

Jobs:

- ``("sparql", generation, sparql, results_format, graph_format, default_graph,
  named_graphs, max_rows)``: one query. Reply ``("ok", payload, format_kind,
  format_name[, truncated])``, ``("syntax", message)`` or ``("error", message)``.
- ``("call", generation, module, function, args, kwargs)``: one of the service's fixed
  questions, ``module.function(store, *args, **kwargs)`` of the package's store layer,
  run here whole: its several queries and the decoding of their rows cost no round trip
  each, and stay inside this process's limits. Reply ``("value", result)``,
  ``("refused", message)`` (a bad request) or ``("error", message)``. The package is
  imported on the first call (or at start with PRELOAD=1, for the workers that answer
  the service's API).

A new ``generation`` means the store was written since the view was opened, so the view is
opened again. Every reply goes out as ``(cpu_seconds, reply)``: this process's CPU time so
far, from which the pool charges the job without reading /proc.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import socket
import sys
import time
from multiprocessing.connection import Connection

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _open(ox, path: str):
    # A read-only view reads the writer's file list and log as they are at that instant.
    # A write or a compaction in flight can leave a log tail it refuses or name a file that
    # is being deleted; a moment later the list is consistent again.
    for attempt in range(10):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == 9:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _vanished(reply: tuple) -> bool:
    """Whether a query failed because a compaction removed a file the view still named."""
    return reply[0] == "error" and "No such file" in reply[1]


def _evaluate(ox, store, job: tuple) -> tuple:
    sparql, results_name, graph_name, default_graph, named_graphs, max_rows = job[2:]
    options = {}
    if default_graph is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    if named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(sparql, **options)
        if max_rows is not None and not isinstance(result, ox.QueryBoolean):
            return _capped(ox, result, max_rows)
        if isinstance(result, ox.QueryTriples):
            fmt = getattr(ox.RdfFormat, graph_name)
            return "ok", result.serialize(format=fmt), "rdf", graph_name
        fmt = getattr(ox.QueryResultsFormat, results_name)
        return "ok", result.serialize(format=fmt), "results", results_name
    except SyntaxError as err:
        return "syntax", str(err)
    except (OSError, RuntimeError, ValueError, MemoryError) as err:
        return "error", f"{type(err).__name__}: {err}"


def _capped(ox, result, max_rows: int) -> tuple:
    """The first ``max_rows`` solutions or triples, evaluated no further than one past
    them: the cap bounds the worker's time and memory, not just the answer. (The same
    SPARQL JSON as store.results.capped_solutions, written here because this script
    imports nothing of the package: rdflib alone would take a second per new worker.)"""
    first = list(itertools.islice(result, max_rows + 1))
    truncated = len(first) > max_rows
    if isinstance(result, ox.QueryTriples):
        payload = ox.serialize(first[:max_rows], format=ox.RdfFormat.N_TRIPLES)
        return "ok", payload, "rdf", "N_TRIPLES", truncated
    names = [v.value for v in result.variables]
    bindings = [{name: _json_term(ox, solution[name]) for name in names
                 if solution[name] is not None} for solution in first[:max_rows]]
    payload = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                         ensure_ascii=False).encode("utf-8")
    return "ok", payload, "results", "JSON", truncated


def _json_term(ox, term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    raise ValueError(f"RDF-star triple terms are not supported in results: {term}")


CALLABLE = "store."  # a call job may name functions of the package's store layer only


class _Views:
    """This worker's read-only views of the store, opened when first needed and again
    after a write: the plain pyoxigraph one for SPARQL jobs, a LocalStore for calls."""

    def __init__(self, ox, path: str) -> None:
        self.ox, self.path = ox, path
        self.generation: int | None = None
        self.raw = None
        self.local = None

    def fresh(self, generation: int) -> None:
        if generation != self.generation:
            self.drop()
            self.generation = generation

    def drop(self) -> None:
        self.raw = self.local = None
        self.generation = None

    def sparql(self):
        if self.raw is None:
            self.raw = _open(self.ox, self.path)
        return self.raw

    def graph_store(self):
        if self.local is None:
            from store.local import LocalStore

            for attempt in range(10):  # as _open: a write may be in flight
                try:
                    self.local = LocalStore(self.path, read_only=True)
                    break
                except Exception:  # noqa: BLE001  (StoreError; this script imports lazily)
                    if attempt == 9:
                        raise
                    time.sleep(0.02 * (attempt + 1))
        return self.local


def _run(ox, views: _Views, job: tuple) -> tuple:
    views.fresh(job[1])
    if job[0] == "call":
        return _call(views, job)
    reply = _evaluate(ox, views.sparql(), job)
    if _vanished(reply):
        views.raw = None
        reply = _evaluate(ox, views.sparql(), job)
    return reply


def _call(views: _Views, job: tuple) -> tuple:
    import importlib

    from store.errors import BadRequestError, StoreError

    _kind, _generation, module, function, args, kwargs = job
    if not module.startswith(CALLABLE):
        return "error", f"{module}.{function} may not be called in a query worker"
    target = getattr(importlib.import_module(module), function)
    for attempt in (0, 1):
        try:
            return "value", target(views.graph_store(), *args, **kwargs)
        except BadRequestError as err:
            return "refused", str(err)
        except StoreError as err:
            if attempt == 0 and "No such file" in str(err):  # see _vanished
                views.local = None
                continue
            return "error", str(err)
        except MemoryError:
            raise
        except Exception as err:  # noqa: BLE001  (a failed question, not a dead worker)
            return "error", f"{type(err).__name__}: {err}"
    raise AssertionError("unreachable")


def main(argv: list[str]) -> int:
    fd, path, memory = int(argv[1]), argv[2], int(argv[3])
    niceness = int(argv[4]) if len(argv) > 4 else 0
    preload = len(argv) > 5 and argv[5] == "1"
    if niceness:
        os.nice(niceness)  # first, so that even opening the store runs in the background
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    import pyoxigraph as ox

    if preload:
        import store.queries  # noqa: F401  (the API's questions: ready before the first)
        import store.who  # noqa: F401
    sock = socket.socket(fileno=fd)
    conn = Connection(sock.detach())
    views = _Views(ox, path)
    conn.send((time.process_time(), ("ready",)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return 0
        try:
            reply = _run(ox, views, job)
        except (OSError, RuntimeError, MemoryError) as err:
            views.drop()
            reply = ("error", f"{type(err).__name__}: {err}")
        conn.send((time.process_time(), reply))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
