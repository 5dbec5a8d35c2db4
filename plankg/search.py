"""The full-text index beside the store: SQLite FTS5 over measures and actors.

Regex filters over SPARQL cannot rank, and they miss the spellings German documents use for
one name ("H. Kühn", "Herr Kühn", "Kuehn"). So every load also writes the loaded report's
measures (titles, descriptions, actors, status texts) and actors into an FTS5 index, and
searches rank with bm25. Text is normalised the same way on both sides before FTS5 sees it:
casefold, umlauts transliterated (ä→ae, ö→oe, ü→ue, ß→ss, so "Kühn" and "Kuehn" meet),
other accents dropped by the tokenizer; in queries honorifics ("Herr", "Frau", "H.", "Fr.",
"Dr.") are ignored, since a document's "H. Kühn" and a user's "Herr Kühn" are one person.

The index is derived data: ``plankg reindex`` rebuilds it from the store, and a search
first indexes the documents the store has and the index lacks.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
from pathlib import Path

from extractor.naming import transliterate
from store import GraphStore
from store.queries import iri, select

log = logging.getLogger(__name__)

HONORIFICS = frozenset({"herr", "herrn", "frau", "h", "hr", "fr", "dr", "prof"})
_WORD = re.compile(r"\w+")
# Column weights for bm25: a hit in the title counts most, one in a long status text least.
_WEIGHTS = "10.0, 3.0, 6.0, 2.0"

_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS measures USING fts5(
  iri UNINDEXED, title, description, actors, status,
  tokenize = "unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE IF NOT EXISTS agents USING fts5(
  iri UNINDEXED, name, tokenize = "unicode61 remove_diacritics 2");
CREATE TABLE IF NOT EXISTS documents (iri TEXT PRIMARY KEY);
"""


def normalise(text: str) -> str:
    """The form both the index and the queries are written in."""
    return transliterate(text.casefold())


def query_terms(text: str) -> list[str]:
    """The words of a search, normalised, honorifics left out."""
    return [w for w in _WORD.findall(normalise(text)) if w not in HONORIFICS]


def match_expression(text: str) -> str | None:
    """An FTS5 MATCH expression: every word, each also as a prefix ("Fachtag*")."""
    terms = query_terms(text)
    return " AND ".join(f'"{t}"*' for t in terms) if terms else None


def index_path(store_location: str, data_dir: Path) -> Path:
    """Beside a local store (``data`` → ``data.search.sqlite``); for a remote store, in
    the user's data directory, one file per URL."""
    text = str(store_location)
    if text.startswith(("http://", "https://")):
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        return data_dir / f"search-{digest}.sqlite"
    path = Path(text)
    return path.with_name(path.name + ".search.sqlite")


