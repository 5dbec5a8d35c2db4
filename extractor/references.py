"""Towns and outside organisations the extractor recognises, from reference tables.

The project ships a table of municipalities (official keys, Wikidata, GeoNames) and one
of organisations (Wikidata, GND); a user's tables (paths from the configuration) add
rows, and rows with the same name replace shipped ones. A name links only when it points
at exactly one row: a name two rows share ("Schulamt" for every Staatliches Schulamt)
links to nothing, and so does a row without ids.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from . import name_tables as vocabulary
from . import town_names
from .model import Agent
from .name_tables import Abbreviation
from .naming import slug
from .tables import read_rows, shipped_municipalities, shipped_organisations, split_aliases

log = logging.getLogger(__name__)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
GND = "https://d-nb.info/gnd/"
LINKED_KINDS = {"organization"}  # persons, units and groups are never matched to outside ids


@dataclass(frozen=True)
class Municipality:
    name: str
    ags: str | None = None
    ars: str | None = None
    wikidata: str | None = None
    geonames: str | None = None
    aliases: tuple[str, ...] = ()


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
    """Compare organisation names without case, punctuation, spacing or a legal form."""
    text = re.sub(r"\b(e\.\s*v\.|ev|ggmbh|gmbh)\b", " ", name.casefold())
    return re.sub(r"[\W_]+", "", text)


@dataclass(frozen=True)
class References:
    """The tables in force: the shipped ones plus the user's (None: shipped only)."""

    municipalities_file: Path | None = None
    organisations_file: Path | None = None
    abbreviations_file: Path | None = None  # the town's office abbreviations ("SPA")
    given_names_file: Path | None = None
    # Abbreviations one document explains in its own legend ("Klenko: Koordinierungsstelle
    # …"): they come before the tables, for that document only (see with_legend).
    legend: tuple[Abbreviation, ...] = ()

    def abbreviation(self, token: str) -> Abbreviation | None:
        key = token.strip().casefold()
        for entry in self.legend:
            if entry.abbreviation.casefold() == key:
                return entry
        return vocabulary.abbreviations(self.abbreviations_file).get(key)

    def with_legend(self, legend: tuple[Abbreviation, ...]) -> References:
        """These tables plus one document's own abbreviations."""
        return replace(self, legend=tuple(legend))

    def given_names(self) -> frozenset[str]:
        return vocabulary.given_names(self.given_names_file)

    def organisation_keys(self) -> frozenset[str]:
        """Every name and alias of the organisation tables, compared by :func:`name_key`."""
        return _organisation_keys(self.organisations())

    def municipalities(self) -> tuple[Municipality, ...]:
        return _municipalities(shipped_municipalities(), self.municipalities_file)

    def organisations(self) -> tuple[Organisation, ...]:
        return _organisations(shipped_organisations(), self.organisations_file)

    def find_municipality(self, name: str) -> Municipality | None:
        key = slug(name)
        for m in self.municipalities():
            if key in {slug(m.name), *(slug(a) for a in m.aliases)}:
                return m
        return None

    def recognise_municipality(self, texts: list[str]) -> str | None:
        """The town the texts (file name first) are from: "Stadt X" anywhere, else a bare
        name that is no common word (see :mod:`extractor.town_names`)."""
        return town_names.recognise(
            texts, tuple((m.name, m.aliases) for m in self.municipalities()))

    def organisation_candidates(self, name: str) -> list[Organisation]:
        key = name_key(name)
        return [o for o in self.organisations()
                if key in {name_key(n) for n in (o.label, *o.aliases)}]

    def match_organisation(self, name: str) -> Organisation | None:
        """The one row NAME means, or None when none or several rows carry that name."""
        found = self.organisation_candidates(name)
        if len(found) > 1:
            log.debug("%r is ambiguous (%s): not linked", name,
                      ", ".join(o.label for o in found))
            return None
        return found[0] if found else None

    def links_for(self, agent: Agent) -> list[URIRef]:
        """owl:sameAs targets for an extracted agent."""
        if agent.kind not in LINKED_KINDS:
            return []
        org = self.match_organisation(agent.label)
        return org.iris if org else []


def reload() -> None:
    """Forget the tables read so far (after a refresh changed them on disk)."""
    _municipalities.cache_clear()
    _organisations.cache_clear()
    _organisation_keys.cache_clear()
    vocabulary.reload()


@lru_cache(maxsize=8)
def _organisation_keys(table: tuple[Organisation, ...]) -> frozenset[str]:
    return frozenset(name_key(n) for o in table for n in (o.label, *o.aliases))


@lru_cache(maxsize=8)
def _municipalities(shipped: Path, user: Path | None) -> tuple[Municipality, ...]:
    found: dict[str, Municipality] = {}
    for path in (shipped, user):
        if path is None:
            continue
        for row in read_rows(path):
            if not row.get("name"):
                continue
            m = Municipality(row["name"], row.get("ags") or None, row.get("ars") or None,
                             row.get("wikidata") or None, row.get("geonames") or None,
                             split_aliases(row.get("aliases", "")))
            found[slug(m.name)] = m
    return tuple(found.values())


@lru_cache(maxsize=8)
def _organisations(shipped: Path, user: Path | None) -> tuple[Organisation, ...]:
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
