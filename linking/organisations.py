"""Outside organisations (Caritas, Diakonie, AWO, …) linked to Wikidata and the GND.

A name links only when it points at exactly one row of the tables: a name two rows share
("Schulamt" for every Staatliches Schulamt) links to nothing, and so does a row without ids.
The shipped table comes first; rows of ``$PLANKG_ORGANISATIONS`` with the same label replace
shipped ones, other user rows are added.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from .tables import read_rows, shipped_organisations, split_aliases, user_organisations

log = logging.getLogger(__name__)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
GND = "https://d-nb.info/gnd/"
LINKED_KINDS = {"organization"}  # persons, units and groups are never matched to outside ids


@dataclass(frozen=True)
class Organisation:
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    gnd: str | None = None
    note: str = ""

    @property
    def iris(self) -> list[URIRef]:
        out = []
        if self.wikidata:
            out.append(URIRef(WIKIDATA_ENTITY + self.wikidata))
        if self.gnd:
            out.append(URIRef(GND + self.gnd))
        return out


def name_key(name: str) -> str:
    """Compare names without case, punctuation, spacing or a legal form."""
    text = re.sub(r"\b(e\.\s*v\.|ev|ggmbh|gmbh)\b", " ", name.casefold())
    return re.sub(r"[\W_]+", "", text)


@lru_cache(maxsize=8)
def _load(shipped: Path, user: Path | None) -> tuple[Organisation, ...]:
    rows: dict[str, Organisation] = {}
    for path in (shipped, user):
        if path is None:
            continue
        for row in read_rows(path):
            if not row.get("label"):
                continue
            org = Organisation(row["label"], split_aliases(row.get("aliases", "")),
                               row.get("wikidata") or None, row.get("gnd") or None,
                               row.get("note", ""))
            rows[name_key(org.label)] = org
    return tuple(rows.values())


def organisations() -> tuple[Organisation, ...]:
    return _load(shipped_organisations(), user_organisations())


def reload() -> None:
    """Forget cached tables (after a refresh or a change of $PLANKG_ORGANISATIONS)."""
    _load.cache_clear()


def candidates(name: str, table: tuple[Organisation, ...] | None = None) -> list[Organisation]:
    key = name_key(name)
    return [o for o in (table or organisations())
            if key in {name_key(n) for n in (o.label, *o.aliases)}]


def match_organisation(name: str) -> Organisation | None:
    """The one table row NAME means, or None when none or several rows carry that name."""
    found = candidates(name)
    if len(found) > 1:
        log.debug("%r is ambiguous (%s): not linked", name, ", ".join(o.label for o in found))
        return None
    return found[0] if found else None


def links_for(agent) -> list[URIRef]:
    """owl:sameAs targets for an extracted agent (an ``extractor.model.Agent``)."""
    if getattr(agent, "kind", None) not in LINKED_KINDS:
        return []
    org = match_organisation(agent.label)
    return org.iris if org else []
