"""One query worker process: evaluates SPARQL over a read-only view of an Oxigraph store.

Started by store/pool.py as a plain script (``python store/query_worker.py FD PATH BYTES
NICE``)
so that it imports nothing but pyoxigraph and the standard library: a replacement worker is
ready in well under a second. It talks to its pool over the socket ``FD`` with pickled
tuples (multiprocessing's framing) and may be killed at any moment: it holds no lock and
writes nothing. Its address space is capped (RLIMIT_AS), so a query that grows without
bound ends this process, not the service.

Job: ``(generation, sparql, results_format, graph_format, default_graph, named_graphs)``;
a new ``generation`` means the store was written since the view was opened, so the view is
opened again. Reply: ``("ok", payload, format_kind, format_name)``, ``("syntax", message)``
or ``("error", message)``.
"""

from __future__ import annotations

import os
import resource
import socket
import sys
import time
from multiprocessing.connection import Connection


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
    _generation, sparql, results_name, graph_name, default_graph, named_graphs = job
    options = {}
    if default_graph is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    if named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(sparql, **options)
        if isinstance(result, ox.QueryTriples):
            fmt = getattr(ox.RdfFormat, graph_name)
            return "ok", result.serialize(format=fmt), "rdf", graph_name
        fmt = getattr(ox.QueryResultsFormat, results_name)
        return "ok", result.serialize(format=fmt), "results", results_name
    except SyntaxError as err:
        return "syntax", str(err)
    except (OSError, RuntimeError, ValueError, MemoryError) as err:
        return "error", f"{type(err).__name__}: {err}"


def main(argv: list[str]) -> int:
    fd, path, memory = int(argv[1]), argv[2], int(argv[3])
    niceness = int(argv[4]) if len(argv) > 4 else 0
    if niceness:
        os.nice(niceness)  # first, so that even opening the store runs in the background
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    import pyoxigraph as ox

    sock = socket.socket(fileno=fd)
    conn = Connection(sock.detach())
    store, generation = None, None
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return 0
        try:
            if store is None or job[0] != generation:
                store, generation = None, None
                store, generation = _open(ox, path), job[0]
            reply = _evaluate(ox, store, job)
            if _vanished(reply):
                store = None
                store = _open(ox, path)
                reply = _evaluate(ox, store, job)
        except (OSError, RuntimeError, MemoryError) as err:
            store, generation = None, None
            reply = ("error", f"{type(err).__name__}: {err}")
        conn.send(reply)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
