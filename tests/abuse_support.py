"""What the abuse tests share: a listener that tells whether the server called out, and
the SERVICE queries aimed at it."""

from __future__ import annotations

import socket
import threading

SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
DEEP = 5000


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections: did the server call out?"""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def service_queries(endpoint: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SeRvIcE <{endpoint}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{endpoint}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX e: <{endpoint}>\nASK {{ GRAPH ?g {{ SERVICE e: {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ MINUS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"# SERVICE in a comment does not hide the real one\nDESCRIBE ?s WHERE {{\n"
        f"  SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    ]