class SearchIndex:
    """One SQLite file; connections per thread (the service answers in threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._write = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.executescript(_SCHEMA)
            self._local.db = db
        return db

    def documents(self) -> set[str]:
        return {row[0] for row in self._db().execute("SELECT iri FROM documents")}

    def index_documents(self, store: GraphStore, documents: list[str]) -> int:
        """(Re)write the measures and actors of ``documents``; returns how many measures."""
        if not documents:
            return 0
        measures = _measures_of(store, documents)
        rows = _measure_rows(store, measures)
        agents = _agents_of(store, documents)
        with self._write, self._db() as db:
            db.executemany("DELETE FROM measures WHERE iri = ?", [(m,) for m in rows])
            db.executemany("INSERT INTO measures VALUES (?, ?, ?, ?, ?)",
                           [(m, *map(normalise, cols)) for m, cols in rows.items()])
            db.executemany("DELETE FROM agents WHERE iri = ?", [(a,) for a in agents])
            db.executemany("INSERT INTO agents VALUES (?, ?)",
                           [(a, normalise(" ".join(sorted(n)))) for a, n in agents.items()])
            db.executemany("INSERT OR IGNORE INTO documents VALUES (?)",
                           [(d,) for d in documents])
        log.info("indexed %d measures and %d actors of %d documents", len(rows), len(agents),
                 len(documents))
        return len(rows)

    def catch_up(self, store: GraphStore) -> int:
        """Index the documents the store holds and the index does not (stale or new)."""
        missing = sorted(set(_documents(store)) - self.documents())
        return self.index_documents(store, missing)

    def rebuild(self, store: GraphStore) -> int:
        with self._write, self._db() as db:
            db.execute("DELETE FROM measures")
            db.execute("DELETE FROM agents")
            db.execute("DELETE FROM documents")
        return self.index_documents(store, _documents(store))

    def measures(self, text: str, limit: int = 200) -> list[str]:
        """Measure IRIs matching ``text``, best first."""
        expression = match_expression(text)
        if expression is None:
            return []
        rows = self._db().execute(
            f"SELECT iri FROM measures WHERE measures MATCH ? "
            f"ORDER BY bm25(measures, 0.0, {_WEIGHTS}) LIMIT ?", (expression, limit))
        return [row[0] for row in rows]

    def agents(self, text: str, limit: int = 200) -> list[str]:
        """Actor IRIs whose names match ``text``, best first."""
        expression = match_expression(text)
        if expression is None:
            return []
        rows = self._db().execute("SELECT iri FROM agents WHERE agents MATCH ? "
                                  "ORDER BY bm25(agents) LIMIT ?", (expression, limit))
        return [row[0] for row in rows]

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def _documents(store: GraphStore) -> list[str]:
    rows = select(store, "SELECT DISTINCT ?doc WHERE { GRAPH ?doc { ?doc a pk:PlanDocument } }")
    return [row["doc"] for row in rows]


def _measures_of(store: GraphStore, documents: list[str]) -> list[str]:
    values = " ".join(iri(d) for d in documents)
    rows = select(store, f"""SELECT DISTINCT ?m WHERE {{ VALUES ?doc {{ {values} }}
  GRAPH ?doc {{ ?m a pk:Measure }} }}""")
    return [row["m"] for row in rows]


def _measure_rows(store: GraphStore, measures: list[str]) -> dict[str, tuple[str, ...]]:
    """Per measure, over every report that speaks of it: titles, descriptions, actors'
    names and status texts."""
    parts: dict[str, tuple[set, set, set, set]] = {m: (set(), set(), set(), set())
                                                   for m in measures}
    for start in range(0, len(measures), 200):
        values = " ".join(iri(m) for m in measures[start:start + 200])
        rows = select(store, f"""SELECT ?m ?title ?desc ?who ?status WHERE {{
  VALUES ?m {{ {values} }}
  {{ GRAPH ?g {{ ?m pk:title ?title }} }} UNION {{ GRAPH ?g {{ ?m pk:description ?desc }} }}
  UNION {{ GRAPH ?g {{ ?m pk:responsibleAgent ?a . ?a rdfs:label ?who }} }}
  UNION {{ GRAPH ?g {{ ?a pk:measure ?m ; pk:agent ?ag . ?ag foaf:name ?who }} }}
  UNION {{ GRAPH ?g {{ ?o pk:ofMeasure ?m ; pk:statusText ?status }} }} }}""")
        for row in rows:
            bucket = parts[row["m"]]
            for n, key in enumerate(("title", "desc", "who", "status")):
                if row.get(key):
                    bucket[n].add(str(row[key]))
    return {m: tuple(" ".join(sorted(s)) for s in cols) for m, cols in parts.items()}


def _agents_of(store: GraphStore, documents: list[str]) -> dict[str, set[str]]:
    values = " ".join(iri(d) for d in documents)
    rows = select(store, f"""SELECT DISTINCT ?agent ?name WHERE {{ VALUES ?doc {{ {values} }}
  GRAPH ?doc {{ ?r pk:agent ?agent }}
  GRAPH ?g {{ {{ ?agent rdfs:label ?name }} UNION {{ ?agent foaf:name ?name }} UNION
             {{ ?agent skos:prefLabel ?name }} }} }}""")
    agents: dict[str, set[str]] = {}
    for row in rows:
        agents.setdefault(row["agent"], set()).add(str(row["name"]))
    return agents
